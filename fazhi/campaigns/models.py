from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import StoredFile, stored_file_path
from fazhi.notices.choices import NoticeStatus, Tier, Trigger
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit
from fazhi.org.scoping import ScopedQuerySet

from .choices import AssignmentStatus, CampaignStatus, DemoLevel, QuotaKind, Recurrence, ReportStatus, RuleOp, WorkKind

PHASE_ENDS_BEFORE_START = _("阶段的结束日期不能早于开始日期。")


class Campaign(models.Model):
    """A campaign (创建活动 / 专项行动) issued by a unit, run from its plan (实施方案)."""

    title = models.CharField(_("活动名称"), max_length=200)
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("发文单位"))
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    plan_text = models.TextField(_("实施方案"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="linked",
                               verbose_name=_("上级活动"), help_text=_("本活动落实的上级单位的活动。"))
    activated_at = models.DateTimeField(_("启动时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "issuer__path"

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("创建活动")
        verbose_name_plural = _("创建活动")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="campaign_dates_ordered", violation_error_message=_("活动的结束日期不能早于开始日期。")),
        ]

    def __str__(self):
        return self.title


class Phase(models.Model):
    """A phase of a campaign (动员部署、组织实施、总结验收…) and the kinds of work it opens."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases", verbose_name=_("创建活动"))
    name = models.CharField(_("阶段名称"), max_length=100)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    opens = models.JSONField(_("开放的工作"), default=list, blank=True,
                             help_text=_("本阶段开放的工作类别：进展报送、自评、督查考评、推荐评选。"))

    class Meta:
        ordering = ["campaign", "order", "start"]
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="phase_dates_ordered",
                                   violation_error_message=PHASE_ENDS_BEFORE_START),
        ]

    def __str__(self):
        return self.name

    def opens_work(self, work: str) -> bool:
        return work in (self.opens or [])

    def get_opens_display(self) -> str:
        labels = dict(WorkKind.choices)
        return "、".join(str(labels.get(w, w)) for w in self.opens or [])


class Quota(models.Model):
    """How many demonstration units a scope is to produce (创建指标).

    scope = null: the whole system of the campaign; per_child: each direct child of the
    scope unit (e.g. "各县（市、区）重点培养1个"). kind: a cap (不超过, and a bare number), a
    minimum the scope must reach (至少 / 不少于), or an exact number (both).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("创建活动"))
    level = models.CharField(_("示范类别"), max_length=20, choices=DemoLevel.choices)
    scope = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("范围"))
    per_child = models.BooleanField(_("按下级单位分别计"), default=False)
    count = models.PositiveSmallIntegerField(_("数量"))
    kind = models.CharField(_("指标类型"), max_length=10, choices=QuotaKind.choices, default=QuotaKind.CAP)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["campaign", "per_child", "level"]
        verbose_name = _("创建指标")
        verbose_name_plural = _("创建指标")

    def __str__(self):
        return f"{self.get_level_display()} {self.get_kind_display()} {self.count}"

    @property
    def caps(self) -> bool:
        return self.kind in (QuotaKind.CAP, QuotaKind.EXACT)

    @property
    def is_minimum(self) -> bool:
        return self.kind in (QuotaKind.MINIMUM, QuotaKind.EXACT)


