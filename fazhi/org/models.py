from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .choices import Role, UnitKind
from .scoping import ScopedQuerySet

PATH_SEGMENT = 8  # digits of each id in a path: "00000001/00000007/"


class Unit(models.Model):
    """A unit of the health system: commission, county bureau, hospital, window or office.

    The tree is kept as a materialized path of ids so that a whole subtree is one indexed
    prefix query (`path LIKE '00000001/00000007/%'`); the first segment is the top-level unit,
    which is also the natural shard key for a national roll-up.
    """

    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("单位类别"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级单位"))
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, blank=True)
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)
    head = models.ForeignKey("Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("第一责任人"), help_text=_("单位主要负责人，对本单位承担的全部任务负责。"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "path"

    class Meta:
        ordering = ["path"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_unique_name_under_parent",
                                    violation_error_message=_("同一上级单位下已有同名单位。")),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        # The path needs the id, so a new unit is written twice inside one transaction.
        # Moving a unit (changing its parent) goes through org.services.unit_move, which
        # rewrites the paths of the whole subtree.
        with transaction.atomic():
            if self.pk is None:
                super().save(*args, **kwargs)
                self._set_path()
                super().save(update_fields=["path", "depth"])
            else:
                self._set_path()
                super().save(*args, **kwargs)

    def _set_path(self):
        self.path = (self.parent.path if self.parent_id else "") + f"{self.pk:0{PATH_SEGMENT}d}/"
        self.depth = self.path.count("/") - 1

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)

    def ancestor_paths(self) -> list[str]:
        parts = self.path.rstrip("/").split("/")
        return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]

    def is_within(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)


class Person(models.Model):
    """A person who works in the system: a login account attached to one unit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person", verbose_name=_("账号"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("所在单位"))
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self):
        return self.name


class Grant(models.Model):
    """A role held by a person on a unit; it reaches the unit's whole subtree."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grants", verbose_name=_("人员"))
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="grants", verbose_name=_("单位"))

    class Meta:
        ordering = ["person", "role"]
        verbose_name = _("授权")
        verbose_name_plural = _("授权")
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "unit"], name="grant_unique",
                                    violation_error_message=_("该人员在该单位已有此角色。")),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()} · {self.unit}"
