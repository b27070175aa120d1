from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.org.scoping import ScopedQuerySet

from ..choices import AdviserKind, MatterKind
from .common import UNIT


class LegalAdviser(models.Model):
    """A legal adviser (法律顾问) or public-sector lawyer (公职律师) of a unit, with a term."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="legal_advisers", verbose_name=_("聘用单位"))
    kind = models.CharField(_("类别"), max_length=20, choices=AdviserKind.choices)
    name = models.CharField(_("姓名"), max_length=50)
    firm = models.CharField(_("执业机构或所在部门"), max_length=200, blank=True)
    license_number = models.CharField(_("执业证号"), max_length=40, blank=True)
    term_start = models.DateField(_("聘期开始"))
    term_end = models.DateField(_("聘期结束"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["unit", "kind", "name"]
        verbose_name = _("法律顾问")
        verbose_name_plural = _("法律顾问")
        constraints = [models.CheckConstraint(condition=Q(term_end__gte=F("term_start")), name="adviser_term_order",
                                              violation_error_message=_("聘期结束不能早于聘期开始。"))]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"


class AdviserMatter(models.Model):
    """A matter an adviser reviewed (decision, contract, document…) and the opinion given."""

    adviser = models.ForeignKey(LegalAdviser, on_delete=models.CASCADE, related_name="matters", verbose_name=_("法律顾问"))
    kind = models.CharField(_("事项类别"), max_length=20, choices=MatterKind.choices)
    title = models.CharField(_("事项"), max_length=200)
    on = models.DateField(_("日期"))
    opinion = models.TextField(_("法律意见"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "adviser__unit__path"

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("法律顾问审查事项")
        verbose_name_plural = _("法律顾问审查事项")

    def __str__(self):
        return self.title
