"""Opinions, complaints and reports from the public, their replies, the meetings where
opinions are gathered, and the channels the office publishes.

The reporter's identity is not on the case: it lives in `Reporter`, encrypted, and is read
only through `services.reporter_read`, which checks the intake role and writes an audit row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.org.choices import Role
from fazhi.org.scoping import granted_paths, is_unrestricted, path_q

from . import crypto
from .choices import (ChannelKind, MeetingKind, Rating, ReplyStatus, ReporterCategory, Source, SubmissionKind, SubmissionStatus)

HANDLER_ROLES = [Role.INTAKE, Role.OFFICE]
READER_ROLES = [Role.INTAKE, Role.OFFICE, Role.LEADER]


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SubmissionQuerySet":
        """Handlers and leaders see the cases received in their subtree; a unit's liaison sees
        the cases routed to that unit once they are routed. Nobody else sees any."""
        if is_unrestricted(user):
            return self
        q = path_q(granted_paths(user, READER_ROLES), "received_by__path")
        liaison = granted_paths(user, [Role.LIAISON])
        if liaison:
            q |= path_q(liaison, "assigned_unit__path") & ~Q(status=SubmissionStatus.NEW)
        return self.filter(q)


class Submission(models.Model):
    """One opinion, suggestion, complaint or report (征求意见 / 投诉举报), from any channel."""

    case_number = models.CharField(_("受理编号"), max_length=20, unique=True)
    password_hash = models.CharField(_("查询密码（摘要）"), max_length=128, editable=False)
    kind = models.CharField(_("类别"), max_length=20, choices=SubmissionKind.choices)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.PORTAL)
    status = models.CharField(_("状态"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.NEW, db_index=True)
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions_about",
                             verbose_name=_("反映的单位"))
    received_by = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="submissions_received",
                                    verbose_name=_("受理单位"))
    assigned_unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="submissions_assigned", verbose_name=_("承办单位"))
    title = models.CharField(_("标题"), max_length=100, blank=True)
    text = models.TextField(_("内容"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    reporter_category = models.CharField(_("反映人类别"), max_length=20, choices=ReporterCategory.choices, blank=True, db_index=True)
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now, db_index=True)
    ack_due = models.DateField(_("受理告知期限"))
    conclude_due = models.DateField(_("办结期限"))
    acknowledged_on = models.DateField(_("受理日期"), null=True, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates",
                                     verbose_name=_("重复于"))
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged",
                                    verbose_name=_("合并到"))
    reason = models.TextField(_("处理理由"), blank=True)
    # The ledger's Problem, by id: the ledger app answers the hook in signals.py and may not exist yet.
    problem_id = models.PositiveIntegerField(_("问题台账编号"), null=True, blank=True)
    meeting = models.ForeignKey("Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions",
                                verbose_name=_("会议"))
    rating = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True, choices=Rating.choices)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("录入人"))

    objects = SubmissionQuerySet.as_manager()
    scope_path = "received_by__path"

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("意见投诉件")
        verbose_name_plural = _("意见投诉件")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="submission_text_required",
                                   violation_error_message=_("请填写反映的内容。")),
            models.CheckConstraint(condition=Q(conclude_due__gte=models.F("ack_due")), name="submission_due_order",
                                   violation_error_message=_("办结期限不能早于受理告知期限。")),
        ]
        indexes = [models.Index(fields=["received_by", "status"])]

    def __str__(self):
        return f"{self.case_number} {self.get_kind_display()}"

    @property
    def is_closed(self) -> bool:
        from .choices import CLOSED_STATUSES

        return self.status in CLOSED_STATUSES


class Reporter(models.Model):
    """Who submitted a case, kept apart from it and encrypted at rest (FAZHI_FIELD_KEY).

    Nothing here is ever put in a list, an export, an API answer or a notification; the one
    way to read it is `services.reporter_read`."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="reporter",
                                      verbose_name=_("意见投诉件"))
    name_enc = models.TextField(_("姓名（加密）"), blank=True)
    phone_enc = models.TextField(_("电话（加密）"), blank=True)
    ip_enc = models.TextField(_("IP 地址（加密）"), blank=True)

    class Meta:
        verbose_name = _("反映人信息")
        verbose_name_plural = _("反映人信息")

    def __str__(self):
        # Never the identity itself: this string ends up in audit rows and admin pages.
        return str(_("反映人信息 #{pk}")).format(pk=self.pk)

    def set_identity(self, *, name: str, phone: str, ip: str) -> None:
        self.name_enc, self.phone_enc, self.ip_enc = crypto.encrypt(name), crypto.encrypt(phone), crypto.encrypt(ip)

    def identity(self) -> dict:
        return {"name": crypto.decrypt(self.name_enc), "phone": crypto.decrypt(self.phone_enc), "ip": crypto.decrypt(self.ip_enc)}


