from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    ANNUAL_REPORT = "annual_report", _("法治政府建设年度报告")
    QUARTER_REPORT = "quarter_report", _("向上级的年度情况报告")
    SUMMARY = "summary", _("活动总结")
    CIRCULAR = "circular", _("情况通报")
    LAW_REPORT = "law_report", _("述法报告")


class DocumentStatus(models.TextChoices):
    """拟稿 → 核稿 → 签发: the sign-off of an outgoing document."""

    DRAFTING = "drafting", _("拟稿")
    CHECKING = "checking", _("待核稿")
    CHECKED = "checked", _("待签发")
    ISSUED = "issued", _("已签发")
