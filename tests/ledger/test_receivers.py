"""The inspection shortfall hook of the assessment app lands in the problem ledger."""

import pytest

from fazhi.assessment.signals import raise_problem_hook
from fazhi.ledger.choices import ProblemSource
from fazhi.ledger.models import Problem

pytestmark = pytest.mark.django_db


def test_shortfall_found_in_inspection_becomes_one_problem_of_the_assessed_unit(monkeypatch):
    from types import SimpleNamespace

    from fazhi.org.choices import Role, UnitKind
    from tests.factories import UnitFactory, person_with_role

    city = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    window = UnitFactory(name="政务窗口", kind=UnitKind.WINDOW, parent=city)
    office = person_with_role(Role.OFFICE, city).user
    assessment = SimpleNamespace(pk=7, unit=window)
    item = SimpleNamespace(pk=3)
    first = raise_problem_hook(actor=office, assessment=assessment, item=item, description="未公示办事指南")
    again = raise_problem_hook(actor=office, assessment=assessment, item=item, description="未公示办事指南")
    assert len(first) == 1 and first[0].pk == again[0].pk
    problem = Problem.objects.get()
    assert problem.unit == window and problem.source == ProblemSource.INSPECTION
    assert problem.source_id == "7:3" and problem.description == "未公示办事指南"
