import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEntry
from fazhi.campaigns import messages as m
from fazhi.campaigns import services
from fazhi.campaigns.choices import AssignmentStatus, ReportStatus
from fazhi.campaigns.models import Assignment, Campaign, Evidence
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, PhaseFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world():
    city = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = UnitFactory(name="高平市卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    hospital = UnitFactory(name="泽州县人民医院", parent=county)
    office = person_with_role(Role.OFFICE, city).user
    liaison = person_with_role(Role.LIAISON, county).user
    campaign = CampaignFactory(issuer=city)
    PhaseFactory(campaign=campaign)
    task = TaskFactory(campaign=campaign)
    return dict(city=city, county=county, other=other, hospital=hospital, office=office, liaison=liaison, campaign=campaign, task=task)


def test_bulk_assignment_by_kind_under_county_skips_existing(world):
    units = services.units_for_assignment(under=world["county"], kinds=[UnitKind.INSTITUTION])
    assert units == [world["hospital"]]
    created, skipped = services.assignments_create(actor=world["office"], task=world["task"], units=units)
    assert len(created) == 1 and skipped == 0
    created, skipped = services.assignments_create(actor=world["office"], task=world["task"], units=units)
    assert created == [] and skipped == 1
    assert Assignment.objects.count() == 1


def test_due_date_outside_campaign_is_refused_and_nothing_written(world):
    with pytest.raises(ValidationError) as err:
        services.assignments_create(actor=world["office"], task=world["task"], units=[world["hospital"]],
                                    due_date=dt.date(2030, 1, 1))
    assert "2030年1月1日" in str(err.value)
    assert Assignment.objects.count() == 0


def test_liaison_cannot_assign_and_office_of_county_cannot_assign_to_other_county(world):
    with pytest.raises(PermissionDenied):
        services.assignments_create(actor=world["liaison"], task=world["task"], units=[world["hospital"]])
    county_office = person_with_role(Role.OFFICE, world["county"]).user
    with pytest.raises(PermissionDenied):
        services.assignments_create(actor=county_office, task=world["task"], units=[world["other"]])
    assert Assignment.objects.count() == 0


def test_report_return_report_accept_chain(world):
    (assignment,), _ = services.assignments_create(actor=world["office"], task=world["task"], units=[world["county"]])
    report = services.progress_report_submit(actor=world["liaison"], assignment=assignment, text="已制定方案",
                                             files=[SimpleUploadedFile("方案.png", PNG)])
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PENDING_REVIEW
    assert Evidence.objects.get(report=report).mime == "image/png"
    with pytest.raises(ValidationError) as err:
        services.progress_report_review(actor=world["office"], report=report, accept=False)
    assert str(m.RETURN_REASON_REQUIRED) in str(err.value)
    services.progress_report_review(actor=world["office"], report=report, accept=False, comment="缺少会议纪要")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RETURNED
    second = services.progress_report_submit(actor=world["liaison"], assignment=assignment, text="补充会议纪要", progress=100)
    services.progress_report_review(actor=world["office"], report=second, accept=True)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE and assignment.progress == 100
    second.refresh_from_db()
    assert second.status == ReportStatus.ACCEPTED
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions.count("progress_report.submit") == 2 and "progress_report.return" in actions


def test_upload_of_wrong_type_is_refused_and_nothing_written(world):
    (assignment,), _ = services.assignments_create(actor=world["office"], task=world["task"], units=[world["county"]])
    with pytest.raises(ValidationError) as err:
        services.progress_report_submit(actor=world["liaison"], assignment=assignment, text="x",
                                        files=[SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is an exe")])
    assert "类型" in str(err.value)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.NOT_STARTED
    assert not assignment.reports.exists()


def test_progress_report_outside_its_phase_names_the_phase(world):
    campaign = world["campaign"]
    campaign.phases.all().delete()
    PhaseFactory(campaign=campaign, name="组织实施阶段", start=dt.date(2026, 5, 16), end=dt.date(2026, 10, 31))
    (assignment,), _ = services.assignments_create(actor=world["office"], task=world["task"], units=[world["county"]])
    with pytest.raises(ValidationError) as err:
        services.progress_report_submit(actor=world["liaison"], assignment=assignment, text="x", day=dt.date(2026, 11, 20))
    assert "组织实施阶段（2026年5月16日 至 2026年10月31日）" in str(err.value)


def test_each_unit_is_checked_not_only_the_campaign(world):
    """The county's office runs a campaign of its own: it may assign to its hospital, not to the
    sibling county; one unit out of scope refuses the whole call and nothing is written."""
    county_office = person_with_role(Role.OFFICE, world["county"]).user
    campaign = CampaignFactory(issuer=world["county"])
    PhaseFactory(campaign=campaign)
    task = TaskFactory(campaign=campaign)
    with pytest.raises(ValidationError) as err:
        services.assignments_create(actor=county_office, task=task, units=[world["hospital"], world["other"]])
    assert str(m.UNIT_OUT_OF_SCOPE).format(unit=world["other"].name) in err.value.messages
    assert not Assignment.objects.exists() and not AuditEntry.objects.filter(action="assignment.create").exists()
    (made,), _skipped = services.assignments_create(actor=county_office, task=task, units=[world["hospital"]])
    assert Assignment.objects.get().pk == made.pk


def test_campaign_update_saves_only_for_the_office_and_is_audited(world):
    campaign = world["campaign"]
    with pytest.raises(PermissionDenied):
        services.campaign_update(actor=world["liaison"], campaign=campaign, title="联络员改的标题")
    campaign.refresh_from_db()
    assert campaign.title != "联络员改的标题" and not AuditEntry.objects.filter(action="campaign.update").exists()
    old = campaign.title
    services.campaign_update(actor=world["office"], campaign=campaign, title="2026年法治建设规范年")
    assert Campaign.objects.get(pk=campaign.pk).title == "2026年法治建设规范年"
    entry = AuditEntry.objects.get(action="campaign.update")
    assert entry.actor == world["office"] and entry.object_id == str(campaign.pk)
    assert entry.before["title"] == old and entry.after["title"] == "2026年法治建设规范年"


@pytest.mark.today("2026-12-04")  # a Friday
def test_due_today_is_amber_not_red_and_yesterday_is_red(world):
    from fazhi.campaigns.choices import Colour
    from fazhi.campaigns.colours import colour_of, with_colour

    today, yesterday = dt.date(2026, 12, 4), dt.date(2026, 12, 3)
    tasks = [TaskFactory(campaign=world["campaign"]) for _ in range(4)]
    # Three working days on from Friday 4 December is Wednesday the 9th; Thursday is green.
    due = {"today": today, "yesterday": yesterday, "wednesday": dt.date(2026, 12, 9), "thursday": dt.date(2026, 12, 10)}
    made = {name: Assignment.objects.create(task=t, unit=world["hospital"], due_date=d) for (name, d), t in zip(due.items(), tasks)}
    expected = {"today": Colour.AMBER, "yesterday": Colour.RED, "wednesday": Colour.AMBER, "thursday": Colour.GREEN}
    assert {name: colour_of(a) for name, a in made.items()} == expected
    annotated = dict(with_colour(Assignment.objects.all()).values_list("pk", "colour"))
    assert {name: annotated[a.pk] for name, a in made.items()} == expected
