from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.org.models import Unit
from fazhi.org.scoping import ScopedQuerySet

from .choices import DocumentKind, DocumentStatus


class DocumentSequence(models.Model):
    """The last number an issuer gave under a prefix in a year (晋卫政法发〔2027〕N号).

    Numbers are taken under a row lock inside the signing transaction, so they have no gaps and
    no duplicates even when two documents are signed at the same moment."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("发文单位"))
    prefix = models.CharField(_("发文字号前缀"), max_length=30)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_number = models.PositiveIntegerField(_("已用到的序号"), default=0)

    class Meta:
        verbose_name = _("发文字号")
        verbose_name_plural = _("发文字号")
        constraints = [models.UniqueConstraint(fields=["issuer", "prefix", "year"], name="document_sequence_unique")]

    def __str__(self):
        return f"{self.prefix}〔{self.year}〕{self.last_number}号"


class OutgoingDocument(models.Model):
    """A document the office writes from the data (annual report, report to the level above,
    summary, circular, 述法 report), drafted section by section, signed off and archived.

    `sections` holds [{"heading", "text"}]; a text may name figures as {key}, which stay live
    (recomputed on every view) until the figures are frozen, at the latest when it is issued."""

    kind = models.CharField(_("文种"), max_length=20, choices=DocumentKind.choices)
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="outgoing_documents", verbose_name=_("发文单位"))
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("创建活动"))
    subject_person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("述法人"))
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    recipients = models.CharField(_("主送机关"), max_length=200, blank=True)
    cc = models.CharField(_("抄送"), max_length=300, blank=True)
    prefix = models.CharField(_("发文字号前缀"), max_length=30, blank=True)
    doc_number = models.CharField(_("发文字号"), max_length=60, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFTING)
    sections = models.JSONField(_("正文"), default=list)
    figures = models.JSONField(_("数据（已固定）"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("退回理由"), blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("拟稿人"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("核稿人"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("签发人"))
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    archive = models.FileField(_("存档文件"), upload_to="reports/%Y/", blank=True, editable=False)
    archive_sha256 = models.CharField(_("存档文件 SHA-256"), max_length=64, blank=True, editable=False)
    archive_pdf = models.FileField(_("存档 PDF"), upload_to="reports/%Y/", blank=True, editable=False)
    archive_pdf_sha256 = models.CharField(_("存档 PDF SHA-256"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "issuer__path"

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        constraints = [
            models.UniqueConstraint(fields=["doc_number"], condition=~Q(doc_number=""), name="outgoing_document_unique_number",
                                    violation_error_message=_("发文字号重复。")),
        ]

    def __str__(self):
        return self.title

    @property
    def frozen(self) -> bool:
        return self.figures is not None
