"""The overdue ladder on assignments across the National Day holiday of 2026, by the shared rules.

Dates (statutory calendar): due Wednesday 30 September 2026; Friday 25 September is the
Mid-Autumn Festival; 1–7 October is the National Day holiday; Saturday 10 October is a make-up
working day. Default rule: blue 3 working days before,
escalate after 3 working days without progress, reminders at -5, -3, -1, +1, +3, +5 working days.
"""

import datetime as dt

import pytest
import time_machine

from fazhi.campaigns import services
from fazhi.campaigns.models import AssignmentNotice
from fazhi.campaigns.supervision import assignment_supervision_run
from fazhi.notices.choices import NoticeStatus, Tier, Trigger
from fazhi.notices.ladder import run_day
from fazhi.notices.models import LadderRun, Notification
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, PhaseFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def w():
    city = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    office = person_with_role(Role.OFFICE, city, username="office").user
    liaison = person_with_role(Role.LIAISON, county, username="liaison").user
    campaign = CampaignFactory(issuer=city, start_date=D(2026, 1, 1), end_date=D(2026, 12, 31))
    PhaseFactory(campaign=campaign, start=D(2026, 1, 1), end=D(2026, 12, 31))
    task = TaskFactory(campaign=campaign, heading="健全法治工作机构")
    with time_machine.travel(dt.datetime(2026, 9, 21, 9, 0), tick=False):
        (a,), _ = services.assignments_create(actor=office, task=task, units=[county], due_date=D(2026, 9, 30))
    return dict(city=city, county=county, office=office, liaison=liaison, a=a)


@pytest.fixture(autouse=True)
def _deliver_now(monkeypatch):
    """Messages are sent after the write commits; a test's transaction never commits, so send at once."""
    monkeypatch.setattr("fazhi.notices.delivery.transaction.on_commit", lambda func, *args, **kwargs: func())


def _active(a):
    return AssignmentNotice.objects.filter(assignment=a, status=NoticeStatus.ACTIVE).first()


def _reminders(user):
    return sorted(Notification.objects.filter(recipient=user, key__startswith="assignment-remind:")
                  .values_list("key", flat=True))


def test_ladder_across_the_national_day_holiday(w):
    a, liaison, office = w["a"], w["liaison"], w["office"]
    assignment_supervision_run(day=D(2026, 9, 22))  # -5 working days: a reminder, nothing to supervise yet
    assert _active(a) is None
    assignment_supervision_run(day=D(2026, 9, 24))  # 3 working days before (25th is a holiday): blue notice
    blue = _active(a)
    assignment_supervision_run(day=D(2026, 9, 25))  # Mid-Autumn: nothing new
    assert _active(a) == blue
    assert blue.tier == Tier.BLUE and blue.trigger == Trigger.NEAR and blue.addressed_to == w["county"]
    assignment_supervision_run(day=D(2026, 10, 1))  # the day after: red, on a holiday too (overdue is overdue)
    red = _active(a)
    assert red.tier == Tier.RED and red.previous == blue and red.addressed_to == w["county"]
    for day in range(2, 8):  # the holiday: no reminder, no escalation
        assignment_supervision_run(day=D(2026, 10, day))
    assignment_supervision_run(day=D(2026, 10, 9))  # two working days since the red notice: not yet
    assert _active(a) == red
    assignment_supervision_run(day=D(2026, 10, 10))  # the make-up Saturday is the third: up to the city
    up = _active(a)
    assert up.tier == Tier.RED and up.trigger == Trigger.ESCALATED and up.addressed_to == w["city"]
    # Reminders of the days run: -5 (22 Sept), -3 (24 Sept), none in the holidays; +1 is Thursday 8
    # October (not run here) and +3 the make-up Saturday.
    assert _reminders(liaison) == sorted("assignment-remind:%d:20260930:%d" % (a.pk, n) for n in (-5, -3, 3))
    assert Notification.objects.filter(recipient=office, key=f"assignment-notice:{up.pk}").exists()
    # Done: the next run lifts the notice.
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, 0), tick=False):
        report = services.progress_report_submit(actor=liaison, assignment=a, text="已完成", day=D(2026, 10, 12))
        services.progress_report_review(actor=office, report=report, accept=True)
    assignment_supervision_run(day=D(2026, 10, 13))
    assert _active(a) is None
    assert AssignmentNotice.objects.get(pk=up.pk).status == NoticeStatus.RESOLVED


