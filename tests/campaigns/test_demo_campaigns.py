"""The demo shows four campaigns, three of them imported through the importer from their seeds."""

import datetime as dt
import io

import pytest

from fazhi.campaigns.choices import AssignmentStatus, CampaignStatus
from fazhi.campaigns.models import Assignment, Campaign, ProgressReport
from fazhi.assessment.choices import NominationStatus, RoundStatus
from fazhi.assessment.models import AssessmentRound
from fazhi.intake.models import Meeting

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def test_four_campaigns_with_their_statuses_and_dates_consistent_with_today(demo):
    """On the run's shared demo, loaded on TODAY (tests/conftest.py); loading it again adds nothing."""
    from fazhi.demo import load_all

    campaigns = {c.title: c for c in Campaign.objects.filter(parent__isnull=True)}
    assert len(campaigns) == 4
    statuses = sorted((c.status, c.title) for c in campaigns.values())
    assert [s for s, _t in statuses] == ["active", "active", "active", "closed"]
    xz = next(c for t, c in campaigns.items() if "徐州" in t)
    assert xz.status == CampaignStatus.CLOSED and xz.end_date < TODAY
    assert Assignment.objects.filter(task__campaign=xz, status=AssignmentStatus.DONE).count() == 30
    assert not Assignment.objects.filter(task__campaign=xz).exclude(status=AssignmentStatus.DONE).exists()
    xiao = next(c for t, c in campaigns.items() if "效能" in t)
    assert Meeting.objects.filter(campaign=xiao).count() == 5
    assert all(m.starts_at.date() <= TODAY for m in Meeting.objects.filter(campaign=xiao))
    assert xiao.rules.count() >= 0 and xiao.start_date <= min(m.starts_at.date() for m in Meeting.objects.filter(campaign=xiao))
    # No work reported in a phase that had not opened.
    for report in ProgressReport.objects.select_related("assignment__task__campaign"):
        phases = report.assignment.task.campaign.phases.all()
        assert any(p.start <= report.submitted_at.date() <= p.end for p in phases) or report.assignment.task.campaign == xz
    for c in campaigns.values():
        assert all(p.start <= p.end for p in c.phases.all())
    # 000 selected its 先进单位 once a year, each round published on a day inside the campaign.
    rounds = list(AssessmentRound.objects.filter(campaign=xz).order_by("circular_date"))
    assert [r.circular_date.year for r in rounds] == sorted({r.circular_date.year for r in rounds}) and len(rounds) == 3
    for r in rounds:
        assert r.status == RoundStatus.PUBLISHED and xz.start_date <= r.circular_date <= xz.end_date
        assert r.nominations.filter(status=NominationStatus.SELECTED).exists()
    xz.refresh_from_db()
    assert xz.status == CampaignStatus.CLOSED and xz.closed_at.date() == xz.end_date + dt.timedelta(days=1)
    # Counties' own plans linked to the city's 规范年, with their 示范点名单, one of them late, one missing.
    city = next(c for t, c in campaigns.items() if t == "卫生计生法治建设规范年")
    due = city.milestones.get(what__contains="示范点名单").date
    linked = list(Campaign.objects.filter(parent=city).prefetch_related("demo_sites"))
    assert len(linked) == 4
    first_listed = sorted(min((s.listed_on for s in c.demo_sites.all()), default=None) or dt.date.max for c in linked)
    assert first_listed[0] <= due < first_listed[2] and first_listed[3] == dt.date.max
    assert all(s.listed_on <= TODAY for c in linked for s in c.demo_sites.all())
    again = Campaign.objects.count()
    load_all(stdout=io.StringIO(), today=TODAY)
    assert Campaign.objects.count() == again
