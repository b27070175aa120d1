from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    """What a rubric line is: a heading that groups items, a scored item, a bonus, a penalty
    (points taken from the total, outside the maximum) or a veto."""

    CATEGORY = "category", _("类别")
    STANDARD = "standard", _("考评项")
    BONUS = "bonus", _("加分项")
    PENALTY = "penalty", _("扣分项")
    VETO = "veto", _("一票否决项")


class AssessmentKind(models.TextChoices):
    SELF = "self", _("自评")
    INSPECTION = "inspection", _("督查考评")


class TeamMethod(models.TextChoices):
    """How an inspection team's several scores of one item become the item's score."""

    MEAN = "mean", _("取平均分")
    LEADER = "leader", _("以组长评分为准")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("考评中")
    CLOSED = "closed", _("已结束")
    PUBLISHED = "published", _("已公布")


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("评分中")
    SUBMITTED = "submitted", _("已提交")


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("已推荐")
    SELECTED = "selected", _("已评选")
    DECLINED = "declined", _("未入选")


# The demonstration level that a round of a given unit kind leads to.
LEVEL_OF_KIND = {
    "admin_dept": "demo_admin_dept",
    "institution": "demo_institution",
    "window": "demo_window",
}

# Default grade bands (seed 000: 限期整改 below the pass mark); a round may set its own.
DEFAULT_GRADE_BANDS = [
    {"min": 90, "grade": "A", "label": "优秀"},
    {"min": 80, "grade": "B", "label": "良好"},
    {"min": 0, "grade": "C", "label": "限期整改"},
]
