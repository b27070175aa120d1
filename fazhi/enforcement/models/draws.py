from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.org.scoping import ScopedQuerySet

from ..choices import DrawStatus
from .common import UNIT, USER


class InspectionObject(models.Model):
    """An entry of the inspection-object list (检查对象名录) of the unit that keeps it."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("名录单位"))
    name = models.CharField(_("检查对象"), max_length=200)
    belongs_to = models.ForeignKey(UNIT, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("所属单位"), help_text=_("检查人员不得被抽取检查本单位所属的对象。"))
    category = models.CharField(_("类别"), max_length=60, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["unit", "id"]
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象")

    def __str__(self):
        return self.name


class Inspector(models.Model):
    """An entry of the law-enforcement inspector list (执法检查人员名录)."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("名录单位"))
    name = models.CharField(_("姓名"), max_length=50)
    home_unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位"))
    certificate = models.CharField(_("执法证号"), max_length=40, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["unit", "id"]
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员")

    def __str__(self):
        return self.name


class RandomDraw(models.Model):
    """A random draw (双随机) of objects and inspectors from the unit's lists; the seed is
    recorded so that anyone can draw again and get the same result."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="random_draws", verbose_name=_("组织单位"))
    title = models.CharField(_("抽查事项"), max_length=200)
    drawn_on = models.DateField(_("抽取日期"))
    seed = models.CharField(_("随机种子"), max_length=64)
    object_count = models.PositiveSmallIntegerField(_("抽取对象数"))
    inspectors_per_object = models.PositiveSmallIntegerField(_("每个对象检查人数"), default=2)
    status = models.CharField(_("状态"), max_length=10, choices=DrawStatus.choices, default=DrawStatus.DRAWN)
    published_on = models.DateField(_("结果公开日期"), null=True, blank=True)
    results = models.TextField(_("检查结果"), blank=True)
    drawn_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("抽取人"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-drawn_on", "-id"]
        verbose_name = _("随机抽查")
        verbose_name_plural = _("随机抽查")

    def __str__(self):
        return self.title


class DrawPick(models.Model):
    """One inspector drawn for one object."""

    draw = models.ForeignKey(RandomDraw, on_delete=models.CASCADE, related_name="picks", verbose_name=_("随机抽查"))
    object = models.ForeignKey(InspectionObject, on_delete=models.PROTECT, related_name="+", verbose_name=_("检查对象"))
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="+", verbose_name=_("检查人员"))

    class Meta:
        ordering = ["draw", "id"]
        verbose_name = _("抽取结果")
        verbose_name_plural = _("抽取结果")
        constraints = [models.UniqueConstraint(fields=["draw", "object", "inspector"], name="draw_pick_unique")]
