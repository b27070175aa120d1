from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message to one user: reminders, supervision notices, send-backs, reports to review.

    `key` makes a message idempotent: the same key is delivered to a person once, whichever
    process or host delivers it (a unique constraint, not a check in Python).
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("接收人"))
    text = models.CharField(_("内容"), max_length=500)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    key = models.CharField(_("去重键"), max_length=120)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notices_notification_unique_key")]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text[:40]


class LadderRun(models.Model):
    """One row per day the ladders ran: several workers on several hosts run a day once."""

    day = models.DateField(_("日期"), unique=True)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("督办运行记录")
        verbose_name_plural = _("督办运行记录")

    def __str__(self):
        return str(self.day)
