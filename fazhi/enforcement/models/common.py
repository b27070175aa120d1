from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.org.scoping import ScopedQuerySet

from ..choices import ReviewOpinion, ReviewStatus, ReviewSubject

UNIT = "org.Unit"
USER = settings.AUTH_USER_MODEL


class EnforcementRule(models.Model):
    """The office's settings of this app; one row (defaults when there is none)."""

    disclosure_days = models.PositiveSmallIntegerField(_("公示时限（工作日）"), default=7,
                                                       help_text=_("行政处罚决定作出后须在该工作日数内公示。"))
    expiry_reminder_days = models.PositiveSmallIntegerField(_("有效期届满提醒（日）"), default=90,
                                                            help_text=_("规范性文件有效期届满前该天数起提醒清理。"))
    filing_days = models.PositiveSmallIntegerField(_("备案时限（日）"), default=30)

    class Meta:
        verbose_name = _("依法行政设置")
        verbose_name_plural = _("依法行政设置")

    def __str__(self):
        return str(_("依法行政设置"))

    @classmethod
    def current(cls) -> "EnforcementRule":
        return cls.objects.order_by("pk").first() or cls()


class LegalReview(models.Model):
    """A legal review (法制审核 / 合法性审查) asked of the `reviewer` role for one normative
    document, major decision or major enforcement decision; pending until recorded."""

    unit = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    subject = models.CharField(_("审核对象"), max_length=20, choices=ReviewSubject.choices)
    document = models.ForeignKey("enforcement.NormativeDocument", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="reviews", verbose_name=_("规范性文件"))
    decision = models.ForeignKey("enforcement.MajorDecision", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="reviews", verbose_name=_("重大行政决策"))
    case = models.ForeignKey("enforcement.EnforcementCase", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="reviews", verbose_name=_("执法案件"))
    title = models.CharField(_("事项"), max_length=200)
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("送审人"))
    requested_on = models.DateField(_("送审日期"))
    status = models.CharField(_("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING,
                              db_index=True)
    # The six points of 法制审核 that seed 001 names: 主体、范围、期限、方式、程序、内容.
    on_authority = models.TextField(_("审核主体"), blank=True)
    on_scope = models.TextField(_("审核范围"), blank=True)
    on_time_limit = models.TextField(_("审核期限"), blank=True)
    on_manner = models.TextField(_("审核方式"), blank=True)
    on_procedure = models.TextField(_("审核程序"), blank=True)
    on_content = models.TextField(_("审核内容"), blank=True)
    opinion = models.CharField(_("审核意见"), max_length=10, choices=ReviewOpinion.choices, blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("审核人"))
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    ASPECTS = ["on_authority", "on_scope", "on_time_limit", "on_manner", "on_procedure", "on_content"]

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("法制审核")
        verbose_name_plural = _("法制审核")
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject=ReviewSubject.DOCUMENT, document__isnull=False, decision__isnull=True, case__isnull=True)
                           | Q(subject=ReviewSubject.DECISION, decision__isnull=False, document__isnull=True, case__isnull=True)
                           | Q(subject=ReviewSubject.CASE, case__isnull=False, document__isnull=True, decision__isnull=True)),
                name="legal_review_one_subject", violation_error_message=_("法制审核须对应且只对应一个审核对象。")),
            models.CheckConstraint(condition=Q(status=ReviewStatus.PENDING) | ~Q(opinion=""),
                                   name="legal_review_done_has_opinion", violation_error_message=_("请选择审核意见。")),
        ]

    def __str__(self):
        return f"{self.get_subject_display()} · {self.title}"

    @property
    def target(self):
        return self.document or self.decision or self.case

    @property
    def passed(self) -> bool:
        return self.status == ReviewStatus.DONE and self.opinion in (ReviewOpinion.APPROVE, ReviewOpinion.AMEND)
