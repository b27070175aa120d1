from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import StoredFile, stored_file_path
from fazhi.org.models import Unit
from fazhi.org.scoping import ScopedQuerySet

from .choices import (AccountabilityOutcome, Cause, EntryType, Evaluation, EventKind, FourNots, NoticeStatus, PlanKind, PlanReview,
                      ProblemSource, ProblemStatus, ReportStatus, Responsibility, Severity, Tier, Trigger)


class Counter(models.Model):
    """Serial numbers (problem numbers, notice numbers) kept in the database, so that several
    processes never hand out the same number."""

    kind = models.CharField(_("类别"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用编号"), default=0)

    class Meta:
        verbose_name = _("编号计数")
        verbose_name_plural = _("编号计数")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="ledger_counter_unique")]


class ProblemCategory(models.Model):
    """A category of problems (四风、行风、看病难…): a list the office keeps."""

    name = models.CharField(_("类别名称"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the user's language: the default categories are in the catalogue, the office's own are shown as kept."""
        from django.utils.translation import gettext

        return gettext(self.name)


class RectificationPlan(models.Model):
    """One of a unit's "两方案一计划", grouping its problems; filed with the leading group."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="rectification_plans", verbose_name=_("单位"))
    kind = models.CharField(_("方案类别"), max_length=20, choices=PlanKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("制定人"))
    created_at = models.DateTimeField(_("制定时间"), auto_now_add=True)
    filed_at = models.DateTimeField(_("备案时间"), null=True, blank=True)
    is_public = models.BooleanField(_("向社会公开"), default=False)
    # 「严把整改方案质量关」: the office approves a filed plan or returns it with a reason; the unit
    # revises and files it again (revision counts the filings).
    review_status = models.CharField(_("审核状态"), max_length=10, choices=PlanReview.choices, default=PlanReview.PENDING,
                                     db_index=True)
    review_reason = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("审核人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("报送次数"), default=0)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["unit__path", "kind", "id"]
        verbose_name = _("整改方案")
        verbose_name_plural = _("整改方案")

    def __str__(self):
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.review_status == PlanReview.APPROVED


class Problem(models.Model):
    """A problem found (问题), from any source, owned by a responsible unit until closed out.

    A problem that came from another record (a public submission, an assessment shortfall)
    keeps a generic reference to it (source_type, source_id), so that this app needs to know
    nothing of the app it came from.
    """

    number = models.CharField(_("问题编号"), max_length=20, unique=True, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="problems", verbose_name=_("责任单位"))
    # The 法治, 效能 and 群众路线 ledgers of one commission stay apart: a problem belongs to one campaign.
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="problems", verbose_name=_("所属活动"))
    entry_type = models.CharField(_("条目类型"), max_length=20, choices=EntryType.choices, default=EntryType.SPECIFIC,
                                  db_index=True)
    source = models.CharField(_("问题来源"), max_length=20, choices=ProblemSource.choices, db_index=True)
    source_type = models.CharField(_("来源记录类型"), max_length=60, blank=True)
    source_id = models.CharField(_("来源记录编号"), max_length=40, blank=True)
    category = models.ForeignKey(ProblemCategory, on_delete=models.PROTECT, related_name="problems", verbose_name=_("问题类别"))
    # The two classifications by which seed 004 sorts its ledger (按问题的管辖责任、原因性质归类).
    cause = models.CharField(_("原因性质"), max_length=20, choices=Cause.choices, default=Cause.OTHER, db_index=True)
    responsibility = models.CharField(_("管辖责任"), max_length=20, choices=Responsibility.choices, blank=True,
                                      db_index=True)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices, default=Severity.GENERAL)
    description = models.TextField(_("问题描述"))
    found_on = models.DateField(_("发现日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("登记人"))
    four_nots = models.BooleanField(_("适用“四个不放过”"), default=False)
    plan = models.ForeignKey(RectificationPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="problems",
                             verbose_name=_("整改方案"))
    status = models.CharField(_("状态"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True)
    # Anything the unit does (measures, progress, report) moves this; supervision escalates when it stands still.
    last_moved_at = models.DateTimeField(_("最近办理时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("销号人"))
    close_note = models.TextField(_("销号意见"), blank=True, help_text=_("问题来自群众意见或投诉时，将作为答复告知反映人。"))
    # 「因政策不允许或条件不许可的要作好解释说明」: a finished state of its own, told to whoever raised it.
    explanation = models.TextField(_("解释说明"), blank=True)
    explained_at = models.DateTimeField(_("解释说明时间"), null=True, blank=True)
    explained_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("解释说明人"))
    # 上墙公开: shown on the public portal only once the unit chose to publish it.
    is_published = models.BooleanField(_("上墙公开"), default=False, db_index=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    # 专项整治: 「专门方案、推进措施、牵头部门、具体责任人、检查评估、监督问责」.
    lead_department = models.CharField(_("牵头部门"), max_length=100, blank=True)
    lead_person = models.CharField(_("具体责任人"), max_length=100, blank=True)
    check_note = models.TextField(_("检查情况"), blank=True)
    checked_on = models.DateField(_("检查日期"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("检查人"))
    evaluation = models.CharField(_("评估结论"), max_length=10, choices=Evaluation.choices, blank=True)
    evaluation_note = models.TextField(_("评估意见"), blank=True)
    evaluated_on = models.DateField(_("评估日期"), null=True, blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("评估人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id"], condition=~Q(source_type=""),
                                    name="problem_unique_source", violation_error_message=_("该来源记录已登记为问题。")),
        ]
        indexes = [
            models.Index(fields=["status", "unit"]),
            # The ledger's own order: a page of a county's problems walks it and stops at its rows
            # instead of sorting every problem of the county.
            models.Index(fields=["-found_on", "-id"], name="problem_found_desc"),
        ]

    def __str__(self):
        return f"{self.number} {self.description[:30]}"

    @property
    def is_closed(self) -> bool:
        return self.status == ProblemStatus.CLOSED

    @property
    def is_finished(self) -> bool:
        return self.status in (ProblemStatus.CLOSED, ProblemStatus.EXPLAINED)

    @property
    def is_special(self) -> bool:
        return self.entry_type == EntryType.CAMPAIGN


class Rectification(models.Model):
    """The measures, responsible person and deadline of one problem (整改措施、责任人、整改时限)."""

    problem = models.OneToOneField(Problem, on_delete=models.CASCADE, related_name="rectification", verbose_name=_("问题"))
    measures = models.TextField(_("整改措施"))
    responsible_person = models.CharField(_("责任人"), max_length=100)
    deadline = models.DateField(_("整改时限"))
    deadline_days = models.PositiveSmallIntegerField(_("整改时限（工作日）"), null=True, blank=True,
                                                     help_text=_("按工作日约定时限时的天数，自发现日期起算。"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("制定人"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "problem__unit__path"

    class Meta:
        verbose_name = _("整改")
        verbose_name_plural = _("整改")
        indexes = [models.Index(fields=["deadline"])]

    def __str__(self):
        return f"{self.problem.number} · {self.responsible_person}"


class CompletionReport(models.Model):
    """A completion report (办结报告) and the office's verification of it."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="reports", verbose_name=_("问题"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("报送人"))
    text = models.TextField(_("完成情况"))
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    status = models.CharField(_("核验状态"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    verifier = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("核验人"))
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    comment = models.TextField(_("核验意见"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "problem__unit__path"

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("办结报告")
        verbose_name_plural = _("办结报告")

    def __str__(self):
        return f"{self.problem.number} · {self.get_status_display()}"


class ProblemEvent(models.Model):
    """One step in a problem's history as the ledger shows it: progress, send-back, reopen…"""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events", verbose_name=_("问题"))
    kind = models.CharField(_("类别"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("办理人"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    text = models.TextField(_("内容"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self):
        return f"{self.problem.number} · {self.get_kind_display()}"


class FourNotsConfirmation(models.Model):
    """One of the four confirmations of "四个不放过", with who confirmed it and when."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="confirmations", verbose_name=_("问题"))
    item = models.CharField(_("事项"), max_length=20, choices=FourNots.choices)
    note = models.TextField(_("情况说明"), blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("确认人"))
    confirmed_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        ordering = ["problem", "item"]
        verbose_name = _("“四个不放过”确认")
        verbose_name_plural = _("“四个不放过”确认")
        constraints = [models.UniqueConstraint(fields=["problem", "item"], name="four_nots_unique",
                                               violation_error_message=_("该事项已确认。"))]


attachment_path = stored_file_path  # named by migration 0001


class Attachment(StoredFile):
    """Evidence of a problem, its progress or its completion report; served through a permission check."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("问题"))
    event = models.ForeignKey(ProblemEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments",
                              verbose_name=_("办理记录"))
    storage_prefix = "ledger"

    objects = ScopedQuerySet.as_manager()
    scope_path = "problem__unit__path"

    class Meta:
        ordering = ["id"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")


class SupervisionNotice(models.Model):
    """A numbered supervision notice (督办单) at one tier, addressed to one unit.

    Escalation does not edit a notice: it marks it escalated and issues the next one, a tier
    higher and addressed one level up, so the chain of notices is the record.
    """

    number = models.CharField(_("督办单编号"), max_length=40, unique=True, editable=False)
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="notices", verbose_name=_("问题"))
    tier = models.CharField(_("督办等级"), max_length=10, choices=Tier.choices)
    addressed_to = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("督办对象"))
    reason = models.TextField(_("督办事由"))
    issued_on = models.DateField(_("督办日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("督办人"), help_text=_("为空表示按督办规则自动发出。"))
    automatic = models.BooleanField(_("自动督办"), default=False)
    trigger = models.CharField(_("督办原因"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    status = models.CharField(_("状态"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ACTIVE, db_index=True)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next",
                                    verbose_name=_("升级自"))
    closed_on = models.DateField(_("解除或升级日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "problem__unit__path"

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        constraints = [
            # One notice in force per problem: escalation closes the old one before issuing the next.
            models.UniqueConstraint(fields=["problem"], condition=Q(status=NoticeStatus.ACTIVE),
                                    name="notice_one_active", violation_error_message=_("该问题已有生效的督办单。")),
        ]

    def __str__(self):
        return f"{self.number} {self.get_tier_display()}"


class AccountabilityReferral(models.Model):
    """A problem still not rectified past its deadline after a red supervision notice, referred
    for accountability (问责, 「强化责任追究制」), and the outcome once decided."""

    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("问题"))
    notice = models.ForeignKey(SupervisionNotice, on_delete=models.PROTECT, related_name="+", verbose_name=_("红色督办单"))
    reason = models.TextField(_("移交事由"))
    referred_to = models.CharField(_("移交机关"), max_length=100, help_text=_("如纪检监察机构、组织人事部门。"))
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("移交人"))
    referred_on = models.DateField(_("移交日期"))
    outcome = models.CharField(_("处理结果"), max_length=20, choices=AccountabilityOutcome.choices,
                               default=AccountabilityOutcome.PENDING)
    outcome_note = models.TextField(_("处理情况"), blank=True)
    decided_on = models.DateField(_("处理日期"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("登记人"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "problem__unit__path"

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("问责移交")
        verbose_name_plural = _("问责移交")
        constraints = [
            models.UniqueConstraint(fields=["problem"], condition=Q(outcome="pending"), name="referral_one_pending",
                                    violation_error_message=_("该问题已移交问责，尚待处理结果。")),
        ]

    def __str__(self):
        return f"{self.problem.number} · {self.get_outcome_display()}"
