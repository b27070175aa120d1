"""Submissions, meetings and channels in the permission suite."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.intake import services
from fazhi.intake.choices import ChannelKind, MeetingKind, SubmissionKind
from fazhi.intake.models import HANDLER_ROLES, READER_ROLES, Channel, Meeting, Questionnaire, Submission
from tests.conftest import SHANGHAI
from tests.factories import CampaignFactory
from tests.permissions.common import (Probe, Resource, _seen, api_create, api_read, check_case, page_list, page_post,  # noqa: F401
                                      page_read, perm_world, permission_cases)

pytestmark = pytest.mark.django_db


def _submission(world, target):
    sub, _password = services.submission_submit(kind=SubmissionKind.COMPLAINT, text=f"投诉{target}医院收费不透明。",
                                                unit=world.hospitals[target])
    return sub


def _meeting(world, target):
    return services.meeting_create(actor=world.makers[target], organizer=world.counties[target], kind=MeetingKind.SYMPOSIUM,
                                   title=f"征求意见座谈会-{target}", starts_at=dt.datetime(2026, 11, 20, 9, tzinfo=SHANGHAI),
                                   place="三楼会议室", attendees="各科室负责人")


def _channel(world, target):
    return services.channel_create(actor=world.makers[target], unit=world.hospitals[target], kind=ChannelKind.PHONE,
                                   value=f"0356-12345{TARGET_DIGIT[target]}")


TARGET_DIGIT = {"own": 1, "sibling": 2, "foreign": 3}


def _questionnaire(world, target):
    """A 民主评议 questionnaire of a campaign the target's county issues, answered once about its hospital."""
    campaign = CampaignFactory(issuer=world.counties[target], title=f"效能建设-{target}")
    q = services.questionnaire_create(actor=world.makers[target], campaign=campaign, title=f"民主评议-{target}",
                                      questions="服务态度\n办事效率")
    services.survey_answer(questionnaire=q, unit=world.hospitals[target], answers={x.pk: 3 for x in q.questions.all()})
    return q


def _satisfaction(client, obj, world, unit):
    return _seen(client.get(f"/api/questionnaires/{obj.pk}/satisfaction/"))


def _meeting_patch(client, obj, world, unit):
    return _seen(client.patch(f"/api/meetings/{obj.pk}/", {"expected_count": 40, "present_count": 38}, format="json"))


def _meeting_edit_data(world, obj, unit):
    return {"kind": obj.kind, "title": obj.title, "starts_at": "2026-11-20T09:00", "place": obj.place,
            "attendees": obj.attendees, "expected_count": "30", "present_count": "29", "minutes": "纪要"}

RESOURCES = [
    # A new case is the receiving office's: the liaison of the unit it is about sees it only once routed there
    # (tests/intake/test_api_and_views.py); the inspector and reviewer never.
    Resource("submissions", make=_submission, probes=[
        page_read("intake:detail", "intake:inbox"),
        api_read("submissions"),
        page_post(lambda obj, unit: reverse("intake:route", args=[obj.pk]), lambda w, obj, unit: {"unit": unit.pk},
                  written=lambda w, obj, unit: Submission.objects.get(pk=obj.pk).assigned_unit_id == unit.pk, op="route"),
    ], readers=set(READER_ROLES), writers=set(HANDLER_ROLES)),
    Resource("meetings", make=_meeting, probes=[
        page_read("intake:meeting", "intake:meetings"),
        api_read("meetings"),
        api_create("meetings", lambda w, obj, unit: {"organizer": obj.organizer_id, "kind": MeetingKind.APPRAISAL,
                                                    "title": "行风评议会", "starts_at": "2026-12-10T09:00:00+08:00",
                                                    "place": "一楼大厅", "attendees": "群众代表"},
                   written=lambda w, obj, unit: Meeting.objects.filter(organizer=obj.organizer, title="行风评议会").exists()),
        page_post(lambda obj, unit: reverse("intake:meeting_edit", args=[obj.pk]), _meeting_edit_data,
                  written=lambda w, obj, unit: Meeting.objects.get(pk=obj.pk).present_count == 29, op="attendance"),
        Probe("api", "attendance", _meeting_patch, written=lambda w, obj, unit: Meeting.objects.get(pk=obj.pk).present_count == 38),
    ], writers=set(HANDLER_ROLES)),
    # 民主评议: the intake office's pages and API (intake, office, leader); the others meet 403 on both.
    Resource("questionnaires", make=_questionnaire, probes=[
        page_read("intake:questionnaire", "intake:questionnaires"),
        api_read("questionnaires"),
        Probe("api", "read", _satisfaction),
        page_post(lambda obj, unit: reverse("intake:questionnaire_toggle", args=[obj.pk]), lambda w, obj, unit: {},
                  written=lambda w, obj, unit: not Questionnaire.objects.get(pk=obj.pk).is_open, op="close"),
        api_create("questionnaires", lambda w, obj, unit: {"campaign": obj.campaign_id, "title": "第二份评议", "questions": ["服务态度"]},
                   written=lambda w, obj, unit: Questionnaire.objects.filter(campaign=obj.campaign, title="第二份评议").exists()),
    ], readers=set(READER_ROLES), writers=set(HANDLER_ROLES), gate=set(READER_ROLES)),
    Resource("channels", make=_channel, probes=[
        page_list("intake:channels", lambda obj: obj.value),
        page_post(lambda obj, unit: reverse("intake:channel_toggle", args=[obj.pk]), lambda w, obj, unit: {},
                  written=lambda w, obj, unit: Channel.objects.get(pk=obj.pk).published != obj.published, op="toggle"),
    ], writers=set(HANDLER_ROLES)),
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)
