"""Each role's workbench shows that role's work; a page a role does not use answers 403 with
a Chinese page that says why, not an empty list."""

import pytest
from django.urls import reverse

from fazhi.ledger import services as ledger
from fazhi.ledger.services import categories_ensure
from fazhi.org.choices import Role, UnitKind
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    categories_ensure()
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    campaign = CampaignFactory(issuer=city, title="法治建设规范年", status="active")
    AssignmentFactory(task=TaskFactory(campaign=campaign, label="（一）", heading="制定重大行政决策程序规定"), unit=county)
    users = {role: person_with_role(role, county if role == Role.LIAISON else city, role).user for role in Role.values}
    ledger.problem_create(actor=users[Role.OFFICE], unit=county, description="窗口人员态度生硬。", category="行风")
    return users


PANELS = {
    Role.OFFICE: ["reports", "ledger_verify", "overdue", "rounds", "intake_late"],
    Role.LEADER: ["ledger_overdue", "overdue", "intake_late", "rounds"],
    Role.LIAISON: ["my_tasks", "ledger_mine", "self_assess"],
    Role.INSPECTOR: ["to_score", "ledger_notices", "campaigns"],
    Role.REVIEWER: ["legal_review", "campaigns"],
    Role.INTAKE: ["intake_new", "intake_late"],
}


@pytest.mark.parametrize("role", Role.values)
def test_each_role_sees_its_own_work(client, people, role):
    client.force_login(people[role])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    sections = response.context["sections"]
    assert [s["role"] for s in sections] == [role]
    keys = [p.key for p in sections[0]["panels"]]
    assert set(PANELS[role]) <= set(keys), keys
    others = set().union(*(set(v) for r, v in PANELS.items() if r != role)) - set(PANELS[role])
    assert not others & set(keys), others & set(keys)
    overview = role in (Role.OFFICE, Role.LEADER)
    assert ('id="home-chart"' in response.content.decode()) == overview


def test_liaison_sees_its_units_problem_and_task(client, people):
    client.force_login(people[Role.LIAISON])
    html = client.get(reverse("home")).content.decode()
    assert "窗口人员态度生硬。" in html and "制定重大行政决策程序规定" in html


FORBIDDEN = {  # page → roles that must get 403
    "org:people": [Role.LEADER, Role.LIAISON, Role.INSPECTOR, Role.REVIEWER, Role.INTAKE],
    "audit:list": [Role.LEADER, Role.LIAISON, Role.INSPECTOR, Role.REVIEWER, Role.INTAKE],
    "intake:inbox": [Role.LIAISON, Role.INSPECTOR, Role.REVIEWER],
    "ledger:list": [Role.REVIEWER],
    "campaigns:assignments": [Role.REVIEWER, Role.INTAKE],
    "assessment:rounds": [Role.REVIEWER, Role.INTAKE],
}


@pytest.mark.parametrize("page", FORBIDDEN)
def test_pages_a_role_does_not_use_answer_403_in_chinese(client, people, page):
    for role in Role.values:
        client.force_login(people[role])
        response = client.get(reverse(page))
        if role in FORBIDDEN[page]:
            html = response.content.decode()
            assert response.status_code == 403, (page, role)
            assert "无权访问" in html and "收件箱是空的" not in html
            # the menu hides what the page refuses
            assert f'href="{reverse(page)}"' not in html.split("<main")[0]
        else:
            assert response.status_code == 200, (page, role)



