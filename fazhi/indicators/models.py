from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.org.models import Unit
from fazhi.org.scoping import ScopedQuerySet

from .choices import Decision, Operator, Period


class Indicator(models.Model):
    """A numeric rule of a plan (「每年至少举办两期」) bound to a measure over the data.

    It is evaluated for its unit and for each unit below it whose kind it applies to, period by
    period: green when the rule holds, amber while the period runs and it does not hold yet,
    red when the period ended without it (or, for an upper limit, as soon as it is exceeded).
    """

    title = models.CharField(_("指标名称"), max_length=200)
    text = models.TextField(_("规则原文"), blank=True, help_text=_("方案中的原句，如“每年至少举办两期法治培训”。"))
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="indicators", verbose_name=_("创建活动"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("考核范围"))
    measure = models.CharField(_("统计口径"), max_length=60)
    op = models.CharField(_("比较"), max_length=2, choices=Operator.choices, default=Operator.AT_LEAST)
    threshold = models.DecimalField(_("阈值"), max_digits=12, decimal_places=4)
    period = models.CharField(_("考核周期"), max_length=10, choices=Period.choices, default=Period.YEAR)
    applies_to = models.JSONField(_("分别考核的单位类别"), default=list, blank=True,
                                  help_text=_("为空时只考核范围单位本身。"))
    source_line = models.PositiveIntegerField(_("方案行号"), null=True, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    withdrawn_reason = models.TextField(_("撤销理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("设置人"))
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["campaign_id", "id"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=0), name="indicator_threshold_not_negative",
                                   violation_error_message=_("阈值不能为负数。")),
        ]

    def __str__(self):
        return self.title


class IndicatorResult(models.Model):
    """One unit's figure for one period of an indicator, kept so that history can be shown."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results", verbose_name=_("指标"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    value = models.DecimalField(_("实际值"), max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("分子"), max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(_("分母"), max_digits=14, decimal_places=2, null=True, blank=True)
    colour = models.CharField(_("预警"), max_length=10, blank=True)
    evaluated_at = models.DateTimeField(_("计算时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["indicator", "unit", "-period_start"]
        verbose_name = _("指标结果")
        verbose_name_plural = _("指标结果")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period_start"], name="indicator_result_unique_period"),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.unit} · {self.period_start}"


class RuleReview(models.Model):
    """The office's decision on a numeric rule the importer kept with a campaign (campaigns.PlanRule):
    confirmed, with the indicator it became (its sentence mapped to a measure of the catalogue),
    or dismissed with a reason. A rule without a review waits on the confirmation page."""

    rule = models.OneToOneField("campaigns.PlanRule", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("方案数量要求"))
    decision = models.CharField(_("处理结果"), max_length=10, choices=Decision.choices)
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("指标"))
    reason = models.TextField(_("不设指标的理由"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("处理人"))
    decided_at = models.DateTimeField(_("处理时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "rule__campaign__issuer__path"

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("数量要求确认")
        verbose_name_plural = _("数量要求确认")
        constraints = [
            models.CheckConstraint(condition=Q(decision="dismissed") | Q(indicator__isnull=False),
                                   name="rule_review_confirmed_has_indicator",
                                   violation_error_message=_("确认的数量要求必须对应一项指标。")),
        ]

    def __str__(self):
        return f"{self.rule} · {self.get_decision_display()}"
