"""The ledger pages: scoped, filtered, paginated, with actions that go through the services."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.ledger import messages as m
from fazhi.ledger import services
from fazhi.ledger.choices import ProblemStatus, Tier
from fazhi.ledger.models import Problem, ProblemCategory, Rectification

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("ledger:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_ledger_is_scoped_and_counts_by_status(client, tree, make_problem):
    mine = make_problem(description="泽州县医院：门诊排队时间长。")
    other = make_problem(unit=tree.gaoping, description="高平市：行政执法文书不规范。")
    services.completion_report_submit(actor=tree.liaison_gp, problem=other, text="已整改")
    page = login(client, tree.liaison).get(reverse("ledger:list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "门诊排队时间长" in body and "行政执法文书不规范" not in body
    office = login(client, tree.office).get(reverse("ledger:list"))
    assert office.context["counts"][ProblemStatus.RECTIFYING] == 1 and office.context["counts"][ProblemStatus.REPORTED] == 1
    # out of scope: the same 404 as a missing problem
    assert login(client, tree.liaison).get(reverse("ledger:detail", args=[other.pk])).status_code == 404
    assert login(client, tree.liaison).get(reverse("ledger:detail", args=[999999])).status_code == 404
    assert login(client, tree.outsider).get(reverse("ledger:list")).context["page"].paginator.count == 0
    assert mine


def test_filters_unit_subtree_source_category_status_overdue(client, tree, make_problem):
    make_problem(deadline=dt.date(2026, 9, 30))  # hospital, overdue by now
    make_problem(unit=tree.gaoping, category="看病贵", deadline=None)
    c = login(client, tree.office)
    url = reverse("ledger:list")
    assert c.get(url, {"unit": tree.zezhou.pk}).context["page"].paginator.count == 1
    assert c.get(url, {"category": ProblemCategory.objects.get(name="看病贵").pk}).context["page"].paginator.count == 1
    assert c.get(url, {"overdue": "on"}).context["page"].paginator.count == 1
    assert c.get(url, {"status": ProblemStatus.OPEN}).context["page"].paginator.count == 1
    assert c.get(url, {"source": "complaint"}).context["page"].paginator.count == 0
    empty = c.get(url, {"source": "complaint"}).content.decode()
    assert "没有符合筛选条件的问题" in empty
    unit_page = c.get(reverse("ledger:unit", args=[tree.gaoping.pk]))
    assert unit_page.status_code == 200 and unit_page.context["page"].paginator.count == 1


def test_create_refuses_deadline_before_found_with_message(client, tree):
    c = login(client, tree.office)
    response = c.post(reverse("ledger:create"), {
        "unit": tree.zezhou.pk, "source": "inspection", "category": ProblemCategory.objects.get(name="依法行政").pk,
        "description": "行政处罚案卷不规范。", "found_on": "2026-05-10", "cause": "execution", "severity": "general",
        "measures": "集中评查", "responsible_person": "张三", "deadline": "2026-05-01"})
    assert response.status_code == 400
    assert str(m.DEADLINE_BEFORE_FOUND).format(deadline="2026年5月1日", found="2026年5月10日") in response.content.decode()
    assert not Problem.objects.exists()
    ok = c.post(reverse("ledger:create"), {
        "unit": tree.zezhou.pk, "source": "inspection", "category": ProblemCategory.objects.get(name="依法行政").pk,
        "description": "行政处罚案卷不规范。", "found_on": "2026-05-10", "cause": "execution", "severity": "general",
        "measures": "集中评查", "responsible_person": "张三", "deadline_days": "15"})
    problem = Problem.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse("ledger:detail", args=[problem.pk])
    assert problem.rectification.deadline == dt.date(2026, 5, 29)  # 15 working days from Sunday 10 May


def test_detail_actions_send_back_close_reopen(client, tree, make_problem):
    problem = make_problem()
    c = login(client, tree.liaison)
    page = c.get(reverse("ledger:detail", args=[problem.pk]))
    assert "报送办结报告" in page.content.decode() and "核验通过" not in page.content.decode()
    assert c.post(reverse("ledger:report", args=[problem.pk]), {"report-text": "已完成整改。"}).status_code == 302
    # a liaison cannot verify: a 403 page that says why
    denied = c.post(reverse("ledger:verify", args=[problem.pk]), {"verify-decision": "accept"})
    assert denied.status_code == 403 and str(m.NOT_OFFICE) in denied.content.decode()
    o = login(client, tree.office)
    refused = o.post(reverse("ledger:verify", args=[problem.pk]), {"verify-decision": "return", "verify-comment": ""})
    assert refused.status_code == 400 and str(m.RETURN_REASON_REQUIRED) in refused.content.decode()
    o.post(reverse("ledger:verify", args=[problem.pk]), {"verify-decision": "return", "verify-comment": "材料不全"})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RETURNED
    closed = o.post(reverse("ledger:close", args=[problem.pk]), {"close-note": ""})
    assert closed.status_code == 400 and str(m.CLOSE_WITHOUT_ACCEPTED_REPORT) in closed.content.decode()
    login(client, tree.liaison).post(reverse("ledger:report", args=[problem.pk]), {"report-text": "补充材料。"})
    o = login(client, tree.office)
    o.post(reverse("ledger:verify", args=[problem.pk]), {"verify-decision": "accept"})
    assert o.post(reverse("ledger:close", args=[problem.pk]), {"close-note": "予以销号"}).status_code == 302
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
    o.post(reverse("ledger:reopen", args=[problem.pk]), {"reopen-reason": "复查发现反弹"})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECTIFYING
    o.post(reverse("ledger:notice", args=[problem.pk]), {"notice-tier": Tier.RED, "notice-reason": "反弹问题，限期整改"})
    assert problem.notices.get().tier == Tier.RED
    assert "督〔" in o.get(reverse("ledger:notices")).content.decode()


def test_other_pages_render(client, tree, make_problem):
    problem = make_problem()
    plan = services.plan_create(actor=tree.liaison, unit=tree.zezhou, kind="overall", title="整改总体方案", problems=[problem])
    c = login(client, tree.office)
    for name, args in [("ledger:create", []), ("ledger:import", []), ("ledger:notices", []), ("ledger:plans", []),
                       ("ledger:plan", [plan.pk]), ("notices:inbox", [])]:
        assert c.get(reverse(name, args=args)).status_code == 200, name
    assert login(client, tree.liaison).get(reverse("ledger:import")).status_code == 403


def test_the_old_rules_address_leads_to_the_shared_ladder_settings(client, tree):
    """The rules moved to the ladder shared with campaigns; the ledger's address and its link follow."""
    c = login(client, tree.office)
    assert c.get(reverse("ledger:rules"))["Location"] == reverse("notices:ladder_settings")
    assert reverse("notices:ladder_settings") in c.get(reverse("ledger:list")).content.decode()
    assert login(client, tree.liaison).get(reverse("ledger:import")).status_code == 403


