from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionKind(models.TextChoices):
    OPINION = "opinion", _("意见")
    SUGGESTION = "suggestion", _("建议")
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")


class Source(models.TextChoices):
    PORTAL = "portal", _("网上提交")
    PHONE = "phone", _("投诉电话")
    BOX = "box", _("投诉举报箱")
    MAIL = "mail", _("来信")
    MEETING = "meeting", _("会议征求意见")


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    ROUTED = "routed", _("已转办")
    DRAFTED = "drafted", _("答复待审核")
    PROBLEM = "problem", _("已转问题台账")
    REPLIED = "replied", _("已答复")
    DUPLICATE = "duplicate", _("重复件")
    MERGED = "merged", _("已合并")
    REJECTED = "rejected", _("不予受理")


# A case in one of these needs nothing more from the office: no deadline applies.
CLOSED_STATUSES = [SubmissionStatus.REPLIED, SubmissionStatus.DUPLICATE, SubmissionStatus.MERGED, SubmissionStatus.REJECTED]
# Still waiting for the first answer that the case was taken in (受理告知).
UNACKNOWLEDGED_STATUSES = [SubmissionStatus.NEW]


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("待审核")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("已发布")


class MeetingKind(models.TextChoices):
    MOBILIZATION = "mobilization", _("动员大会")
    LEADING_GROUP = "leading_group", _("领导小组会议")
    SYMPOSIUM = "symposium", _("座谈会")
    APPRAISAL = "appraisal", _("评议会")
    DEMOCRATIC_LIFE = "democratic_life", _("民主生活会")
    BRIEFING = "briefing", _("通报会")
    SUMMARY = "summary", _("总结大会")


class ChannelKind(models.TextChoices):
    PHONE = "phone", _("投诉电话")
    BOX = "box", _("投诉举报箱")
    MAILBOX = "mailbox", _("意见箱")
    EMAIL = "email", _("电子邮箱")


class Colour(models.TextChoices):
    GREEN = "green", _("正常")
    AMBER = "amber", _("临期")
    RED = "red", _("逾期")
    NONE = "none", _("已办结")


class Rating(models.IntegerChoices):
    UNSATISFIED = 1, _("不满意")
    BASIC = 2, _("基本满意")
    SATISFIED = 3, _("满意")


class ReporterCategory(models.TextChoices):
    """Who is giving the opinion, as seed 004 lists those to be asked (党代表、人大代表、政协委员…).
    A category, never an identity: it is shown, filtered and exported like the case's kind."""

    PARTY_DELEGATE = "party_delegate", _("党代表")
    NPC_DEPUTY = "npc_deputy", _("人大代表")
    CPPCC_MEMBER = "cppcc_member", _("政协委员")
    SERVICE_USER = "service_user", _("服务对象")
    PATIENT = "patient", _("患者")
    MEDICAL_STAFF = "medical_staff", _("医务人员")
    RETIRED_CADRE = "retired_cadre", _("离退休老同志")
    OTHER = "other", _("其他")


# Answers that count towards a unit's satisfaction figure (满意 and 基本满意).
SATISFIED_RATINGS = (Rating.SATISFIED, Rating.BASIC)
