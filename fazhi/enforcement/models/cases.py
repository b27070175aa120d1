from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import StoredFile
from fazhi.org.scoping import ScopedQuerySet

from ..choices import CaseKind, CaseStatus, PartyKind, StepKind
from .common import UNIT, USER


class DiscretionStandard(models.Model):
    """A discretion standard (裁量基准): a violation under a circumstance → a penalty range."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("制定单位"))
    code = models.CharField(_("编号"), max_length=40)
    violation = models.CharField(_("违法行为"), max_length=300)
    basis = models.TextField(_("处罚依据"), blank=True)
    circumstance = models.CharField(_("违法情节"), max_length=200)
    penalty = models.CharField(_("处罚标准"), max_length=300, blank=True)
    min_amount = models.DecimalField(_("罚款下限（元）"), max_digits=12, decimal_places=2, default=0)
    max_amount = models.DecimalField(_("罚款上限（元）"), max_digits=12, decimal_places=2, default=0)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["unit", "code"]
        verbose_name = _("裁量基准")
        verbose_name_plural = _("裁量基准")
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="standard_unique_code",
                                    violation_error_message=_("该单位已有此编号的裁量基准。")),
            models.CheckConstraint(condition=Q(max_amount__gte=F("min_amount")), name="standard_range_order",
                                   violation_error_message=_("罚款上限不能低于下限。")),
        ]

    def __str__(self):
        return f"{self.code} {self.violation}（{self.circumstance}）"


class SpecialAction(models.Model):
    """A special inspection campaign (专项整治) that enforcement cases may belong to."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    title = models.CharField(_("专项整治名称"), max_length=200)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = _("专项整治")
        verbose_name_plural = _("专项整治")

    def __str__(self):
        return self.title


class EnforcementCase(models.Model):
    """An administrative enforcement case (行政执法案件) with its full-process record, the legal
    review of a major decision, and its public disclosure (公示)."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="enforcement_cases", verbose_name=_("执法单位"))
    number = models.CharField(_("案号"), max_length=60, unique=True)
    kind = models.CharField(_("案件类别"), max_length=20, choices=CaseKind.choices)
    special_action = models.ForeignKey(SpecialAction, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="cases", verbose_name=_("专项整治"))
    party_kind = models.CharField(_("当事人类别"), max_length=20, choices=PartyKind.choices)
    party_name = models.CharField(_("当事人"), max_length=200)
    party_id_number = models.CharField(_("证件号码或统一社会信用代码"), max_length=40, blank=True)
    facts = models.TextField(_("违法事实"), blank=True)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    standard = models.ForeignKey(DiscretionStandard, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="cases", verbose_name=_("适用裁量基准"))
    penalty_amount = models.DecimalField(_("罚款金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    penalty_text = models.CharField(_("处理结果"), max_length=300, blank=True)
    out_of_range = models.BooleanField(_("超出裁量范围"), default=False, db_index=True)
    out_of_range_reason = models.TextField(_("超出裁量范围的理由"), blank=True)
    is_major = models.BooleanField(_("重大执法决定"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True)
    opened_on = models.DateField(_("立案日期"))
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    disclosure_due = models.DateField(_("公示期限"), null=True, blank=True)
    disclosed_on = models.DateField(_("公示日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("行政执法案件")
        verbose_name_plural = _("行政执法案件")
        constraints = [
            models.CheckConstraint(condition=Q(disclosed_on__isnull=True) | Q(disclosed_on__gte=F("decided_on")),
                                   name="case_disclosed_after_decision",
                                   violation_error_message=_("公示日期不能早于决定日期。")),
            models.CheckConstraint(condition=Q(out_of_range=False) | ~Q(out_of_range_reason=""),
                                   name="case_out_of_range_reason",
                                   violation_error_message=_("罚款金额超出裁量基准范围，须说明理由。")),
        ]

    def __str__(self):
        return f"{self.number} {self.party_name}"


class CaseStep(models.Model):
    """One step of the full-process record (全过程记录): filing, investigation, notice, hearing…"""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="steps", verbose_name=_("案件"))
    kind = models.CharField(_("环节"), max_length=20, choices=StepKind.choices)
    on = models.DateField(_("日期"))
    note = models.TextField(_("记录"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "case__unit__path"

    class Meta:
        ordering = ["case", "on", "id"]
        verbose_name = _("执法环节记录")
        verbose_name_plural = _("执法环节记录")

    def __str__(self):
        return f"{self.case.number} · {self.get_kind_display()}"


class CaseAttachment(StoredFile):
    """A file of one step (notice, record of hearing, decision…), checked like every upload."""

    storage_prefix = "enforcement"
    step = models.ForeignKey(CaseStep, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("环节"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "step__case__unit__path"

    class Meta:
        ordering = ["id"]
        verbose_name = _("执法文书")
        verbose_name_plural = _("执法文书")
