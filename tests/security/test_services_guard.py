"""Every service checks its own permission with the real actor; none takes actor=None from a request."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.assessment import rubricio, services
from fazhi.assessment import messages as am
from fazhi.assessment.models import AssessmentRound, Rubric
from fazhi.assessment.services import StageData
from fazhi.assessment.choices import AssessmentKind
from fazhi.audit.models import AuditEntry
from fazhi.ledger.excel import ImportReport, ImportRow, problems_import
from fazhi.ledger.models import Problem, ProblemCategory
from fazhi.org.choices import Role
from tests.assessment.conftest import assessment
from tests.factories import CampaignFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_rubrics_install_needs_a_real_actor_with_the_right(world):
    w = world
    for actor in (None, w.liaison, w.inspector):
        with pytest.raises(PermissionDenied):
            rubricio.rubrics_install(actor=actor)
    assert not Rubric.objects.filter(code__in=["demo-window"]).exists()
    with pytest.raises(PermissionDenied):  # nor may anyone but an administrator write an installation-wide rubric
        services.rubric_import(actor=None, code="x", title="x", unit_kind="window", items=[])


def test_rubrics_install_from_the_page_records_the_office(client, world):
    w = world
    client.force_login(w.office)
    assert client.post(reverse("assessment:rubrics_install")).status_code == 302
    installed = Rubric.objects.exclude(code="small")
    assert installed.exists()
    assert set(AuditEntry.objects.filter(action="rubric.import", object_id__in=[str(r.pk) for r in installed])
               .values_list("actor", flat=True)) == {w.office.pk}
    client.force_login(w.liaison)
    Rubric.objects.exclude(code="small").delete()
    assert client.post(reverse("assessment:rubrics_install")).status_code == 403
    assert Rubric.objects.count() == 1  # nothing installed by the liaison


def test_problems_import_checks_every_row_against_the_actor(world):
    w = world
    category = ProblemCategory.objects.first() or ProblemCategory.objects.create(name="其他")
    row = ImportRow(number=3, values={
        "unit": w.outside, "description": "外市的问题", "category": category, "source": "other",
        "found_on": dt.date(2026, 3, 1), "status": "open", "deadline": None, "measures": "", "person": "",
        "progress": "", "closed_on": None})
    with pytest.raises(PermissionDenied):
        problems_import(actor=w.office, report=ImportReport(rows=[row]))
    assert not Problem.objects.exists()
    row.values["unit"] = w.windows[0]
    assert len(problems_import(actor=w.office, report=ImportReport(rows=[row])).created) == 1


def test_assessment_team_takes_only_inspectors_of_the_unit(world):
    w = world
    a = assessment(w, 1, w.windows[0])
    stranger = person_with_role(Role.INSPECTOR, UnitFactory(name="外市卫健委"), "insp-x").user
    for outsider in (w.liaison, stranger):
        with pytest.raises(ValidationError) as exc:
            services.assessment_team_set(actor=w.office, assessment=a, leader=w.inspector, team=[outsider])
        assert str(am.TEAM_NOT_INSPECTOR).split("{names}")[1] in exc.value.messages[0]
    a.refresh_from_db()
    assert a.leader is None and not a.team.exists()
    services.assessment_team_set(actor=w.office, assessment=a, leader=w.inspector, team=[w.inspector2])
    assert set(a.team.all()) == {w.inspector, w.inspector2}


def test_round_create_refuses_a_campaign_the_actor_cannot_see(world):
    w = world
    foreign = CampaignFactory(issuer=UnitFactory(name="外市卫健委"), year=2026)
    with pytest.raises(PermissionDenied):
        services.round_create(actor=w.office, campaign=foreign, rubric=w.rubric, title="越权考评", scope=w.city,
                              stages=[StageData("复评", AssessmentKind.INSPECTION)])
    assert not AssessmentRound.objects.filter(title="越权考评").exists()


def _calls_with_actor_none(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "actor" and isinstance(kw.value, ast.Constant) and kw.value.value is None:
                    lines.append(node.lineno)
    return lines


def test_no_view_or_api_passes_actor_none():
    """Requests always name their user: actor=None belongs to the demo loader and the worker only."""
    found = {str(p.relative_to(ROOT)): _calls_with_actor_none(p)
             for p in (ROOT / "fazhi").rglob("*.py") if p.name in {"views.py", "api.py", "portal_views.py", "public_api.py"}}
    assert {k: v for k, v in found.items() if v} == {}
