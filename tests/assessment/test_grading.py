"""Graded management (分类分级管理): publishing a round writes each unit's grade into the
register, with an audit row; publishing again duplicates nothing; a later round moves the
current grade and keeps the earlier one as history; the unit page shows the register and
every unit list filters by current grade."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.assessment import services
from fazhi.assessment.choices import AssessmentKind, RoundStatus
from fazhi.assessment.models import AssessmentRound, UnitGrade
from fazhi.assessment.services import StageData
from fazhi.audit.models import AuditEntry

from .conftest import assessment, full_marks

pytestmark = pytest.mark.django_db


def _publish(w, rnd=None):
    rnd = rnd or w.round
    services.round_close(actor=w.office, rnd=rnd)
    return services.round_publish(actor=w.office, rnd=rnd)


def _scored(w):
    """Window 0: full marks (A 优秀); window 1: 85 (B 良好); window 2: vetoed (C); window 3: 70 (C); others unscored."""
    s = services.item_scores_save
    s(actor=w.inspector, assessment=assessment(w, 1, w.windows[0]), entries=full_marks(w))
    s(actor=w.inspector, assessment=assessment(w, 1, w.windows[1]), entries=full_marks(w, 宣传栏={"points": "35", "reason": "缺"}))
    s(actor=w.inspector, assessment=assessment(w, 1, w.windows[2]), entries=full_marks(w, 红包={"vetoed": True, "reason": "查实"}))
    s(actor=w.inspector, assessment=assessment(w, 1, w.windows[3]), entries=full_marks(w, 宣传栏={"points": "20", "reason": "缺"}))


def test_publishing_writes_the_register_with_an_audit_row(world):
    w = world
    _scored(w)
    # the city's 复评 (the later stage) decides for window 0 when it has scores
    services.item_scores_save(actor=w.inspector, assessment=assessment(w, 2, w.windows[0]),
                              entries=full_marks(w, 宣传栏={"points": "35", "reason": "缺"}))
    services.round_close(actor=w.office, rnd=w.round)
    assert not UnitGrade.objects.exists()  # closing is not publishing
    _publish_only = services.round_publish(actor=w.office, rnd=w.round)
    rows = {g.unit: g for g in UnitGrade.objects.all()}
    assert {u.name: (g.grade, g.label, g.is_current) for u, g in rows.items()} == {
        w.windows[0].name: ("B", "良好", True), w.windows[1].name: ("B", "良好", True),
        w.windows[2].name: ("C", "限期整改", True), w.windows[3].name: ("C", "限期整改", True)}
    assert rows[w.windows[2]].vetoed and str(rows[w.windows[3]].total) == "70.0"
    assert {g.graded_on.isoformat() for g in rows.values()} == {"2026-12-02"}
    assert AuditEntry.objects.filter(action="unit_grade.register").count() == 4
    assert _publish_only.status == RoundStatus.PUBLISHED


def test_publishing_again_duplicates_nothing(world):
    w = world
    _scored(w)
    _publish(w)
    audits = AuditEntry.objects.filter(action="unit_grade.register").count()
    AssessmentRound.objects.filter(pk=w.round.pk).update(status=RoundStatus.CLOSED)  # as if reopened for a correction
    services.round_publish(actor=w.office, rnd=w.round)
    assert UnitGrade.objects.count() == 4
    assert AuditEntry.objects.filter(action="unit_grade.register").count() == audits


def _second_round(w):
    rnd = services.round_create(actor=w.office, campaign=w.campaign, rubric=w.rubric, title="复查", scope=w.city,
                                stages=[StageData("复查", AssessmentKind.INSPECTION)])
    services.round_open(actor=w.office, rnd=rnd)
    return rnd


def test_a_later_round_moves_the_current_grade_and_keeps_the_history(world):
    w = world
    _scored(w)
    _publish(w)
    rnd = _second_round(w)
    from fazhi.assessment.models import Assessment
    services.item_scores_save(actor=w.inspector, assessment=Assessment.objects.get(round=rnd, unit=w.windows[3]),
                              entries=full_marks(w))
    _publish(w, rnd)
    history = list(UnitGrade.objects.filter(unit=w.windows[3]).order_by("-round_id"))
    assert [(g.round_id, g.grade, g.is_current) for g in history] == [(rnd.pk, "A", True), (w.round.pk, "C", False)]
    assert UnitGrade.objects.get(unit=w.windows[0]).is_current  # not in the later round: its grade stays current


def test_unit_page_shows_the_register(client, world):
    w = world
    _scored(w)
    _publish(w)
    rnd = _second_round(w)
    from fazhi.assessment.models import Assessment
    services.item_scores_save(actor=w.inspector, assessment=Assessment.objects.get(round=rnd, unit=w.windows[3]),
                              entries=full_marks(w))
    _publish(w, rnd)
    client.force_login(w.other_liaison)  # the county's liaison sees its windows' grades
    html = client.get(reverse("campaigns:unit", args=[w.windows[3].pk])).content.decode()
    assert 'id="unit-grades"' in html
    assert html.count("限期整改") == 1 and "A 优秀" in html and "复查" in html and "示范窗口考评" in html
    assert "2026年12月2日" in html
    html = client.get(reverse("campaigns:unit", args=[w.windows[5].pk])).content.decode()
    assert "本单位尚无已公布的考评等次" in html


def test_unit_lists_filter_by_current_grade(client, world):
    w = world
    _scored(w)
    _publish(w)
    client.force_login(w.office)
    page = client.get(reverse("org:units"), {"grade": "C"})
    names = [u.name for u in page.context["page"]]
    assert sorted(names) == sorted([w.windows[2].name, w.windows[3].name])
    assert 'name="grade"' in page.content.decode() and "C 限期整改" in page.content.decode()
    api = client.get("/api/units/", {"grade": "B"}).json()["results"]
    assert [u["name"] for u in api] == [w.windows[1].name]
    assert client.get("/api/units/", {"grade": "Z"}).json()["results"] == []
    assert len(client.get("/api/units/").json()["results"]) > 4  # no filter, no restriction
    grades = client.get("/api/unit-grades/", {"is_current": "true", "grade": "C"}).json()["results"]
    assert {g["unit_name"] for g in grades} == {w.windows[2].name, w.windows[3].name}


def test_unit_page_queries_do_not_grow_with_history(client, world):
    w = world
    _scored(w)
    _publish(w)
    client.force_login(w.office)
    url = reverse("campaigns:unit", args=[w.windows[3].pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    rnd = _second_round(w)
    from fazhi.assessment.models import Assessment
    services.item_scores_save(actor=w.inspector, assessment=Assessment.objects.get(round=rnd, unit=w.windows[3]),
                              entries=full_marks(w))
    _publish(w, rnd)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    assert len(two) == len(one)
