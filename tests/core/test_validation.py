"""full_clean asks the database about a foreign key only when the related row is not known to
exist (fazhi.core.validation)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _queries_of_clean(unit: Unit) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        unit.full_clean(exclude=["path"])
    return [q["sql"] for q in queries]


def _lookups_of(parent: Unit, sqls: list[str]) -> list[str]:
    """The queries that look the parent up by its id (the existence check)."""
    return [s for s in sqls if 'FROM "org_unit"' in s and f'"org_unit"."id" = {parent.pk}' in s]


def test_a_parent_read_from_the_database_is_not_looked_up_again():
    parent = Unit.objects.get(pk=UnitFactory(name="晋城市卫生健康委员会", kind=UnitKind.ADMIN_DEPT).pk)
    child = Unit(name="城区人民医院", kind=UnitKind.INSTITUTION, parent=parent)
    assert _lookups_of(parent, _queries_of_clean(child)) == []


def test_a_parent_given_by_id_is_looked_up_and_a_missing_one_refused():
    parent = UnitFactory(name="晋城市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    child = Unit(name="城区人民医院", kind=UnitKind.INSTITUTION, parent_id=parent.pk)
    assert len(_lookups_of(parent, _queries_of_clean(child))) == 1
    orphan = Unit(name="城区人民医院", kind=UnitKind.INSTITUTION, parent_id=parent.pk + 1000)
    with pytest.raises(ValidationError) as refused:
        orphan.full_clean(exclude=["path"])
    assert "parent" in refused.value.message_dict


def test_an_unsaved_parent_is_refused_as_before():
    unsaved = Unit(name="未保存的单位", kind=UnitKind.ADMIN_DEPT, pk=987654)
    child = Unit(name="城区人民医院", kind=UnitKind.INSTITUTION, parent=unsaved)
    with pytest.raises(ValidationError) as refused:
        child.full_clean(exclude=["path"])
    assert "parent" in refused.value.message_dict