def attachment_path(instance, filename):
    # The stored name is random: an uploaded file name can itself identify the person.
    import uuid

    return f"intake/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file sent with a case, checked by content (`fazhi.core.files.check_upload`)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("意见投诉件"))
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    mime = models.CharField(_("类型"), max_length=100)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["submission", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.name


class Reply(models.Model):
    """The answer to a case: drafted by the responsible unit, approved and published by the
    office; only a published reply reaches the person who asked."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="replies", verbose_name=_("意见投诉件"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("答复单位"))
    text = models.TextField(_("答复内容"))
    status = models.CharField(_("状态"), max_length=20, choices=ReplyStatus.choices, default=ReplyStatus.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("起草人"))
    drafted_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("审核人"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    return_note = models.TextField(_("退回意见"), blank=True)

    class Meta:
        ordering = ["submission", "drafted_at", "id"]
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="reply_text_required",
                                              violation_error_message=_("请填写答复内容。"))]

    def __str__(self):
        return str(_("{number} 的答复")).format(number=self.submission.case_number)


class TimeLimit(models.Model):
    """The office's time limits for one kind of case; without a row the 信访 defaults hold
    (acknowledge within 15 days, conclude within 60 days)."""

    kind = models.CharField(_("类别"), max_length=20, choices=SubmissionKind.choices, unique=True)
    ack_days = models.PositiveSmallIntegerField(_("受理告知期限（天）"), default=15)
    ack_working = models.BooleanField(_("按工作日计算受理告知期限"), default=False)
    conclude_days = models.PositiveSmallIntegerField(_("办结期限（天）"), default=60)
    conclude_working = models.BooleanField(_("按工作日计算办结期限"), default=False)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        constraints = [
            models.CheckConstraint(condition=Q(ack_days__gte=1, ack_days__lte=365, conclude_days__gte=1, conclude_days__lte=365),
                                   name="timelimit_days_range", violation_error_message=_("期限须在 1 到 365 天之间。")),
        ]

    def __str__(self):
        return self.get_kind_display()


def minutes_path(instance, filename):
    import uuid

    return f"intake/minutes/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from fazhi.org.scoping import scope

        return scope(self, user, path_field="organizer__path")


class Meeting(models.Model):
    """A mobilisation meeting, symposium or appraisal meeting (动员大会、座谈会、评议会) where
    opinions are gathered; those opinions are entered as submissions of source "meeting"."""

    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    organizer = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("主办单位"))
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings",
                                 verbose_name=_("创建活动"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200)
    attendees = models.TextField(_("参会人员"))
    agenda = models.TextField(_("议程"), blank=True)
    expected_count = models.PositiveIntegerField(_("应到人数"), null=True, blank=True)
    present_count = models.PositiveIntegerField(_("实到人数"), null=True, blank=True)
    present = models.TextField(_("实际出席人员"), blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    minutes_file = models.FileField(_("纪要文件"), upload_to=minutes_path, blank=True)

    objects = MeetingQuerySet.as_manager()
    scope_path = "organizer__path"

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                                   name="meeting_end_after_start", violation_error_message=_("会议结束时间不能早于开始时间。")),
            models.CheckConstraint(condition=Q(expected_count__isnull=True) | Q(present_count__isnull=True)
                                   | Q(present_count__lte=models.F("expected_count")),
                                   name="meeting_present_within_expected", violation_error_message=_("实到人数不能多于应到人数。")),
        ]

    def __str__(self):
        return self.title

    @property
    def attendance_rate(self) -> int | None:
        if not self.expected_count or self.present_count is None:
            return None
        return round(100 * self.present_count / self.expected_count)


class Channel(models.Model):
    """A published way to reach a unit: its complaint phone, its complaint box, a mailbox."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="channels", verbose_name=_("单位"))
    kind = models.CharField(_("渠道"), max_length=20, choices=ChannelKind.choices)
    value = models.CharField(_("号码或地点"), max_length=200)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    published = models.BooleanField(_("公开"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    scope_path = "unit__path"

    class Meta:
        ordering = ["unit__path", "order", "id"]
        verbose_name = _("投诉渠道")
        verbose_name_plural = _("投诉渠道")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "value"], name="channel_unique",
                                    violation_error_message=_("该单位已登记此渠道。")),
        ]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()} {self.value}"