class Task(models.Model):
    """A work task (工作任务) of a campaign's task list, a tree numbered as the plan prints it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("创建活动"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("上级任务"))
    label = models.CharField(_("序号"), max_length=20, blank=True, help_text=_("与方案印发的编号一致，如 一、（一）1、（1）①"))
    heading = models.CharField(_("标题"), max_length=300, blank=True)
    text = models.TextField(_("内容"), blank=True)
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    sort_key = models.CharField(_("排序键"), max_length=120, db_index=True, editable=False, blank=True)
    applies_to = models.JSONField(_("适用单位类别"), default=list, blank=True)
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks", verbose_name=_("阶段"))
    due_date = models.DateField(_("完成时限"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "sort_key"]
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")

    def __str__(self):
        return f"{self.label}{self.heading or self.text[:40]}"

    def save(self, *args, **kwargs):
        # Depth-first order of the tree as one sortable string: a task list reads in plan order.
        prefix = self.parent.sort_key if self.parent_id else ""
        self.sort_key = f"{prefix}{self.order:05d}."
        self.level = (self.parent.level + 1) if self.parent_id else self.level or 1
        super().save(*args, **kwargs)

    def get_applies_to_display(self) -> str:
        labels = dict(UnitKind.choices)
        return "、".join(str(labels.get(k, k)) for k in self.applies_to or [])


class Assignment(models.Model):
    """A task given to one unit (责任分工), with its due date and where it stands."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("工作任务"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("责任单位"))
    due_date = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.NOT_STARTED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0)
    created_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    responsible = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="assignments",
                                    verbose_name=_("责任人"))
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("任务分工")
        verbose_name_plural = _("任务分工")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique",
                                    violation_error_message=_("该任务已分配给该单位。")),
            models.CheckConstraint(condition=Q(progress__lte=100), name="assignment_progress_max",
                                   violation_error_message=_("完成进度不能超过 100%。")),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # The lists' default order (by due date): a page of a county's work walks it and stops.
            models.Index(fields=["due_date", "id"], name="assignment_due_id"),
            # Work still owed, in the order of its deadline: the overdue panel, the red and amber
            # filters and the list's default order walk it and stop at a page's rows.
            models.Index(fields=["due_date", "id"], name="assignment_open_due",
                         condition=~Q(status__in=["done", "withdrawn"])),
            # A subtree's work counted unit by unit from this index alone, the status read from it
            # too (PostgreSQL; elsewhere a plain index): the lists' counts of a county, all of its
            # work or its red or amber (some 110 ms to 10-20 ms at province scale), read every
            # assignment of the table without it.
            models.Index(fields=["unit", "due_date"], include=["status"], name="assignment_unit_due_status"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.task}"

    @property
    def campaign(self):
        return self.task.campaign


