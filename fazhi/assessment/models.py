from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.campaigns.choices import DemoLevel
from fazhi.campaigns.models import Campaign
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit
from fazhi.org.scoping import ScopedQuerySet

from .choices import (DEFAULT_GRADE_BANDS, AssessmentKind, AssessmentStatus, ItemKind, NominationStatus, RoundStatus,
                      TeamMethod)

POINTS = {"max_digits": 6, "decimal_places": 1}


def default_grade_bands():
    return [dict(b) for b in DEFAULT_GRADE_BANDS]


class Rubric(models.Model):
    """A scoring rubric (考评细则): a tree of items worth, in total, its full marks.

    `owner` null: shipped with the product and visible to everyone; otherwise the unit whose
    office keeps it (and its subtree sees it).
    """

    code = models.SlugField(_("编码"), max_length=60, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    unit_kind = models.CharField(_("适用单位类别"), max_length=20, choices=UnitKind.choices)
    owner = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="rubrics",
                              verbose_name=_("维护单位"))
    bonus_cap = models.DecimalField(_("加分上限"), default=Decimal("0"), validators=[MinValueValidator(0)], **POINTS)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["unit_kind", "code"]
        verbose_name = _("考评细则")
        verbose_name_plural = _("考评细则")

    def __str__(self):
        return self.title


