from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.org.scoping import ScopedQuerySet

from ..choices import DecisionStatus, RiskLevel
from .common import UNIT, USER


class MajorDecision(models.Model):
    """A major administrative decision (重大行政决策) of the year's catalogue (目录), through
    public participation, expert argument, risk assessment, legality review and collective
    decision, then issued and evaluated after the fact."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="major_decisions", verbose_name=_("决策单位"))
    year = models.PositiveSmallIntegerField(_("目录年度"), db_index=True)
    title = models.CharField(_("决策事项"), max_length=200)
    summary = models.TextField(_("主要内容"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.CATALOGUED,
                              db_index=True)
    # Public participation goes through the portal's opinion collection: a meeting of the intake app, by id.
    participation_meeting_id = models.PositiveIntegerField(_("征求意见会议编号"), null=True, blank=True)
    participation_from = models.DateField(_("征求意见开始"), null=True, blank=True)
    participation_to = models.DateField(_("征求意见结束"), null=True, blank=True)
    participation_summary = models.TextField(_("意见采纳情况"), blank=True)
    experts = models.TextField(_("论证专家"), blank=True)
    argued_on = models.DateField(_("专家论证日期"), null=True, blank=True)
    argument_note = models.TextField(_("论证意见"), blank=True)
    risk_level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices, blank=True)
    risk_assessed_on = models.DateField(_("风险评估日期"), null=True, blank=True)
    risk_note = models.TextField(_("风险评估结论"), blank=True)
    meeting = models.CharField(_("集体讨论会议"), max_length=200, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    issued_on = models.DateField(_("公布实施日期"), null=True, blank=True)
    evaluated_on = models.DateField(_("后评估日期"), null=True, blank=True)
    evaluation = models.TextField(_("后评估结论"), blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("重大行政决策")
        verbose_name_plural = _("重大行政决策")

    def __str__(self):
        return self.title