class ProgressReport(models.Model):
    """A progress report (进展报送) by a unit's liaison, reviewed by the office."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("任务分工"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("报送人"))
    text = models.TextField(_("进展情况"))
    progress = models.PositiveSmallIntegerField(_("完成进度（%）"), default=100)
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    status = models.CharField(_("审核状态"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("审核人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "assignment__unit__path"

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("进展报送")
        verbose_name_plural = _("进展报送")
        # The review queue (reports waiting, oldest first) is a small part of all reports: a partial
        # index keeps it a short read however many reports were accepted over the years.
        indexes = [models.Index(fields=["submitted_at", "id"], condition=Q(status=ReportStatus.SUBMITTED),
                                name="report_review_queue")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max",
                                   violation_error_message=_("完成进度不能超过 100%。")),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.submitted_at:%Y-%m-%d}"


evidence_path = stored_file_path  # named by migration 0001


class Evidence(StoredFile):
    """A supporting file (佐证材料) of a progress report, served only through a permission check."""

    storage_prefix = "evidence"

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("进展报送"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "report__assignment__unit__path"

    class Meta:
        ordering = ["id"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")


class Milestone(models.Model):
    """A dated step of the plan that belongs to no one task (时间节点: "5月15日前报送示范点名单").

    A recurring one ("每年12月底前") has no date: it is kept as the plan printed it.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("创建活动"))
    date = models.DateField(_("日期"), null=True, blank=True)
    what = models.CharField(_("事项"), max_length=300)
    who = models.CharField(_("责任单位"), max_length=200, blank=True)
    to = models.CharField(_("报送对象"), max_length=200, blank=True)
    recurring = models.CharField(_("周期"), max_length=10, choices=Recurrence.choices, blank=True)
    line = models.PositiveIntegerField(_("方案行号"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "date", "id"]
        verbose_name = _("时间节点")
        verbose_name_plural = _("时间节点")

    def __str__(self):
        return self.what


class PlanRule(models.Model):
    """A numeric rule of the plan ("每年至少举办两期", "不低于20%"), kept to be checked on the data."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rules", verbose_name=_("创建活动"))
    text = models.TextField(_("原文"), blank=True)
    subject = models.CharField(_("对象"), max_length=200)
    op = models.CharField(_("比较"), max_length=2, choices=RuleOp.choices)
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=20, blank=True, help_text=_("次、期、%，或 ratio（比例）"))
    per = models.CharField(_("周期"), max_length=10, blank=True, help_text=_("年、季度、月，或空"))
    of = models.CharField(_("基数"), max_length=200, blank=True)
    line = models.PositiveIntegerField(_("方案行号"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=40, blank=True, default="plan")

    class Meta:
        ordering = ["campaign", "line", "id"]
        verbose_name = _("方案数量要求")
        verbose_name_plural = _("方案数量要求")

    def __str__(self):
        return self.text or f"{self.subject} {self.op} {self.value}{self.unit}"

    @property
    def display(self) -> str:
        """"法治专题培训 每年 不少于 2 期" / "课程学时 不少于 学习培训总学时的 20%"."""
        per = {"year": "每年", "quarter": "每季度", "month": "每月"}.get(self.per, self.per)
        op = RuleOp(self.op).label if self.op in RuleOp.values else self.op
        if self.unit == "ratio":
            amount = f"{(self.value * 100).normalize():f}%"
            return f"{self.subject} {op} {self.of + '的 ' if self.of else ''}{amount}"
        return " ".join(x for x in (self.subject, str(per or ""), str(op), f"{self.value.normalize():f}{self.unit}") if x)


class AssignmentNotice(models.Model):
    """A supervision notice (督办单) on an assignment, raised by the shared ladder (fazhi.notices.ladder).

    As in the ledger, escalation does not edit a notice: it closes it and issues the next one, a
    tier higher or a level up the unit tree, so the chain is the record.
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notices", verbose_name=_("任务分工"))
    tier = models.CharField(_("督办等级"), max_length=10, choices=Tier.choices)
    addressed_to = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("督办对象"))
    reason = models.TextField(_("督办事由"))
    issued_on = models.DateField(_("督办日期"))
    trigger = models.CharField(_("督办原因"), max_length=10, choices=Trigger.choices)
    status = models.CharField(_("状态"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ACTIVE, db_index=True)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next",
                                    verbose_name=_("升级自"))
    closed_on = models.DateField(_("解除或升级日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "assignment__unit__path"

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("任务督办单")
        verbose_name_plural = _("任务督办单")
        constraints = [
            models.UniqueConstraint(fields=["assignment"], condition=Q(status=NoticeStatus.ACTIVE),
                                    name="assignment_notice_one_active",
                                    violation_error_message=_("该任务分工已有生效的督办单。")),
        ]

    def __str__(self):
        return f"{self.get_tier_display()} · {self.assignment}"


class DemoSite(models.Model):
    """A unit on a campaign's 示范点名单: the demonstration sites a county names with its own plan
    ("制订本级具体行动方案、示范点名单…于5月15日前报市卫生计生委"). The date a unit was listed is
    kept, so that the city sees whose list came by the date its plan set."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="demo_sites", verbose_name=_("创建活动"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("示范点单位"))
    level = models.CharField(_("示范类别"), max_length=20, choices=DemoLevel.choices)
    listed_on = models.DateField(_("列入日期"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "campaign__issuer__path"

    class Meta:
        ordering = ["campaign", "level", "unit__path"]
        verbose_name = _("示范点")
        verbose_name_plural = _("示范点名单")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="demo_site_unique",
                                    violation_error_message=_("该单位已在示范点名单中。")),
        ]

    def __str__(self):
        return f"{self.get_level_display()} · {self.unit}"