@pytest.mark.today("2030-03-01")
def test_a_year_without_its_holiday_arrangement_counts_weekends_and_warns_the_office(client):
    """Neither the office's table nor the bundled calendar knows 2030: deadlines are counted on
    weekends only, and the office's home says that this year's arrangement is missing even
    before any deadline falls in it (an office with nothing to count yet)."""
    import datetime as dt

    from fazhi.core.choices import DayKind
    from fazhi.core.models import StatutoryDay
    from fazhi.core.workdays import add_working_days

    assert add_working_days(dt.date(2030, 3, 1), 1) == dt.date(2030, 3, 4)  # Friday to Monday
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    office = person_with_role(Role.OFFICE, city, "office").user
    warning = "2030 年的法定节假日安排尚未录入"
    client.force_login(office)
    response = client.get(reverse("home"))
    assert response.status_code == 200 and warning in response.content.decode()
    StatutoryDay.objects.create(date=dt.date(2030, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    response = client.get(reverse("home"))
    assert response.status_code == 200 and warning not in response.content.decode()


def test_the_office_counts_follow_every_write_and_the_date(client, people, clock):
    """The workbench's counts come from the roll-up cache: each must still be the count of the list
    its "全部 N 项" opens, after a service write, a plain save, and the next day."""
    import datetime as dt

    from django.utils import timezone

    from fazhi.campaigns import selectors, services
    from fazhi.campaigns.models import Assignment
    from fazhi.core.workdays import WorkCalendar
    from fazhi.intake import selectors as intake
    from fazhi.intake import services as portal
    from fazhi.intake.choices import SubmissionKind
    from fazhi.ledger.choices import ProblemStatus
    from fazhi.ledger.models import Problem

    office = people[Role.OFFICE]
    client.force_login(office)

    def counts():
        sections = client.get(reverse("home")).context["sections"]
        return {p.key: p.count for s in sections for p in s["panels"]}

    def truth():
        cal = WorkCalendar()
        return {"overdue": selectors.assignment_list(actor=office, cal=cal, filters={"colour": "red"}).count(),
                "reports": selectors.reports_awaiting_review(actor=office).count(),
                "ledger_verify": Problem.objects.filter(status=ProblemStatus.REPORTED).count(),
                "intake_late": intake.submission_list(actor=office, filters={"colour": "red"}, cal=cal).count()}

    def shown(c):
        return {k: c.get(k) for k in ("overdue", "reports", "ledger_verify", "intake_late")}

    before = counts()
    assert shown(before) == truth() and "ledger_close" not in before
    county = Assignment.objects.get().unit
    late = AssignmentFactory(task=TaskFactory(campaign=Assignment.objects.get().task.campaign), unit=county,
                             due_date=dt.date(2026, 11, 2))
    services.progress_report_submit(actor=person_with_role(Role.LIAISON, county).user,
                                    assignment=Assignment.objects.exclude(pk=late.pk).get(), text="已完成")
    portal.submission_submit(kind=SubmissionKind.COMPLAINT, text="窗口拖延办理。", unit=county,
                             received_at=timezone.now() - dt.timedelta(days=60))
    problem = Problem.objects.get()
    problem.status = ProblemStatus.REPORTED
    problem.save(update_fields=["status"])
    after = counts()
    assert shown(after) == truth() == dict(shown(before), overdue=before["overdue"] + 1, reports=before["reports"] + 1,
                                           ledger_verify=before["ledger_verify"] + 1,
                                           intake_late=before["intake_late"] + 1)
    problem.status = ProblemStatus.ACCEPTED
    problem.save(update_fields=["status"])
    closing = counts()
    assert closing["ledger_close"] == 1 and closing["ledger_verify"] == before["ledger_verify"]
    # A month later, with no write: the work still open is overdue, and its count says so.
    clock.move_to(dt.datetime(2027, 1, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    client.force_login(office)
    later = counts()
    assert shown(later) == truth() and later["overdue"] > after["overdue"]


def test_the_panels_are_built_once_per_person_and_language_until_a_write(client, people):
    """The workbench's panels come from the roll-up cache: a second visit reads them from it, in
    the visitor's language, never another person's; a write builds them again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def panels(user, language="zh-hans"):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        titles = [(p.key, p.title, [i.text for i in p.items]) for s in response.context["sections"] for p in s["panels"]]
        return titles, len(queries)

    office, liaison = people[Role.OFFICE], people[Role.LIAISON]
    first, built = panels(office)
    again, read = panels(office)
    assert again == first and read <= built - 10  # 19 queries, then 7 (13 with each count cached alone)
    assert panels(liaison)[0] != first  # another person's panels, not the office's
    english = panels(office, "en")[0]
    assert [k for k, _t, _i in english] == [k for k, _t, _i in first] and english != first
    from fazhi.campaigns import services
    from fazhi.campaigns.models import Assignment

    services.progress_report_submit(actor=liaison, assignment=Assignment.objects.get(), text="已制定方案")
    after, rebuilt = panels(office)
    # Built again (more than the cached read), though not from nothing: the roll-ups of the branches
    # the report does not lie in are still cached (fazhi.org.branches).
    assert read < rebuilt <= built and dict((k, i) for k, _t, i in after)["reports"] == ["（一）制定重大行政决策程序规定"]