class RubricItem(models.Model):
    """One line of a rubric: a category or an item with its points, how they are lost and what proves it."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items", verbose_name=_("考评细则"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name=_("所属类别"))
    kind = models.CharField(_("类型"), max_length=20, choices=ItemKind.choices, default=ItemKind.STANDARD)
    label = models.CharField(_("序号"), max_length=20, blank=True)
    title = models.CharField(_("考评内容"), max_length=300)
    max_points = models.DecimalField(_("分值"), default=Decimal("0"), validators=[MinValueValidator(0)], **POINTS)
    deduction = models.DecimalField(_("每处扣分"), null=True, blank=True, validators=[MinValueValidator(0)], **POINTS,
                                    help_text=_("每发现一处不足扣除的分数，累计扣分不超过本项分值。"))
    deduction_rule = models.CharField(_("扣分办法"), max_length=1000, blank=True)
    evidence = models.CharField(_("佐证材料"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    bonus_points = models.DecimalField(_("本项加分"), default=Decimal("0"), validators=[MinValueValidator(0)], **POINTS,
                                       help_text=_("基本分之外本项最多可加的分数。"))
    # Structured scoring rules as the rubric reader gives them (schema fazhi.rubric/1):
    # [{"shape", "text", "deduct", "cap", "add"?, "bands"?}], each with its own cap.
    rules = models.JSONField(_("评分规则"), default=list, blank=True)
    method = models.CharField(_("考核方法"), max_length=300, blank=True)
    responsible = models.CharField(_("责任单位"), max_length=200, blank=True)
    core = models.BooleanField(_("核心指标"), default=False)

    class Meta:
        ordering = ["rubric", "parent_id", "order", "id"]
        verbose_name = _("考评项")
        verbose_name_plural = _("考评项")

    def __str__(self):
        return f"{self.label}{self.title}"

    @property
    def is_scored(self) -> bool:
        return self.kind != ItemKind.CATEGORY


class AssessmentRound(models.Model):
    """A round of assessment (考评轮次) of a campaign: one rubric, the units of one kind within a
    scope, and as many stages as the campaign needs."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="assessment_rounds",
                                 verbose_name=_("创建活动"))
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("考评细则"))
    title = models.CharField(_("轮次名称"), max_length=200)
    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("考评范围"))
    unit_kind = models.CharField(_("被考评单位类别"), max_length=20, choices=UnitKind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    grade_bands = models.JSONField(_("等次划分"), default=default_grade_bands, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    # The circular (通报) as the office edits it before issuing.
    circular_number = models.CharField(_("通报文号"), max_length=60, blank=True)
    circular_title = models.CharField(_("通报标题"), max_length=200, blank=True)
    circular_recipients = models.CharField(_("主送机关"), max_length=300, blank=True)
    circular_opening = models.TextField(_("通报正文（开头）"), blank=True)
    circular_closing = models.TextField(_("通报正文（结尾）"), blank=True)
    circular_date = models.DateField(_("成文日期"), null=True, blank=True)
    # 版记 (GB/T 9704-2012 §7.4): copies to, and the office that prints the document.
    circular_cc = models.CharField(_("抄送机关"), max_length=300, blank=True)
    circular_printer = models.CharField(_("印发机关"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "scope__path"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("考评轮次")
        verbose_name_plural = _("考评轮次")

    def __str__(self):
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status in (RoundStatus.CLOSED, RoundStatus.PUBLISHED)


class Stage(models.Model):
    """A stage of a round (自评 → 县级初评 → 市级复评…); the last inspection stage gives the result."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="stages", verbose_name=_("考评轮次"))
    name = models.CharField(_("阶段名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=AssessmentKind.choices)
    method = models.CharField(_("合分方式"), max_length=20, choices=TeamMethod.choices, default=TeamMethod.MEAN)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["round", "order", "id"]
        verbose_name = _("考评阶段")
        verbose_name_plural = _("考评阶段")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="stage_unique_name",
                                    violation_error_message=_("本轮次已有同名阶段。")),
        ]

    def __str__(self):
        return self.name


class Assessment(models.Model):
    """One unit assessed at one stage: by itself (self) or by an inspection team (inspection).

    Totals are kept here, recomputed from the item scores on every save, so that result pages
    read one row per unit.
    """

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("考评轮次"))
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("考评阶段"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("被考评单位"))
    kind = models.CharField(_("类型"), max_length=20, choices=AssessmentKind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("考评组组长"))
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="assessment_teams",
                                  verbose_name=_("考评组成员"))
    total = models.DecimalField(_("总分"), null=True, blank=True, **POINTS)
    base = models.DecimalField(_("基本分"), null=True, blank=True, **POINTS)
    bonus = models.DecimalField(_("加分"), null=True, blank=True, **POINTS)
    penalty = models.DecimalField(_("倒扣分"), null=True, blank=True, **POINTS)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    lost_items = models.PositiveSmallIntegerField(_("失分项数"), default=0)
    scored_items = models.PositiveSmallIntegerField(_("已评项数"), default=0)
    item_finals = models.JSONField(_("各项得分"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["round", "stage__order", "unit__path"]
        verbose_name = _("考评")
        verbose_name_plural = _("考评")
        constraints = [
            models.UniqueConstraint(fields=["stage", "unit"], name="assessment_unique_stage_unit",
                                    violation_error_message=_("该单位在本阶段已有考评记录。")),
        ]

    def __str__(self):
        return f"{self.unit} · {self.stage}"


def score_evidence_path(instance, filename):
    return f"assessment/{instance.evidence_sha256[:2]}/{instance.evidence_sha256}"


class ItemScore(models.Model):
    """One scorer's score of one item: the liaison's in a self-assessment, each inspector's in an
    inspection. One row per scorer, so that two inspectors saving the same item lose neither write."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("考评"))
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="scores", verbose_name=_("考评项"))
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("评分人"))
    points = models.DecimalField(_("得分"), validators=[MinValueValidator(0)], **POINTS)
    shortfalls = models.PositiveSmallIntegerField(_("不足处数"), null=True, blank=True)
    # Per rule of the item (by its index): shortfalls, extras or occurrences counted.
    counts = models.JSONField(_("各规则计数"), default=dict, blank=True)
    band = models.PositiveSmallIntegerField(_("所选档次"), null=True, blank=True)
    bonus = models.DecimalField(_("本项加分"), default=Decimal("0"), validators=[MinValueValidator(0)], **POINTS)
    reason = models.TextField(_("扣分理由"), blank=True)
    vetoed = models.BooleanField(_("否决"), default=False)
    evidence_note = models.TextField(_("佐证说明"), blank=True)
    evidence_file = models.FileField(_("佐证文件"), upload_to=score_evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("文件名"), max_length=255, blank=True)
    evidence_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    evidence_mime = models.CharField(_("文件类型"), max_length=100, blank=True)
    evidence_size = models.PositiveBigIntegerField(_("大小（字节）"), null=True, blank=True)
    updated_at = models.DateTimeField(_("评分时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "assessment__unit__path"

    class Meta:
        ordering = ["assessment", "item__order", "scorer_id"]
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item", "scorer"], name="item_score_unique_scorer",
                                    violation_error_message=_("该评分人已为此项评分。")),
            models.CheckConstraint(condition=Q(points__gte=0), name="item_score_not_negative",
                                   violation_error_message=_("得分不能小于 0。")),
        ]

    def __str__(self):
        return f"{self.assessment} · {self.item} · {self.points}"


class Nomination(models.Model):
    """A unit nominated (推荐) for a demonstration level, and the city's decision (评选)."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("考评轮次"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("被推荐单位"))
    level = models.CharField(_("示范类别"), max_length=20, choices=DemoLevel.choices)
    status = models.CharField(_("状态"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("推荐人"))
    nominated_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)
    note = models.CharField(_("推荐理由"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("评选人"))
    decided_at = models.DateTimeField(_("评选时间"), null=True, blank=True)
    title = models.CharField(_("称号"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["round", "level", "unit__path"]
        verbose_name = _("推荐评选")
        verbose_name_plural = _("推荐评选")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "level"], name="nomination_unique",
                                    violation_error_message=_("该单位已被推荐。")),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_level_display()}"


class DemoTarget(models.Model):
    """A unit striving for a demonstration level in a campaign (争创示范机构): a target the
    office records on the unit, and — from the campaign's nominations — whether it was selected."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="demo_targets", verbose_name=_("创建活动"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="demo_targets", verbose_name=_("单位"))
    level = models.CharField(_("争创类别"), max_length=20, choices=DemoLevel.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["campaign", "level", "unit__path"]
        verbose_name = _("争创目标")
        verbose_name_plural = _("争创目标")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "level"], condition=Q(withdrawn_at__isnull=True),
                                    name="demo_target_unique_active",
                                    violation_error_message=_("该单位已登记争创此类示范。")),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_level_display()}"


