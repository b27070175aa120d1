import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.intake import messages as m, proof, services
from fazhi.intake.choices import SubmissionKind as K
from fazhi.intake.models import Submission

pytestmark = [pytest.mark.django_db]


def test_public_api_submit_and_lookup(client, tree, easy_proof):
    issued = client.get("/api/public/proof/").json()
    token, answer = issued["challenge"], proof.solve(issued["challenge"], issued["difficulty"])
    r = client.post("/api/public/submissions/", {"kind": "opinion", "text": "建议增加夜间门诊。", "unit": tree.hospital.pk,
                                                 "consent": True, "proof_challenge": token, "proof_answer": answer},
                    content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    again = client.post("/api/public/submissions/", {"kind": "opinion", "text": "建议增加夜间门诊。", "consent": True,
                                                     "proof_challenge": token, "proof_answer": answer}, content_type="application/json")
    assert again.status_code == 400 and str(m.PROOF_EXPIRED) in again.json()["detail"]  # a challenge is good once
    ok = client.post("/api/public/lookup/", {"case_number": body["case_number"], "password": body["password"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "new"
    bad = client.post("/api/public/lookup/", {"case_number": body["case_number"], "password": "WRONG"}, content_type="application/json")
    missing = client.post("/api/public/lookup/", {"case_number": "20990101-000000", "password": body["password"]}, content_type="application/json")
    assert bad.status_code == missing.status_code == 404 and bad.json() == missing.json()


def test_public_api_rate_limited(client, tree, easy_proof):
    def solved():
        token = proof.issue()["challenge"]
        return {"proof_challenge": token, "proof_answer": proof.solve(token, 4)}

    for _ in range(5):
        assert client.post("/api/public/submissions/", {"kind": "opinion", "text": "建议增加夜间门诊。", "consent": True,
                                                        **solved()}, content_type="application/json").status_code == 201
    r = client.post("/api/public/submissions/", {"kind": "opinion", "text": "建议增加夜间门诊。", "consent": True,
                                                 **solved()}, content_type="application/json")
    assert r.status_code == 429 and r["Retry-After"]


def test_office_pages_and_scope(client, tree):
    sub, _ = services.submission_submit(kind=K.COMPLAINT, text="测试办公页面的投诉。", unit=tree.hospital)
    client.force_login(tree.office)
    for name, args in [("intake:inbox", []), ("intake:detail", [sub.pk]), ("intake:meetings", []), ("intake:channels", []),
                       ("intake:limits", []), ("intake:record", []), ("intake:meeting_new", []), ("intake:export", [])]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    r = client.post(reverse("intake:route", args=[sub.pk]), {"unit": tree.hospital.pk})
    assert r.status_code == 302
    sub.refresh_from_db()
    assert sub.assigned_unit == tree.hospital
    # The other county's liaison sees nothing of it; the hospital's liaison sees it once routed.
    client.force_login(tree.other_liaison)
    assert client.get(reverse("intake:detail", args=[sub.pk])).status_code == 404
    client.force_login(tree.liaison)
    assert client.get(reverse("intake:detail", args=[sub.pk])).status_code == 200
    assert client.get("/api/submissions/").json()["count"] == 1


def test_inbox_costs_a_fixed_number_of_queries(client, tree):
    client.force_login(tree.intake)

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("intake:inbox")).status_code == 200
        return len(ctx.captured_queries)

    services.submission_submit(kind=K.COMPLAINT, text="第一件测试投诉。", unit=tree.hospital)
    few = cost()
    for i in range(12):
        services.submission_submit(kind=K.OPINION, text=f"第{i}件测试意见内容。", unit=tree.other_hospital)
    assert Submission.objects.count() == 13
    assert cost() == few


def test_the_unit_complained_about_sees_the_case_only_once_routed_to_it(client, tree):
    """A complaint about the hospital is not the hospital's to read: its liaison sees the case
    only when the office routes it there, never while it is new or routed to another unit."""
    sub, _ = services.submission_submit(kind=K.COMPLAINT, text="投诉该医院收费不透明。", unit=tree.hospital)
    client.force_login(tree.liaison)  # the liaison of 泽州县人民医院

    def sees() -> bool:
        page = client.get(reverse("intake:detail", args=[sub.pk])).status_code
        api = client.get(f"/api/submissions/{sub.pk}/").status_code
        listed = client.get("/api/submissions/").json()["count"]
        assert (page, api, listed) in {(200, 200, 1), (404, 404, 0)}, (page, api, listed)
        return page == 200

    assert not sees()  # new, not routed yet
    services.submission_route(actor=tree.office, submission=sub, unit=tree.county)
    assert not sees()  # the county handles it, not the hospital
    sub, _ = services.submission_submit(kind=K.COMPLAINT, text="投诉该医院挂号难。", unit=tree.hospital)
    services.submission_route(actor=tree.office, submission=sub, unit=tree.hospital)
    assert sees()  # routed to the hospital: now it answers


def test_inbox_colour_tabs_and_total_follow_a_write_and_the_date(client, tree, clock, settings):
    """The unfiltered inbox keeps its colour counts in the roll-up cache: a new case counts at once,
    and a case that turns red with the date is counted red the next day; the page's total is the
    sum of the tabs, or the chosen tab's count."""
    import datetime as dt

    settings.SESSION_COOKIE_AGE = 90 * 24 * 3600  # one session across the days, with no write between
    client.force_login(tree.intake)
    services.submission_submit(kind=K.COMPLAINT, text="第一件测试投诉。", unit=tree.hospital)

    def tabs(query=""):
        r = client.get(reverse("intake:inbox") + query)
        assert r.status_code == 200
        return dict(r.context["counts"]), r.context["page"].paginator.count, len(r.context["page"].object_list)

    counts, total, shown = tabs()
    assert sum(counts.values()) == total == shown == 1 and counts.get("red", 0) == 0
    services.submission_submit(kind=K.OPINION, text="第二件测试意见内容。", unit=tree.hospital)
    counts, total, shown = tabs()
    assert sum(counts.values()) == total == shown == 2
    clock.shift(dt.timedelta(days=60))  # both past their time limits
    counts, total, _shown = tabs()
    assert counts.get("red") == 2 == total
    assert tabs("?colour=red")[1:] == (2, 2) and tabs("?colour=green")[1:] == (0, 0)
