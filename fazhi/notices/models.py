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


class LadderSettings(models.Model):
    """The working-day numbers of the supervision ladder (督办规则), one row for the installation,
    edited by the office: problems of the ledger and assignments of campaigns are chased by the
    same numbers, so they live here, with the ladder, and not in either app."""

    blue_days = models.PositiveSmallIntegerField(_("蓝色督办：截止前工作日数"), default=3,
                                                 help_text=_("距截止日期不超过该工作日数且尚未办结时，发蓝色督办单。"))
    yellow_stale_days = models.PositiveSmallIntegerField(_("黄色督办：无进展工作日数"), default=10,
                                                         help_text=_("连续该工作日数没有任何进展时，视为进度滞后，发黄色督办单。"))
    escalate_days = models.PositiveSmallIntegerField(_("升级：督办后无进展工作日数"), default=3,
                                                     help_text=_("督办单发出后该工作日数内仍无进展，升级一档并提交上一级单位督办。"))
    reminder_ladder = models.JSONField(_("提醒梯度（工作日）"), default=list, blank=True,
                                       help_text=_("负数为截止前、正数为截止后的工作日数，如 -5,-3,-1,1,3,5。"))
    send_email = models.BooleanField(_("同时发送电子邮件"), default=False)

    class Meta:
        verbose_name = _("督办规则")
        verbose_name_plural = _("督办规则")

    def __str__(self):
        return str(_("督办规则"))

    @classmethod
    def current(cls) -> "LadderSettings":
        """The saved row, or the defaults (unsaved) on an installation that has none yet."""
        from .ladder import DEFAULT_LADDER

        return cls.objects.order_by("pk").first() or cls(reminder_ladder=list(DEFAULT_LADDER))