class UnitGrade(models.Model):
    """The register of graded management (分类分级管理): each unit's grade in each published
    round, written when the round is published. The unit's current grade is the row of its
    latest published round (`is_current`); the others are its history."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="grades", verbose_name=_("单位"))
    round = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT, related_name="unit_grades", verbose_name=_("考评轮次"))
    grade = models.CharField(_("等次"), max_length=10)
    label = models.CharField(_("等次名称"), max_length=40)
    total = models.DecimalField(_("最终得分"), null=True, blank=True, **POINTS)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    graded_on = models.DateField(_("评定日期"))
    is_current = models.BooleanField(_("当前等次"), default=False, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["unit__path", "-graded_on", "-round_id"]
        verbose_name = _("单位等次")
        verbose_name_plural = _("单位等次")
        constraints = [
            models.UniqueConstraint(fields=["unit", "round"], name="unit_grade_unique_round",
                                    violation_error_message=_("该单位在本轮次已有等次。")),
            models.UniqueConstraint(fields=["unit"], condition=Q(is_current=True), name="unit_grade_one_current",
                                    violation_error_message=_("一个单位只能有一个当前等次。")),
        ]

    def __str__(self):
        return f"{self.unit} · {self.grade} {self.label}"

    @property
    def badge(self) -> str:
        """The badge colour of the grade: the product's bands run A (best) down to C (限期整改)."""
        return {"A": "text-bg-success", "B": "text-bg-primary"}.get(self.grade, "text-bg-danger" if self.grade else "text-bg-secondary")
