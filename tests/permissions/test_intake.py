"""Submissions, meetings and channels in the permission suite."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.intake import services
from fazhi.intake.choices import ChannelKind, MeetingKind, SubmissionKind
from fazhi.intake.models import HANDLER_ROLES, READER_ROLES, Channel, Meeting, Submission
from tests.conftest import SHANGHAI
from tests.permissions.common import (Resource, api_create, api_read, check_case, page_list, page_post, page_read,  # noqa: F401
                                      perm_world, permission_cases)

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
    ], writers=set(HANDLER_ROLES)),
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