class RateHit(models.Model):
    """One counted request for a rate limit. Kept in the database, not in a process, so that
    every worker of every host counts the same; the key is a keyed hash, never the address."""

    scope = models.CharField(_("类别"), max_length=20)
    key = models.CharField(_("键"), max_length=40)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("限流记录")
        verbose_name_plural = _("限流记录")
        indexes = [models.Index(fields=["scope", "key", "at"])]


class QuestionnaireQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The intake office's readers (intake, office, leader) over the campaign's issuer, as the pages."""
        from fazhi.org.scoping import scope

        return scope(self, user, path_field="campaign__issuer__path", roles=READER_ROLES)


class Questionnaire(models.Model):
    """A 民主评议 questionnaire of one campaign: the office sets the questions, the public
    answers them on the portal for one unit at a time, each on the 满意/基本满意/不满意 scale."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="questionnaires",
                                 verbose_name=_("创建活动"))
    title = models.CharField(_("问卷名称"), max_length=200)
    intro = models.TextField(_("说明"), blank=True)
    is_open = models.BooleanField(_("接受填写"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("创建人"))

    objects = QuestionnaireQuerySet.as_manager()
    scope_path = "campaign__issuer__path"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("民主评议问卷")
        verbose_name_plural = _("民主评议问卷")
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="questionnaire_title_required",
                                              violation_error_message=_("请填写问卷名称。"))]

    def __str__(self):
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions",
                                      verbose_name=_("民主评议问卷"))
    text = models.CharField(_("题目"), max_length=300)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["questionnaire", "order", "id"]
        verbose_name = _("评议题目")
        verbose_name_plural = _("评议题目")

    def __str__(self):
        return self.text


class SurveyResponse(models.Model):
    """One person's answers about one unit. Nothing here names the person: no name, no
    address (the rate limit counts a keyed hash in RateHit, not here)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses",
                                      verbose_name=_("民主评议问卷"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="survey_responses", verbose_name=_("评议的单位"))
    category = models.CharField(_("评议人类别"), max_length=20, choices=ReporterCategory.choices, blank=True)
    comment = models.CharField(_("意见建议"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)

    scope_path = "unit__path"

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("评议答卷")
        verbose_name_plural = _("评议答卷")
        indexes = [models.Index(fields=["questionnaire", "unit"])]

    def __str__(self):
        return str(_("{unit} 的评议答卷 #{pk}")).format(unit=self.unit_id and self.unit.name, pk=self.pk)


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("评议答卷"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("评议题目"))
    rating = models.PositiveSmallIntegerField(_("评价"), choices=Rating.choices)

    class Meta:
        ordering = ["response", "question__order", "id"]
        verbose_name = _("评议答案")
        verbose_name_plural = _("评议答案")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]
