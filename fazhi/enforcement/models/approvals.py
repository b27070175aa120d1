from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.org.scoping import ScopedQuerySet

from .common import UNIT


class ApprovalItem(models.Model):
    """An approval item (行政审批事项) with its statutory and promised time limits."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="approval_items", verbose_name=_("实施单位"))
    code = models.CharField(_("事项编码"), max_length=40)
    name = models.CharField(_("事项名称"), max_length=200)
    statutory_days = models.PositiveSmallIntegerField(_("法定时限（工作日）"))
    promised_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), help_text=_("0 表示即办。"))
    is_active = models.BooleanField(_("有效"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["unit", "code"]
        verbose_name = _("行政审批事项")
        verbose_name_plural = _("行政审批事项")
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="approval_item_unique_code",
                                    violation_error_message=_("该单位已有此编码的审批事项。")),
            models.CheckConstraint(condition=Q(promised_days__lte=F("statutory_days")), name="approval_promised_le_statutory",
                                   violation_error_message=_("承诺时限不能长于法定时限。")),
            models.CheckConstraint(condition=Q(statutory_days__gt=0), name="approval_statutory_positive",
                                   violation_error_message=_("法定时限须大于 0 个工作日。")),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def compression(self) -> float:
        return (self.statutory_days - self.promised_days) / self.statutory_days


class ApprovalCase(models.Model):
    """One application for an approval item: received, completed, counted in working days."""

    item = models.ForeignKey(ApprovalItem, on_delete=models.PROTECT, related_name="cases", verbose_name=_("审批事项"))
    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("受理单位"))
    number = models.CharField(_("受理编号"), max_length=60, unique=True)
    applicant = models.CharField(_("申请人"), max_length=200)
    received_on = models.DateField(_("受理日期"), db_index=True)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("办理用时（工作日）"), null=True, blank=True, editable=False)
    same_day = models.BooleanField(_("即办件"), default=False, editable=False)
    on_time = models.BooleanField(_("按时办结"), null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("审批办件")
        verbose_name_plural = _("审批办件")
        constraints = [
            models.CheckConstraint(condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("received_on")),
                                   name="approval_case_completed_after_received",
                                   violation_error_message=_("办结日期不能早于受理日期。")),
        ]

    def __str__(self):
        return f"{self.number} {self.item.name}"
