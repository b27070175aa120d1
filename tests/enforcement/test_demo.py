"""The demo on a stated day (15 June 2026): seed 001's scale, idempotent, and its rates checked
by hand — the compression ratio, the same-day and on-time rates, the timely-disclosure rate."""

import io

import pytest

from fazhi.demo import load_demo as platform_demo
from fazhi.enforcement import selectors
from fazhi.enforcement.demo import demo_year, load_demo
from fazhi.enforcement.figures import enforcement_figures
from fazhi.enforcement.models import (ApprovalCase, ApprovalItem, EnforcementCase, LegalReview, NormativeDocument,
                                      SpecialAction)
from fazhi.enforcement.views import pct

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_demo_year_figures_by_hand(django_user_model):
    platform_demo(stdout=io.StringIO())
    load_demo(stdout=io.StringIO())
    counts = [m.objects.count() for m in (EnforcementCase, ApprovalCase, ApprovalItem, NormativeDocument, LegalReview)]
    load_demo(stdout=io.StringIO())  # idempotent
    assert [m.objects.count() for m in (EnforcementCase, ApprovalCase, ApprovalItem, NormativeDocument, LegalReview)] == counts

    year = demo_year(TODAY)
    assert year == 2026
    office = django_user_model.objects.get(username="office")
    f = enforcement_figures(actor=office, year=year)

    # Seed 001's scale: 163 supervision entries, more than 30 special inspections.
    assert f["cases"]["total"] == 163 and f["cases"]["special_actions"] >= 30
    assert SpecialAction.objects.count() == f["cases"]["special_actions"]

    # 压缩比 by hand: 25 items of 20 statutory working days (500); promised 0 for one, 1 for 24 (24).
    items = list(ApprovalItem.objects.all())
    assert len(items) == 25 and sum(i.statutory_days for i in items) == 500 and sum(i.promised_days for i in items) == 24
    assert f["approvals"]["compression_ratio"] == pytest.approx(1 - 24 / 500)
    assert pct(f["approvals"]["compression_ratio"]) == "95.20%"

    # 即办件率 and 按时办结率 by hand, from the rows themselves.
    rows = list(ApprovalCase.objects.filter(received_on__year=year).select_related("item"))
    completed = [r for r in rows if r.completed_on]
    same_day = [r for r in completed if r.completed_on == r.received_on]
    assert (len(completed), len(same_day)) == (142, 134)
    assert pct(f["approvals"]["same_day_rate"]) == "94.37%" == pct(134 / 142)
    on_time = [r for r in completed if r in same_day or r.working_days <= r.item.promised_days]
    assert f["approvals"]["on_time"] == len(on_time) == 140

    # Timely disclosure by hand: decisions of the year due by today or already disclosed.
    decided = list(EnforcementCase.objects.filter(decided_on__year=year, disclosure_due__isnull=False))
    counted = [c for c in decided if c.disclosed_on or c.disclosure_due < TODAY]
    timely = [c for c in counted if c.disclosed_on and c.disclosed_on <= c.disclosure_due]
    overdue = [c for c in decided if not c.disclosed_on and c.disclosure_due < TODAY]
    assert f["cases"]["disclosure_counted"] == len(counted) and f["cases"]["disclosed_on_time"] == len(timely)
    assert f["cases"]["timely_disclosure_rate"] == pytest.approx(len(timely) / len(counted))
    assert 0 < len(timely) < len(counted)
    assert len(overdue) >= 1 and f["cases"]["overdue"] == len(overdue)

    # A document nearing the end of its five years, and reviews waiting for the reviewer.
    assert selectors.documents_expiring(actor=office).exists()
    reviewer = django_user_model.objects.get(username="reviewer")
    assert selectors.review_inbox(actor=reviewer).count() >= 3
    assert f["cases"]["out_of_range"] >= 1 and f["draws"]["published"] >= 1 and f["powers"]["changes"] >= 1