def test_reminder_dates_skip_the_holiday(w):
    a = w["a"]
    sent = {}
    for offset in range(0, 25):
        day = D(2026, 9, 20) + dt.timedelta(days=offset)
        before = set(_reminders(w["liaison"]))
        assignment_supervision_run(day=day)
        assignment_supervision_run(day=day)  # twice a day: still one reminder
        for key in set(_reminders(w["liaison"])) - before:
            sent[int(key.rsplit(":", 1)[1])] = day
    assert sent == {-5: D(2026, 9, 22), -3: D(2026, 9, 24), -1: D(2026, 9, 29),
                    1: D(2026, 10, 8), 3: D(2026, 10, 10), 5: D(2026, 10, 13)}
    assert a.pk


def test_office_is_told_when_a_report_awaits_review(w):
    with time_machine.travel(dt.datetime(2026, 9, 22, 10, 0), tick=False):
        report = services.progress_report_submit(actor=w["liaison"], assignment=w["a"], text="已成立法治工作领导小组",
                                                 progress=60, day=D(2026, 9, 22))
    note = Notification.objects.get(recipient=w["office"], key=f"report:{report.pk}")
    assert "待审核" in note.text and note.link == f"/campaigns/assignments/{w['a'].pk}/"
    services.progress_report_review(actor=w["office"], report=report, accept=False, comment="缺少会议纪要")
    assert Notification.objects.filter(recipient=w["liaison"], key=f"report-returned:{report.pk}").exists()


def test_daily_run_runs_once_and_the_badge_counts(client, w):
    assert run_day(D(2026, 10, 1))["campaigns"]["raised"] == 1
    assert run_day(D(2026, 10, 1)) is None  # another worker, same day: nothing
    assert LadderRun.objects.filter(day=D(2026, 10, 1)).count() == 1
    client.force_login(w["liaison"])
    page = client.get("/notices/").content.decode()
    assert "红色督办" in page
    unread = Notification.objects.filter(recipient=w["liaison"], read_at__isnull=True).count()
    assert f'text-bg-danger">{unread}</span>' in client.get("/campaigns/mine/").content.decode()
    client.post("/notices/")
    assert 'text-bg-danger' not in client.get("/campaigns/mine/").content.decode()


def test_assignments_follow_the_ladder_settings_the_office_set(w):
    """One settings record for every supervised record: the office's rule (kept by the shared
    ladder, notices.LadderSettings) also decides when an assignment gets its blue notice."""
    from fazhi.notices.models import LadderSettings

    # On 22 September the due date is more than the default 3 working days away: nothing yet.
    assignment_supervision_run(day=D(2026, 9, 22))
    assert _active(w["a"]) is None
    rule = LadderSettings.current()
    rule.blue_days = 8
    rule.save()
    assignment_supervision_run(day=D(2026, 9, 22))
    assert _active(w["a"]).tier == Tier.BLUE


def test_assignment_messages_go_by_email_when_the_ladder_settings_say_so(w, settings, mailoutbox):
    """The settings' 同时发送电子邮件 is the ladder's, so assignments follow it as problems do."""
    from fazhi.notices.models import LadderSettings

    settings.EMAIL_HOST = "localhost"
    w["liaison"].email = "liaison@example.org"
    w["liaison"].save(update_fields=["email"])
    LadderSettings.objects.all().delete()
    LadderSettings.objects.create(blue_days=3, yellow_stale_days=10, escalate_days=3, reminder_ladder=[-5], send_email=False)
    assignment_supervision_run(day=D(2026, 9, 22))  # -5 working days: a reminder, in the inbox only
    assert len(_reminders(w["liaison"])) == 1 and mailoutbox == []
    LadderSettings.objects.update(send_email=True)
    assignment_supervision_run(day=D(2026, 9, 24))  # blue notice, 3 working days before
    assert _active(w["a"]).tier == Tier.BLUE
    assert [m.to for m in mailoutbox] == [["liaison@example.org"]]
