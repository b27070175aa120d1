from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.org.scoping import ScopedQuerySet

from ..choices import CleanupOutcome, DocumentStatus
from .common import UNIT, USER

DEFAULT_VALID_YEARS = 5


class NormativeDocument(models.Model):
    """A normative document (规范性文件) from draft through reviews, collective decision,
    publication and filing to in force; it lapses after its validity (default five years)."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="normative_documents", verbose_name=_("制定单位"))
    title = models.CharField(_("文件名称"), max_length=200)
    summary = models.TextField(_("主要内容"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT,
                              db_index=True)
    drafted_on = models.DateField(_("起草日期"))
    fair_reviewed_on = models.DateField(_("公平竞争审查日期"), null=True, blank=True)
    fair_review_note = models.TextField(_("公平竞争审查结论"), blank=True)
    meeting = models.CharField(_("审议会议"), max_length=200, blank=True)
    decided_on = models.DateField(_("审议日期"), null=True, blank=True)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filed_with = models.CharField(_("备案机关"), max_length=100, blank=True)
    valid_years = models.PositiveSmallIntegerField(_("有效期（年）"), default=DEFAULT_VALID_YEARS)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("起草人"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-drafted_on", "-id"]
        verbose_name = _("规范性文件")
        verbose_name_plural = _("规范性文件")
        constraints = [
            models.CheckConstraint(condition=Q(filed_on__isnull=True) | Q(filed_on__gte=F("published_on")),
                                   name="document_filed_after_published",
                                   violation_error_message=_("备案日期不能早于公布日期。")),
        ]

    def __str__(self):
        return self.title


class CleanupRound(models.Model):
    """A clean-up (清理) of a unit's normative documents, with one outcome per document."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    title = models.CharField(_("清理名称"), max_length=200)
    started_on = models.DateField(_("开始日期"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("清理")
        verbose_name_plural = _("清理")

    def __str__(self):
        return self.title


class CleanupEntry(models.Model):
    """The outcome of a clean-up for one document: kept, amended, repealed or expired."""

    round = models.ForeignKey(CleanupRound, on_delete=models.CASCADE, related_name="entries", verbose_name=_("清理"))
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="cleanups",
                                 verbose_name=_("规范性文件"))
    outcome = models.CharField(_("清理结果"), max_length=10, choices=CleanupOutcome.choices)
    note = models.TextField(_("说明"), blank=True)
    decided_on = models.DateField(_("日期"))

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("清理结果")
        verbose_name_plural = _("清理结果")
        constraints = [models.UniqueConstraint(fields=["round", "document"], name="cleanup_entry_unique",
                                               violation_error_message=_("该文件在本次清理中已有结果。"))]

    def __str__(self):
        return f"{self.document} · {self.get_outcome_display()}"
