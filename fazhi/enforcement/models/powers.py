from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import stored_file_path
from fazhi.org.scoping import ScopedQuerySet

from ..choices import ChangeKind, PowerKind, PowerStatus
from .common import UNIT, USER


class Power(models.Model):
    """An item of the list of powers and responsibilities (权责清单), under dynamic management."""

    storage_prefix = "powers"

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="powers", verbose_name=_("责任单位"))
    code = models.CharField(_("编码"), max_length=40)
    name = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("权力类别"), max_length=20, choices=PowerKind.choices)
    basis = models.TextField(_("设定依据"))
    responsibility = models.TextField(_("责任事项"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PowerStatus.choices, default=PowerStatus.ACTIVE)
    published = models.BooleanField(_("向社会公布"), default=True)
    flow_chart = models.FileField(_("流程图"), upload_to=stored_file_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    flow_chart_mime = models.CharField(_("流程图类型"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["unit", "code"]
        verbose_name = _("权责事项")
        verbose_name_plural = _("权责事项")
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="power_unique_code",
                                               violation_error_message=_("该单位已有此编码的权责事项。"))]

    def __str__(self):
        return f"{self.code} {self.name}"


class PowerChange(models.Model):
    """One change of the list (新增、调整、取消) with its reason and the values before and after."""

    power = models.ForeignKey(Power, on_delete=models.CASCADE, related_name="changes", verbose_name=_("权责事项"))
    kind = models.CharField(_("变更类别"), max_length=10, choices=ChangeKind.choices)
    on = models.DateField(_("变更日期"))
    reason = models.TextField(_("变更理由"))
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("变更人"))

    class Meta:
        ordering = ["power", "on", "id"]
        verbose_name = _("权责清单变更")
        verbose_name_plural = _("权责清单变更")

    def __str__(self):
        return f"{self.power} · {self.get_kind_display()}"
