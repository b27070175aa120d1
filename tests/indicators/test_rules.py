"""The importer's numeric rules (campaigns.PlanRule) confirmed as indicators: the suggested
measure for seed 002's sentences, confirm and dismiss through the services and the page, the
gates (office of the campaign's issuer, once per rule, a reason to dismiss), nothing written on refusal."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from fazhi.audit.models import AuditEntry
from fazhi.campaigns.models import PlanRule
from fazhi.indicators import messages as m
from fazhi.indicators import selectors, services
from fazhi.indicators.choices import Decision
from fazhi.indicators.models import Indicator, RuleReview
from fazhi.indicators.suggest import suggest
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.planparse import parse_text
from fazhi.seeds import seed_text
from tests.factories import CampaignFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    city = Unit.objects.create(name="某市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    county = Unit.objects.create(name="甲县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = Unit.objects.create(name="外市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    campaign = CampaignFactory(issuer=city)
    plan = parse_text(seed_text("002")).to_dict()
    lines = plan["text"].splitlines()  # the lines the parser numbers
    rules = [PlanRule.objects.create(campaign=campaign, subject=r["subject"], op=r["op"], value=Decimal(str(r["value"])),
                                     unit=r["unit"] or "", per=r["per"] or "", of=r["of"] or "", line=r["line"],
                                     text=lines[r["line"] - 1].strip())
             for r in plan["rules"]]
    return dict(city=city, county=county, campaign=campaign, rules=rules,
                office=person_with_role(Role.OFFICE, city, "office").user,
                county_office=person_with_role(Role.OFFICE, county, "county").user,
                liaison=person_with_role(Role.LIAISON, county, "liaison").user,
                outsider=person_with_role(Role.OFFICE, other, "outsider").user)


def _rule(w, subject, line=None):
    return next(r for r in w["rules"] if r.subject == subject and (line is None or r.line == line))


def test_the_sentences_of_seed_002_are_mapped_to_measures_of_the_catalogue(w):
    expected = {"督导": "assessment.inspections_held", "考评": "assessment.inspections_held",
                "法治专题培训和专题讲座": "learning.trainings", "课程学时（学分）": "learning.law_share",
                "比例": "learning.law_share"}
    for subject, measure in expected.items():
        assert suggest(_rule(w, subject)).measure == measure, subject
    trainings = suggest(_rule(w, "法治专题培训和专题讲座"))
    assert (trainings.op, trainings.threshold, trainings.period) == (">=", Decimal("2"), "year")
    share = suggest(_rule(w, "课程学时（学分）"))
    assert share.threshold == Decimal("0.2") and share.period == "year"


def test_a_percentage_becomes_the_fraction_a_ratio_takes(w):
    rule = PlanRule(campaign=w["campaign"], subject="课程学时", op=">=", value=Decimal("20"), unit="%", text="学时不低于20%")
    assert suggest(rule).threshold == Decimal("0.2") and suggest(rule).measure == "learning.law_share"


def test_confirm_sets_the_indicator_and_takes_the_rule_off_the_pending_list(w):
    rule = _rule(w, "法治专题培训和专题讲座")
    review = services.plan_rule_confirm(actor=w["office"], rule=rule, title="每年至少举办两期法治专题培训",
                                        measure="learning.trainings", threshold=2, applies_to=["admin_dept"])
    indicator = review.indicator
    assert review.decision == Decision.CONFIRMED and indicator.unit == w["city"] and indicator.campaign == w["campaign"]
    assert indicator.text == rule.text and indicator.source_line == 64 and indicator.threshold == 2
    assert rule.pk not in [r.pk for r in selectors.rules_pending(actor=w["office"])]
    assert AuditEntry.objects.filter(action="plan_rule.confirm").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.plan_rule_confirm(actor=w["office"], rule=rule, title="again", measure="learning.trainings", threshold=2)
    assert m.RULE_ALREADY_REVIEWED in exc.value.messages
    assert Indicator.objects.count() == 1


def test_dismiss_needs_a_reason_and_is_kept(w):
    rule = _rule(w, "法治建设情况汇报", 77)
    with pytest.raises(ValidationError) as exc:
        services.plan_rule_dismiss(actor=w["office"], rule=rule, reason="  ")
    assert str(m.DISMISS_REASON_REQUIRED) in exc.value.messages and not RuleReview.objects.exists()
    review = services.plan_rule_dismiss(actor=w["office"], rule=rule, reason="重复")
    assert review.decision == Decision.DISMISSED and review.indicator is None
    assert len(selectors.rules_pending(actor=w["office"])) == len(w["rules"]) - 1


@pytest.mark.parametrize("who", ["county_office", "liaison", "outsider"])
def test_only_the_office_of_the_campaigns_issuer_decides_and_nothing_is_written_otherwise(w, who):
    rule = _rule(w, "督导")
    with pytest.raises(PermissionDenied):
        services.plan_rule_confirm(actor=w[who], rule=rule, title="x", measure="assessment.inspections_held", threshold=1)
    with pytest.raises(PermissionDenied):
        services.plan_rule_dismiss(actor=w[who], rule=rule, reason="x")
    assert not RuleReview.objects.exists() and not Indicator.objects.exists()


def test_a_bad_measure_is_refused_with_its_message_and_nothing_written(w):
    with pytest.raises(ValidationError):
        services.plan_rule_confirm(actor=w["office"], rule=_rule(w, "督导"), title="x", measure="nope", threshold=1)
    assert not RuleReview.objects.exists() and not Indicator.objects.exists()


def test_the_page_lists_pending_rules_with_their_suggestion_and_confirms_and_dismisses(w):
    c = Client()
    c.force_login(w["office"])
    html = c.get("/indicators/rules/").content.decode()
    assert "法治专题培训和专题讲座 每年 不少于 2期" in html and 'data-suggested="learning.trainings"' in html
    rule = _rule(w, "法治专题培训和专题讲座")
    p = f"r{rule.pk}"
    resp = c.post(f"/indicators/rules/{rule.pk}/confirm/", {f"{p}-title": "每年至少举办两期", f"{p}-measure": "learning.trainings",
                                                            f"{p}-op": ">=", f"{p}-threshold": "2", f"{p}-period": "year"})
    indicator = Indicator.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/indicators/{indicator.pk}/"
    other = _rule(w, "督导")
    resp = c.post(f"/indicators/rules/{other.pk}/dismiss/", {f"d{other.pk}-reason": "另设指标"})
    assert resp.status_code == 302 and RuleReview.objects.get(rule=other).reason == "另设指标"
    html = c.get("/indicators/rules/").content.decode()
    assert "每年至少举办两期" in html and "另设指标" in html and f'id="rule-{rule.pk}"' not in html


def test_the_page_is_the_offices_and_rules_of_another_city_are_not_found(w):
    liaison = Client()
    liaison.force_login(w["liaison"])
    assert liaison.get("/indicators/rules/").status_code == 403
    outsider = Client()
    outsider.force_login(w["outsider"])
    assert 'id="rule-' not in outsider.get("/indicators/rules/").content.decode()
    rule = _rule(w, "督导")
    assert outsider.post(f"/indicators/rules/{rule.pk}/dismiss/", {f"d{rule.pk}-reason": "x"}).status_code == 404
    assert not RuleReview.objects.exists()
    assert Client().get("/indicators/rules/").status_code == 302
