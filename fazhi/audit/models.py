from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

AUDIT_IMMUTABLE = _("审计记录只能追加，不能修改或删除。")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(AUDIT_IMMUTABLE)

    def delete(self):
        raise PermissionDenied(AUDIT_IMMUTABLE)


class AuditEntry(models.Model):
    """One write, as it happened: who, what, on which object, before and after, when, from where.

    Append-only: the model refuses updates and deletes; retention (at least 180 days) is a
    database-level purge outside the application.
    """

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("操作人")
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    unit_path = models.CharField(_("单位路径"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # The log is read newest first a page at a time from the last row seen (keyset pages).
        indexes = [models.Index(fields=["-at", "-id"], name="audit_entry_at_id_desc")]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied(AUDIT_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(AUDIT_IMMUTABLE)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
