"""The demo holds seed 001's figures; computed by learning_figures and checked by hand here.

By hand, from the demo's groups (fazhi.learning.demo._groups) and the platform demo's accounts:
- people created: 7 offices × 3 civil servants = 21; 6 counties × (8 civil servants + 7
  enforcement + 20 + 6 medical) = 246; direct units 30 + 8 + 12 + 3 × 5 = 65 medical or
  enforcement; 1 staff member → 333, plus 18 platform people (accounts, liaisons and the office's second member) = 351 people.
- enforcement staff: 6 × 7 + 12 = 54, all at the enforcement training → coverage 100%;
  all sat the enforcement exam (one failed, then passed the make-up) → pass rate 100%.
- trainings: 4 (two 培训班, one 专题讲座, one 上岗前法治培训); people trained: every civil
  servant (training 1), every enforcement officer (training 2) and every medical worker
  (lecture 3): 351.
- outreach: 142 events (140余场), 3,080 participants (3000多人次), 20,350 leaflets + 36
  booklet lots of 20 + 15 poster lots of 5 = 21,145 materials (2万余份).
- 沁水县: its bureau's 8 + 1 liaison civil servants have 6 law hours of 32 → 18.75% < 20%;
  the county's subtree: law 9×6 + 7×8 + 26×3 = 188 of 9×32 + 7×34 + 26×29 = 1280 → 14.7%.
- 任前考法: 3 candidates, 1 failed → pass rate 66.7%.
"""

from __future__ import annotations

import io

import pytest

from fazhi.demo import load_demo as platform_demo
from fazhi.learning.demo import load_demo
from fazhi.learning.models import Exam, OutreachEvent, StudySession
from fazhi.learning.selectors import learning_figures
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def _load():
    platform_demo(stdout=io.StringIO())
    first = load_demo(stdout=io.StringIO())
    counts = (StudySession.objects.count(), Exam.objects.count(), OutreachEvent.objects.count())
    second = load_demo(stdout=io.StringIO())
    assert counts == (StudySession.objects.count(), Exam.objects.count(), OutreachEvent.objects.count())
    office = get_user_model().objects.get(username="office")
    year = StudySession.objects.order_by("date").first().date.year
    assert StudySession.objects.order_by("-date").first().date.year == year  # one year holds everything
    return first, second, learning_figures(actor=office, year=year)


def test_demo_holds_seed_001_figures_one_unit_below_the_share_one_exam_failed_and_is_idempotent():
    first, second, figures = _load()
    assert first["events"] == 142 and second == {"sessions": 0, "exams": 0, "events": 0}
    t = figures.totals
    assert t.trainings == 4
    assert t.people_trained == 351 and t.people_trained >= 300
    assert (t.enforcement_staff, t.enforcement_trained, t.enforcement_coverage) == (54, 54, 100.0)
    enforcement_exam = next(e for e in figures.exams if e["kind"] == "enforcement")
    assert (enforcement_exam["candidates"], enforcement_exam["takers"], enforcement_exam["passed"]) == (54, 54, 54)
    assert enforcement_exam["pass_rate"] == 100.0 and enforcement_exam["coverage"] == 100.0
    assert (t.outreach_events, t.outreach_participants) == (142, 3080)
    assert t.materials == {"leaflet": 20350, "booklet": 720, "poster": 75, "gift": 0, "other": 0}
    assert t.materials_total == 21145

    qinshui = next(u for u in figures.per_unit if u.unit_name == "沁水县卫生计生局")
    assert qinshui.people_below_share == 9
    assert qinshui.law_share == 14.7
    others = [u for u in figures.per_unit if u.unit_name.endswith("卫生计生局") and u is not qinshui]
    assert others and all(u.people_below_share == 0 for u in others)
    pre = next(e for e in figures.exams if e["kind"] == "pre_appointment")
    assert (pre["candidates"], pre["passed"], pre["pass_rate"]) == (3, 2, 66.7)
