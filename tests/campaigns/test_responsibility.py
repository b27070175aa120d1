"""责任人 on assignments, 第一责任人 on units, lists by person and the "我负责的工作" page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import AuditEntry
from fazhi.campaigns import services
from fazhi.org import messages as om
from fazhi.org.choices import Role, UnitKind
from fazhi.org.services import unit_set_head
from tests.factories import CampaignFactory, PersonFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    city = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    hospital = UnitFactory(name="泽州县人民医院", parent=county)
    office = person_with_role(Role.OFFICE, city).user
    liaison = person_with_role(Role.LIAISON, county, username="zz-liaison")
    campaign = CampaignFactory(issuer=city, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31))
    t1 = TaskFactory(campaign=campaign, heading="健全法治工作机构")
    t2 = TaskFactory(campaign=campaign, heading="聘任法律顾问")
    (a1,), _ = services.assignments_create(actor=office, task=t1, units=[county], due_date=dt.date(2026, 6, 30))
    (a2,), _ = services.assignments_create(actor=office, task=t2, units=[county], due_date=dt.date(2026, 6, 30))
    (a3,), _ = services.assignments_create(actor=office, task=t1, units=[hospital], due_date=dt.date(2026, 6, 30))
    return dict(city=city, county=county, hospital=hospital, office=office, liaison=liaison, a1=a1, a2=a2, a3=a3)


def test_unit_head_is_a_person_of_the_unit(w):
    chief = PersonFactory(unit=w["county"], name="赵局长")
    outsider = PersonFactory(unit=w["hospital"], name="钱院长")
    with pytest.raises(ValidationError) as err:
        unit_set_head(actor=w["office"], unit=w["county"], person=outsider)
    assert str(om.HEAD_OTHER_UNIT).format(person="钱院长", unit="泽州县卫健局") in str(err.value)
    with pytest.raises(PermissionDenied):
        unit_set_head(actor=w["liaison"].user, unit=w["county"], person=chief)
    unit_set_head(actor=w["office"], unit=w["county"], person=chief)
    w["county"].refresh_from_db()
    assert w["county"].head == chief
    row = AuditEntry.objects.filter(action="unit.set_head").get()
    assert row.before["head_id"] is None and row.after["head_id"] == chief.pk


def test_my_work_and_list_by_person(client, w):
    chief = person_with_role(Role.LEADER, w["county"], username="zz-chief")
    unit_set_head(actor=w["office"], unit=w["county"], person=chief)
    services.assignment_update(actor=w["liaison"].user, assignment=w["a2"], responsible=w["liaison"])
    client.force_login(w["liaison"].user)
    page = client.get("/campaigns/mine/").content.decode()
    assert "聘任法律顾问" in page and "健全法治工作机构" not in page
    client.force_login(chief.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/campaigns/mine/")
    page = response.content.decode()
    # The number of rows is the sum of the colour counts the page makes anyway, not a COUNT of its own.
    assert response.context["page"].paginator.count == sum(response.context["counts"].values()) == 1
    assert not [q for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "campaigns_assignment"')]
    # The head answers for the unit's assignments with no one named, not for the hospital's.
    assert "健全法治工作机构" in page and "聘任法律顾问" not in page and "泽州县人民医院" not in page
    client.force_login(w["office"])
    page = client.get(f"/campaigns/assignments/?person={w['liaison'].pk}").content.decode()
    assert "聘任法律顾问" in page and "健全法治工作机构" not in page
    rows = client.get(f"/api/assignments/?person={chief.pk}").json()["results"]
    assert [r["id"] for r in rows] == [w["a1"].pk]
    response = client.post(f"/campaigns/units/{w['county'].pk}/head/", {"head": ""})
    assert response.status_code == 302
    w["county"].refresh_from_db()
    assert w["county"].head is None


def test_liaison_sets_the_responsible_person_on_the_page(client, w):
    client.force_login(w["liaison"].user)
    response = client.post(f"/campaigns/assignments/{w['a1'].pk}/edit/", {"responsible": w["liaison"].pk})
    assert response.status_code == 302
    w["a1"].refresh_from_db()
    assert w["a1"].responsible == w["liaison"]
    stranger = PersonFactory(unit=w["hospital"])
    response = client.post(f"/campaigns/assignments/{w['a1'].pk}/edit/", {"responsible": stranger.pk})
    assert response.status_code == 400  # not offered: not a person of the unit
    w["a1"].refresh_from_db()
    assert w["a1"].responsible == w["liaison"]


def test_an_account_without_a_person_sees_an_empty_list_not_an_error(client, w, django_user_model):
    admin = django_user_model.objects.create_superuser("zz-admin", password="x")
    client.force_login(admin)
    response = client.get("/campaigns/mine/")
    assert response.status_code == 200
    assert all(n == 0 for n in response.context["counts"].values()) and not response.context["page"].object_list
