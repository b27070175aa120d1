import pytest
from rest_framework.test import APIClient

from fazhi.ledger import messages as m
from fazhi.ledger.choices import ProblemStatus, Tier

pytestmark = [pytest.mark.django_db]


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_paths_and_scope(tree, make_problem):
    mine = make_problem()
    make_problem(unit=tree.gaoping)
    assert api().get("/api/problems/").status_code in (401, 403)
    listed = api(tree.liaison).get("/api/problems/").json()
    assert [p["id"] for p in listed["results"]] == [mine.pk]
    assert listed["results"][0]["rectification"]["responsible_person"] == "王院长"
    assert api(tree.office).get("/api/problems/").json()["count"] == 2
    assert api(tree.outsider).get(f"/api/problems/{mine.pk}/").status_code == 404
    assert api(tree.liaison).get("/api/rectifications/").json()["count"] == 1
    assert api(tree.office).get("/api/supervision-notices/").json()["count"] == 0
    assert api(tree.office).get(f"/api/problems/?unit={tree.gaoping.pk}").json()["count"] == 1


def test_life_cycle_through_the_api(tree):
    office, liaison = api(tree.office), api(tree.liaison)
    created = office.post("/api/problems/", {"unit": tree.hospital.pk, "description": "收费不透明。", "category": "看病贵",
                                             "source": "complaint", "found_on": "2026-09-01"}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    bad = liaison.post(f"/api/problems/{pk}/rectification/", {"measures": "公示价格", "responsible_person": "李",
                                                                "deadline": "2026-08-01"}, format="json")
    assert bad.status_code == 400 and "早于问题发现日期" in bad.json()["detail"]
    assert liaison.post(f"/api/problems/{pk}/rectification/", {"measures": "公示价格", "responsible_person": "李",
                                                                 "deadline_days": 10}, format="json").status_code == 200
    assert liaison.post(f"/api/problems/{pk}/completion-report/", {"text": "已公示"}, format="json").json()["status"] == ProblemStatus.REPORTED
    assert liaison.post(f"/api/problems/{pk}/verify/", {"accept": True}, format="json").status_code == 403
    refused = office.post(f"/api/problems/{pk}/close/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["detail"] == str(m.CLOSE_WITHOUT_ACCEPTED_REPORT)
    assert office.post(f"/api/problems/{pk}/verify/", {"accept": True}, format="json").json()["status"] == ProblemStatus.ACCEPTED
    assert office.post(f"/api/problems/{pk}/close/", {"note": "已答复"}, format="json").json()["status"] == ProblemStatus.CLOSED
    assert office.post(f"/api/problems/{pk}/reopen/", {"reason": "回访不满意"}, format="json").json()["status"] == ProblemStatus.RECTIFYING
    notice = api(tree.inspector).post("/api/supervision-notices/", {"problem": pk, "tier": Tier.YELLOW, "reason": "加快"}, format="json")
    assert notice.status_code == 201 and notice.json()["number"].startswith("督〔")
    assert api(tree.liaison_gp).post("/api/supervision-notices/", {"problem": pk, "tier": "red", "reason": "x"},
                                     format="json").status_code == 404


def test_every_problem_carries_its_campaign(tree, make_problem):
    from fazhi.campaigns.models import Campaign

    campaign = Campaign.objects.create(title="群众路线教育实践活动", issuer=tree.city, year=2026)
    mine = make_problem(campaign=campaign)
    make_problem(unit=tree.gaoping)
    listed = api(tree.office).get("/api/problems/").json()["results"]
    assert all("campaign" in p for p in listed)
    by_id = {p["id"]: p for p in listed}
    assert by_id[mine.pk]["campaign"] == campaign.pk and by_id[mine.pk]["campaign_title"] == "群众路线教育实践活动"
    assert api(tree.office).get(f"/api/problems/?campaign={campaign.pk}").json()["count"] == 1


def test_ledger_import_through_the_api_with_dry_run(tree, make_problem):
    import io

    from openpyxl import load_workbook

    from fazhi.ledger.excel import ledger_export_stream
    from fazhi.ledger.models import Problem
    from fazhi.ledger.selectors import export_rows, problem_list

    make_problem(description="候诊区秩序混乱。")
    make_problem(description="收费不透明。")
    exported = io.BytesIO()
    ledger_export_stream(export_rows(problem_list(actor=tree.office)), exported, title="台账")
    wb = load_workbook(io.BytesIO(exported.getvalue()))
    ws = wb.active
    for row in ws.iter_rows(min_row=3):
        if row[2].value == "收费不透明。":
            row[2].value = "收费项目不透明。"
    buf = io.BytesIO()
    wb.save(buf)

    def upload(**extra):
        f = io.BytesIO(buf.getvalue())
        f.name = "台账.xlsx"
        return {"file": f, **extra}

    assert api(tree.liaison).post("/api/problem-imports/", upload(), format="multipart").status_code == 403
    dry = api(tree.office).post("/api/problem-imports/", upload(dry_run="true"), format="multipart")
    assert dry.status_code == 200, dry.json()
    body = dry.json()
    assert (body["written"], body["created"], body["updated"], body["unchanged"], body["refused"]) == (False, 0, 1, 1, 0)
    assert [r["action"] for r in body["rows"]].count("updated") == 1
    assert not Problem.objects.filter(description="收费项目不透明。").exists()
    done = api(tree.office).post("/api/problem-imports/", upload(), format="multipart")
    assert done.status_code == 201 and done.json()["updated"] == 1
    assert Problem.objects.filter(description="收费项目不透明。").count() == 1 and Problem.objects.count() == 2
    assert load_workbook(buf).active is not None