def _grow(tree, n):
    units = [tree.hospital, tree.zezhou, tree.gaoping]
    category = ProblemCategory.objects.first()
    have = Problem.objects.count()
    problems = Problem.objects.bulk_create([
        Problem(number=f"B-{i:05d}", unit=units[i % 3], source="inspection", category=category, description=f"问题{i}",
                found_on=dt.date(2026, 9, 1), status=[ProblemStatus.OPEN, ProblemStatus.RECTIFYING, ProblemStatus.CLOSED][i % 3])
        for i in range(have, n)])
    Rectification.objects.bulk_create([Rectification(problem=p, measures="措施", responsible_person="某人",
                                                     deadline=dt.date(2026, 10, 1 + p.pk % 28)) for p in problems if p.pk % 2])


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_ledger_page_query_count_is_the_same_for_10_and_1000_problems(client, tree):
    c = login(client, tree.office)
    urls = [reverse("ledger:list"), reverse("ledger:list") + "?ordering=deadline&overdue=on&page=2",
            reverse("ledger:unit", args=[tree.zezhou.pk]) + "?page=2"]
    _grow(tree, 10)
    small = [_count(c, u) for u in urls]
    _grow(tree, 1000)
    assert Problem.objects.count() == 1000
    large = [_count(c, u) for u in urls]
    assert small == large, (small, large)
    assert max(large) <= 15, large


def test_progress_entries_are_not_drawn_as_progress_bars(client, tree, make_problem):
    """A history entry of kind "progress" once carried class="progress", Bootstrap's bar."""
    from fazhi.ledger import services as ledger_services

    problem = make_problem()
    ledger_services.progress_add(actor=tree.liaison, problem=problem, text="已更新电子显示屏。")
    client.force_login(tree.office)
    html = client.get(reverse("ledger:detail", args=[problem.pk])).content.decode()
    assert '<li class="event-progress">' in html and '<li class="progress">' not in html


def test_the_overdue_filter_is_the_overdue_flag(tree, make_problem):
    """The filter compares the bounds itself (for the planner's sake): it must pick exactly the
    rows the `overdue` annotation marks — the unit still owes work and the deadline has passed
    (not a deadline of today, not a problem reported or closed out), on the day given."""
    from fazhi.ledger import selectors

    today = dt.date(2026, 12, 2)
    late = make_problem(deadline=today - dt.timedelta(days=1), description="逾期一天")
    make_problem(deadline=today, description="今天到期")
    reported = make_problem(deadline=today - dt.timedelta(days=5), description="已报送")
    services.completion_report_submit(actor=tree.liaison, problem=reported, text="已整改")
    make_problem(deadline=None, description="未定整改时限")
    overdue = selectors.problem_list(actor=tree.office, filters={"overdue": True}, day=today)
    assert [p.pk for p in overdue] == [late.pk]
    flagged = [p.pk for p in selectors.problem_list(actor=tree.office, day=today) if p.overdue]
    assert flagged == [late.pk]
    # On a later day the problem due today is late too: the filter takes the day it is given.
    later = selectors.problem_list(actor=tree.office, filters={"overdue": True}, day=today + dt.timedelta(days=1))
    assert sorted(p.pk for p in later) == sorted([late.pk, Problem.objects.get(description="今天到期").pk])
