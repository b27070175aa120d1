"""Opinions as seeds 003 and 004 gather them: the 征询意见表 of each unit with its QR code, the
category of the person giving an opinion, meetings with attendance and minutes, and 民主评议
with each unit's satisfaction figure."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.demo.files import pdf_bytes, png_bytes
from fazhi.intake import messages as m, proof, ratelimit, selectors, services
from fazhi.intake.choices import MeetingKind, ReporterCategory as C, SubmissionKind as K
from fazhi.intake.models import Answer, Meeting, Questionnaire, Submission, SurveyResponse
from fazhi.intake.plan_meetings import meeting_kind
from tests.conftest import SHANGHAI
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(tree):
    return CampaignFactory(issuer=tree.commission, title="效能建设活动第二阶段")


@pytest.fixture
def questionnaire(tree, campaign):
    return services.questionnaire_create(actor=tree.office, campaign=campaign, title="效能建设民主评议",
                                         questions="服务态度\n办事效率\n\n收费公开")


def _meeting(tree, campaign=None, **extra):
    return services.meeting_create(actor=tree.office, organizer=tree.commission, kind=extra.pop("kind", MeetingKind.MOBILIZATION),
                                   title=extra.pop("title", "查摆整改动员大会"), place="市立医院七楼会议室",
                                   starts_at=dt.datetime(2026, 7, 21, 15, tzinfo=SHANGHAI), attendees="14家单位班子成员",
                                   campaign=campaign, **extra)


def _zip_bytes() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "纪要" * 50)
    return buf.getvalue()


def _answers(q, *ratings):
    return {question.pk: r for question, r in zip(q.questions.all(), ratings)}


# --- category of the person giving an opinion ---------------------------------------------------

def test_category_is_kept_and_a_wrong_one_refused_with_nothing_written(tree):
    sub, _ = services.submission_submit(kind=K.OPINION, text="建议延长门诊时间。", unit=tree.hospital,
                                        reporter_category=C.NPC_DEPUTY)
    assert sub.reporter_category == C.NPC_DEPUTY and sub.get_reporter_category_display() == "人大代表"
    with pytest.raises(ValidationError) as err:
        services.submission_submit(kind=K.OPINION, text="建议延长门诊时间。", reporter_category="mayor")
    assert str(m.CATEGORY_INVALID) in str(err.value)
    assert Submission.objects.count() == 1


def test_office_records_a_meeting_opinion_with_its_category(tree):
    meeting = _meeting(tree, kind=MeetingKind.SYMPOSIUM, title="人大代表、政协委员征求意见座谈会")
    sub, _ = services.submission_record(actor=tree.intake, kind=K.SUGGESTION, source="meeting", text="建议检查结果互认。",
                                        received_by=tree.commission, meeting=meeting, reporter_category=C.CPPCC_MEMBER)
    assert sub.reporter_category == C.CPPCC_MEMBER


def test_inbox_filters_shows_and_exports_the_category(client, tree):
    services.submission_submit(kind=K.COMPLAINT, text="候诊时间过长无人解释。", unit=tree.hospital, reporter_category=C.PATIENT)
    services.submission_submit(kind=K.OPINION, text="建议公开收费标准。", unit=tree.hospital, reporter_category=C.PARTY_DELEGATE)
    services.submission_submit(kind=K.OPINION, text="没有说明身份的意见。", unit=tree.hospital)
    client.force_login(tree.intake)
    page = client.get(reverse("intake:inbox"), {"reporter_category": C.PATIENT})
    assert [s.reporter_category for s in page.context["page"]] == [C.PATIENT]
    assert "患者" in page.content.decode()
    detail = client.get(reverse("intake:detail", args=[Submission.objects.get(reporter_category=C.PARTY_DELEGATE).pk]))
    assert re.search(r'id="reporter-category">党代表<', detail.content.decode())
    wb = load_workbook(io.BytesIO(client.get(reverse("intake:export")).content))
    cells = [c.value for row in wb.active.iter_rows() for c in row]
    assert "反映人类别" in cells and "患者" in cells and "党代表" in cells


def test_api_carries_and_filters_the_category(client, tree):
    services.submission_submit(kind=K.COMPLAINT, text="候诊时间过长无人解释。", unit=tree.hospital, reporter_category=C.PATIENT)
    services.submission_submit(kind=K.OPINION, text="建议公开收费标准。", unit=tree.hospital, reporter_category=C.SERVICE_USER)
    client.force_login(tree.intake)
    body = client.get("/api/submissions/", {"reporter_category": C.SERVICE_USER}).json()
    assert body["count"] == 1 and body["results"][0]["reporter_category"] == C.SERVICE_USER
    assert body["results"][0]["reporter_category_display"] == "服务对象"
    assert client.get("/api/submissions/", {"reporter_category": "mayor"}).status_code == 400


def test_public_api_takes_the_category_and_refuses_a_wrong_one(client, tree, easy_proof):
    def solved():
        token = proof.issue()["challenge"]
        return {"proof_challenge": token, "proof_answer": proof.solve(token, 4)}

    r = client.post("/api/public/submissions/", {"kind": "opinion", "text": "建议增加夜间门诊。", "consent": True,
                                                 "reporter_category": "patient", **solved()}, content_type="application/json")
    assert r.status_code == 201 and Submission.objects.get().reporter_category == C.PATIENT
    r = client.post("/api/public/submissions/", {"kind": "opinion", "text": "建议增加夜间门诊。", "consent": True,
                                                 "reporter_category": "mayor", **solved()}, content_type="application/json")
    assert r.status_code == 400 and str(m.CATEGORY_INVALID) in r.content.decode()
    assert Submission.objects.count() == 1


# --- 征询意见表 and its QR code -------------------------------------------------------------------

def test_opinion_forms_list_counts_opinions_per_unit(client, tree):
    for text in ("挂号窗口排队太久。", "收费项目不清楚。"):
        services.submission_submit(kind=K.OPINION, text=text, unit=tree.hospital)
    services.submission_submit(kind=K.OPINION, text="急诊夜间无人。", unit=tree.other_hospital)
    client.force_login(tree.intake)
    page = client.get(reverse("intake:opinion_forms"))
    counts = {u.name: u.opinion_count for u in page.context["page"]}
    assert counts["泽州县人民医院"] == 2 and counts["高平市人民医院"] == 1 and counts["市卫健委"] == 0
    assert client.get(reverse("intake:opinion_forms"), {"q": "高平"}).context["page"].paginator.count == 2


def test_opinion_forms_list_costs_a_fixed_number_of_queries(client, tree):
    from tests.factories import UnitFactory

    client.force_login(tree.intake)

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("intake:opinion_forms")).status_code == 200
        return len(ctx.captured_queries)

    few = cost()
    for i in range(8):
        unit = UnitFactory(name=f"乡镇卫生院{i}", parent=tree.county)
        services.submission_submit(kind=K.OPINION, text=f"第{i}条意见内容。", unit=unit)
    assert cost() == few


def test_printable_form_holds_a_qr_code_of_the_portal_with_the_unit_chosen(client, tree, questionnaire):
    client.force_login(tree.intake)
    r = client.get(reverse("intake:opinion_form", args=[tree.hospital.pk]))
    html = r.content.decode()
    url = f"http://testserver{reverse('portal:submit')}?unit={tree.hospital.pk}"
    assert r.context["url"] == url and url in html
    assert html.count("<svg") >= 2  # the unit's code and the 民主评议 code
    assert "征询意见表" in html and "泽州县人民医院" in html and "@page" not in html  # print CSS is a static file
    assert r.context["survey"][1].endswith(f"/portal/survey/{questionnaire.pk}/?unit={tree.hospital.pk}")
    # Printed for the public: Chinese, also from an English session.
    client.cookies["django_language"] = "en"
    english = client.get(reverse("intake:opinion_form", args=[tree.hospital.pk])).content.decode()
    assert "请用手机扫描" in english or "扫码在手机上填写" in english
    assert 'lang="zh-hans"' in english
    # Not for a role that does not use the intake pages, not for a unit out of scope.
    client.force_login(tree.liaison)
    assert client.get(reverse("intake:opinion_form", args=[tree.hospital.pk])).status_code == 403
    client.force_login(tree.other_intake)
    assert client.get(reverse("intake:opinion_form", args=[tree.hospital.pk])).status_code == 404


def test_the_qr_link_opens_the_form_with_the_unit_chosen(client, tree, easy_proof, questionnaire):
    r = client.get(reverse("portal:submit"), {"unit": tree.hospital.pk})
    form = r.context["form"]
    assert form["unit"].value() == tree.hospital.pk and form["kind"].value() == "opinion"
    html = r.content.decode()
    assert re.search(rf'<option value="{tree.hospital.pk}" selected>', html)
    assert f"/portal/survey/{questionnaire.pk}/?unit={tree.hospital.pk}" in html
    # A made-up or unknown unit is ignored: the form opens with no unit.
    for bad in ("99999", "abc", "-1"):
        assert client.get(reverse("portal:submit"), {"unit": bad}).context["form"]["unit"].value() is None
    # Submitting from there: the case is about that unit, with the category given.
    challenge = form["proof_challenge"].value()
    post = client.post(reverse("portal:submit") + f"?unit={tree.hospital.pk}", {
        "kind": "opinion", "unit": tree.hospital.pk, "text": "建议在门诊增加导医。", "consent": "on",
        "reporter_category": C.PATIENT, "proof_challenge": challenge, "proof_answer": proof.solve(challenge, 4)})
    assert post.status_code == 302
    sub = Submission.objects.get()
    assert sub.unit == tree.hospital and sub.reporter_category == C.PATIENT


def test_portal_refuses_a_wrong_category_in_chinese_with_nothing_written(client, tree, easy_proof):
    challenge = client.get(reverse("portal:submit")).context["form"]["proof_challenge"].value()
    r = client.post(reverse("portal:submit"), {"kind": "opinion", "text": "建议在门诊增加导医。", "consent": "on",
                                               "reporter_category": "mayor", "proof_challenge": challenge,
                                               "proof_answer": proof.solve(challenge, 4)})
    assert r.status_code == 200 and str(m.CATEGORY_INVALID) in r.content.decode()
    assert not Submission.objects.exists()


# --- meetings: kinds, attendance, minutes -------------------------------------------------------------

def test_seed_kinds_are_read_from_the_plans_titles():
    assert meeting_kind("市直卫生系统效能建设活动领导小组会议(即领导班子民主生活会)") == MeetingKind.DEMOCRATIC_LIFE
    assert meeting_kind("市卫生行风评议监督员座谈会(即行风政风评议会)") == MeetingKind.APPRAISAL
    assert meeting_kind("整改落实工作情况通报会") == MeetingKind.BRIEFING
    assert meeting_kind("教育实践活动总结大会") == MeetingKind.SUMMARY
    assert meeting_kind("查摆整改动员大会") == MeetingKind.MOBILIZATION
    assert {"动员大会", "座谈会", "评议会", "民主生活会", "通报会", "总结大会"} <= {str(label) for label in MeetingKind.labels}


def test_attendance_and_minutes_recorded_with_an_audit_row(tree):
    meeting = _meeting(tree)
    pdf = ContentFile(pdf_bytes(1), name="我的纪要.pdf")
    services.meeting_update(actor=tree.office, meeting=meeting, expected_count=86, present_count=83, present="3人请假",
                            minutes="动员布置一对照五查摆。", minutes_file=pdf, organizer=tree.other_county)
    meeting.refresh_from_db()
    assert (meeting.expected_count, meeting.present_count, meeting.attendance_rate) == (86, 83, 97)
    assert meeting.minutes == "动员布置一对照五查摆。" and meeting.minutes_file.name.startswith("intake/minutes/")
    assert "我的纪要" not in meeting.minutes_file.name
    assert meeting.organizer == tree.commission  # not in the whitelist
    row = AuditEntry.objects.filter(action="meeting.update").get()
    assert row.before["present_count"] is None and row.after["present_count"] == 83


@pytest.mark.parametrize("fields, message", [
    ({"expected_count": 10, "present_count": 12}, m.PRESENT_OVER_EXPECTED),
    ({"minutes_file": ContentFile(b"#!/bin/sh\necho hi\n" * 10, name="x.pdf")}, "不在允许范围内"),
    ({"minutes_file": ContentFile(_zip_bytes(), name="x.zip")}, m.MINUTES_FILE_TYPE),
    ({"minutes_file": ContentFile(png_bytes(1), name="x.png"), "ends_at": dt.datetime(2026, 7, 1, tzinfo=SHANGHAI)}, "结束时间"),
])
def test_bad_attendance_or_minutes_refused_with_nothing_written(tree, fields, message):
    meeting = _meeting(tree)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.meeting_update(actor=tree.office, meeting=meeting, **fields)
    assert str(message) in " ".join(err.value.messages)
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert fresh.present_count is None and not fresh.minutes_file and fresh.ends_at is None
    assert AuditEntry.objects.count() == before


def test_meeting_update_needs_the_organisers_handler(tree):
    meeting = _meeting(tree)
    with pytest.raises(PermissionDenied):
        services.meeting_update(actor=tree.other_intake, meeting=meeting, present_count=5)
    with pytest.raises(PermissionDenied):
        services.meeting_update(actor=tree.liaison, meeting=meeting, present_count=5)


def test_meeting_pages_record_attendance_and_filter_by_kind(client, tree):
    meeting = _meeting(tree)
    _meeting(tree, kind=MeetingKind.BRIEFING, title="整改落实工作情况通报会")
    client.force_login(tree.office)
    listed = client.get(reverse("intake:meetings"), {"kind": MeetingKind.BRIEFING})
    assert [mt.title for mt in listed.context["page"]] == ["整改落实工作情况通报会"]
    r = client.post(reverse("intake:meeting_edit", args=[meeting.pk]), {
        "kind": MeetingKind.MOBILIZATION, "title": meeting.title, "starts_at": "2026-07-21T15:00", "place": meeting.place,
        "attendees": meeting.attendees, "expected_count": "20", "present_count": "18", "minutes": "会议纪要正文。",
        "minutes_file": io.BytesIO(pdf_bytes(2))})
    assert r.status_code == 302
    page = client.get(reverse("intake:meeting", args=[meeting.pk])).content.decode()
    assert "应到 20 人，实到 18 人" in page and "会议纪要正文。" in page and reverse("intake:meeting_minutes", args=[meeting.pk]) in page
    download = client.get(reverse("intake:meeting_minutes", args=[meeting.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # More present than expected: refused in Chinese, nothing written.
    r = client.post(reverse("intake:meeting_edit", args=[meeting.pk]), {
        "kind": MeetingKind.MOBILIZATION, "title": meeting.title, "starts_at": "2026-07-21T15:00", "place": meeting.place,
        "attendees": meeting.attendees, "expected_count": "20", "present_count": "25"})
    assert r.status_code == 200 and str(m.PRESENT_OVER_EXPECTED) in r.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).present_count == 18


def test_meeting_api_updates_attendance_and_filters_by_kind(client, tree):
    meeting = _meeting(tree)
    _meeting(tree, kind=MeetingKind.SUMMARY, title="总结大会")
    client.force_login(tree.office)
    body = client.get("/api/meetings/", {"kind": MeetingKind.SUMMARY}).json()
    assert [r["title"] for r in body["results"]] == ["总结大会"]
    r = client.patch(f"/api/meetings/{meeting.pk}/", {"expected_count": 30, "present_count": 27, "minutes": "纪要"},
                     content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["attendance_rate"] == 90 and r.json()["minutes"] == "纪要"
    r = client.patch(f"/api/meetings/{meeting.pk}/", {"present_count": 31}, content_type="application/json")
    assert r.status_code == 400 and str(m.PRESENT_OVER_EXPECTED) in r.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).present_count == 27
    client.force_login(tree.liaison)
    assert client.patch(f"/api/meetings/{meeting.pk}/", {"present_count": 1}, content_type="application/json").status_code in (403, 404)


def test_campaign_page_shows_its_meetings_and_published_channels(client, tree, campaign):
    first = _meeting(tree, campaign, expected_count=86, present_count=83, minutes="动员布置一对照五查摆。")
    _meeting(tree, campaign, kind=MeetingKind.DEMOCRATIC_LIFE, title="领导班子民主生活会")
    _meeting(tree, None, title="别的活动的会议")
    services.channel_create(actor=tree.office, unit=tree.hospital, kind="phone", value="12320转801")
    services.channel_create(actor=tree.office, unit=tree.hospital, kind="box", value="门诊大厅", published=False)
    client.force_login(tree.office)
    html = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    section = html[html.index('id="campaign-meetings-channels"'):]
    assert "查摆整改动员大会" in section and "民主生活会" in section and "别的活动的会议" not in section
    assert "2026年7月21日" in section and "应到 86 人，实到 83 人" in section and "动员布置一对照五查摆。" in section
    assert "12320转801" in section and "门诊大厅" not in section
    assert first.pk


# --- 民主评议 ---------------------------------------------------------------------------------------

def test_questionnaire_set_by_the_office_with_an_audit_row(tree, questionnaire):
    assert [q.text for q in questionnaire.questions.all()] == ["服务态度", "办事效率", "收费公开"]
    assert AuditEntry.objects.filter(action="questionnaire.create", object_id=str(questionnaire.pk)).exists()


@pytest.mark.parametrize("title, questions, message", [("", "服务态度", m.QUESTIONNAIRE_TITLE_REQUIRED),
                                                       ("民主评议", "\n \n", m.QUESTIONS_REQUIRED),
                                                       ("民主评议", "很长" * 200, "不能超过")])
def test_bad_questionnaire_refused_with_nothing_written(tree, campaign, title, questions, message):
    with pytest.raises(ValidationError) as err:
        services.questionnaire_create(actor=tree.office, campaign=campaign, title=title, questions=questions)
    assert str(message).split("{")[0] in " ".join(err.value.messages)
    assert not Questionnaire.objects.exists()


def test_questionnaire_only_for_the_campaigns_office(tree, campaign):
    for actor in (tree.liaison, tree.other_intake, tree.inspector):
        with pytest.raises(PermissionDenied):
            services.questionnaire_create(actor=actor, campaign=campaign, title="评议", questions="服务态度")
    assert not Questionnaire.objects.exists()


def test_satisfaction_is_the_share_of_satisfied_and_basic_answers(tree, questionnaire):
    for ratings in [(3, 3, 2), (3, 1, 1)]:  # 4 of 6 satisfied or basic
        services.survey_answer(questionnaire=questionnaire, unit=tree.hospital, answers=_answers(questionnaire, *ratings))
    services.survey_answer(questionnaire=questionnaire, unit=tree.other_hospital, answers=_answers(questionnaire, 1, 1, 2))
    rows = {r["unit_name"]: r for r in selectors.satisfaction(questionnaire)}
    assert rows["泽州县人民医院"]["percent"] == 66.7 and rows["泽州县人民医院"]["answers"] == 6
    assert rows["泽州县人民医院"]["responses"] == 2 and rows["泽州县人民医院"]["very_satisfied"] == 3
    assert rows["高平市人民医院"]["percent"] == 33.3 and rows["高平市人民医院"]["responses"] == 1
    assert [r["unit_name"] for r in selectors.satisfaction(questionnaire)] == ["泽州县人民医院", "高平市人民医院"]


@pytest.mark.parametrize("case", ["missing", "bad value", "no unit", "outside", "closed", "category"])
def test_bad_answers_refused_with_nothing_written(tree, questionnaire, case):
    from tests.factories import UnitFactory

    answers, unit, category = _answers(questionnaire, 3, 2, 1), tree.hospital, ""
    expected = {"missing": "还有 1 题未选", "bad value": "还有 1 题未选", "no unit": str(m.SURVEY_UNIT_REQUIRED),
                "outside": str(m.SURVEY_UNIT_OUT), "closed": str(m.QUESTIONNAIRE_CLOSED), "category": str(m.CATEGORY_INVALID)}[case]
    if case == "missing":
        answers.popitem()
    elif case == "bad value":
        answers[next(iter(answers))] = 7
    elif case == "no unit":
        unit = None
    elif case == "outside":
        unit = UnitFactory(name="长治市人民医院")
    elif case == "closed":
        services.questionnaire_set_open(actor=tree.office, questionnaire=questionnaire, is_open=False)
    elif case == "category":
        category = "mayor"
    with pytest.raises(ValidationError) as err:
        services.survey_answer(questionnaire=questionnaire, unit=unit, answers=answers, category=category)
    assert expected in " ".join(err.value.messages)
    assert not SurveyResponse.objects.exists() and not Answer.objects.exists()


def _survey_post(client, questionnaire, unit, ratings, meta=None, answer=None, **extra):
    meta = meta or {}
    page = client.get(reverse("portal:survey", args=[questionnaire.pk]), {"unit": unit.pk}, **meta)
    challenge = page.context["form"]["proof_challenge"].value()
    data = {"unit": unit.pk, "proof_challenge": challenge,
            "proof_answer": proof.solve(challenge, settings.FAZHI_PORTAL_PROOF_BITS) if answer is None else answer}
    data.update({f"q{q.pk}": r for q, r in zip(questionnaire.questions.all(), ratings)})
    data.update(extra)
    return client.post(reverse("portal:survey", args=[questionnaire.pk]), data, **meta)


def test_portal_survey_reached_from_the_qr_with_the_unit_chosen(client, tree, easy_proof, questionnaire):
    page = client.get(reverse("portal:survey", args=[questionnaire.pk]), {"unit": tree.hospital.pk})
    assert page.status_code == 200 and page.context["form"]["unit"].value() == tree.hospital.pk
    html = page.content.decode()
    assert "服务态度" in html and "基本满意" in html and html.index("满意") < html.index("不满意")
    r = _survey_post(client, questionnaire, tree.hospital, (3, 2, 1), category=C.PATIENT)
    assert r.status_code == 302
    response = SurveyResponse.objects.get()
    assert response.unit == tree.hospital and response.category == C.PATIENT
    assert sorted(response.answers.values_list("rating", flat=True)) == [1, 2, 3]
    assert AuditEntry.objects.filter(action="survey.answer").get().ip in (None, "")


def test_portal_survey_refuses_missing_answers_and_wrong_proof_in_chinese(client, tree, easy_proof, questionnaire, settings):
    r = _survey_post(client, questionnaire, tree.hospital, (3, 2))
    assert r.status_code == 200 and "请回答全部题目（还有 1 题未选）" in r.content.decode()
    settings.FAZHI_PORTAL_PROOF_BITS = 20
    r = _survey_post(client, questionnaire, tree.hospital, (3, 2, 1), answer="7")
    assert r.status_code == 200 and str(m.PROOF_WRONG) in r.content.decode()
    assert not SurveyResponse.objects.exists()


def test_portal_survey_rate_limited_per_address(client, tree, easy_proof, questionnaire):
    here, there = {"REMOTE_ADDR": "198.51.100.7"}, {"REMOTE_ADDR": "198.51.100.8"}
    for _ in range(ratelimit.SURVEY.limit):
        assert _survey_post(client, questionnaire, tree.hospital, (3, 3, 3), meta=here).status_code == 302
    r = _survey_post(client, questionnaire, tree.hospital, (3, 3, 3), meta=here)
    assert r.status_code == 429 and "评议提交过于频繁" in r.content.decode()
    assert SurveyResponse.objects.count() == ratelimit.SURVEY.limit
    assert _survey_post(client, questionnaire, tree.hospital, (3, 3, 3), meta=there).status_code == 302


def test_closed_or_unknown_questionnaire_is_not_found_on_the_portal(client, tree, questionnaire):
    services.questionnaire_set_open(actor=tree.office, questionnaire=questionnaire, is_open=False)
    assert client.get(reverse("portal:survey", args=[questionnaire.pk])).status_code == 404
    assert client.get(reverse("portal:survey", args=[questionnaire.pk + 100])).status_code == 404


def test_office_pages_set_the_questionnaire_and_show_the_figures(client, tree, campaign):
    client.force_login(tree.office)
    r = client.post(reverse("intake:questionnaires"), {"campaign": campaign.pk, "title": "民主评议", "questions": "服务态度\n办事效率"})
    assert r.status_code == 302
    q = Questionnaire.objects.get()
    services.survey_answer(questionnaire=q, unit=tree.hospital, answers=_answers(q, 3, 1))
    page = client.get(reverse("intake:questionnaire", args=[q.pk]))
    assert [(r["unit_name"], r["percent"]) for r in page.context["rows"]] == [("泽州县人民医院", 50.0)]
    assert "50.0%" in page.content.decode()
    r = client.post(reverse("intake:questionnaires"), {"campaign": campaign.pk, "title": "空问卷", "questions": ""})
    assert r.status_code == 200 and str(m.QUESTIONS_REQUIRED) in r.content.decode()
    assert Questionnaire.objects.count() == 1
    client.post(reverse("intake:questionnaire_toggle", args=[q.pk]))
    assert not Questionnaire.objects.get().is_open


def test_questionnaire_page_costs_a_fixed_number_of_queries(client, tree, questionnaire):
    from tests.factories import UnitFactory

    client.force_login(tree.office)

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("intake:questionnaire", args=[questionnaire.pk])).status_code == 200
        return len(ctx.captured_queries)

    services.survey_answer(questionnaire=questionnaire, unit=tree.hospital, answers=_answers(questionnaire, 3, 3, 3))
    few = cost()
    for i in range(6):
        unit = UnitFactory(name=f"乡镇卫生院{i}", parent=tree.county)
        services.survey_answer(questionnaire=questionnaire, unit=unit, answers=_answers(questionnaire, 3, 2, 1))
    assert cost() == few


def test_api_lists_questionnaires_with_satisfaction_and_creates_them(client, tree, questionnaire, campaign):
    services.survey_answer(questionnaire=questionnaire, unit=tree.hospital, answers=_answers(questionnaire, 3, 2, 1))
    services.survey_answer(questionnaire=questionnaire, unit=tree.other_hospital, answers=_answers(questionnaire, 3, 3, 3))
    client.force_login(tree.office)
    body = client.get("/api/questionnaires/").json()
    assert body["count"] == 1 and body["results"][0]["response_count"] == 2
    figures = client.get(f"/api/questionnaires/{questionnaire.pk}/satisfaction/").json()
    assert [(f["unit_name"], f["percent"], f["answers"]) for f in figures] == [("高平市人民医院", 100.0, 3), ("泽州县人民医院", 66.7, 3)]
    # Another county's intake sees only its own units' figures.
    client.force_login(tree.other_intake)
    assert client.get("/api/questionnaires/").json()["count"] == 0
    client.force_login(tree.office)
    r = client.post("/api/questionnaires/", {"campaign": campaign.pk, "title": "第二份", "questions": ["服务态度"]},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["questions"][0]["text"] == "服务态度"
    r = client.post("/api/questionnaires/", {"campaign": campaign.pk, "title": "第三份", "questions": []},
                    content_type="application/json")
    assert r.status_code == 400 and str(m.QUESTIONS_REQUIRED) in r.content.decode()
    assert Questionnaire.objects.count() == 2
