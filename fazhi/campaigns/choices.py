from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("进行中")
    CLOSED = "closed", _("已结束")


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    PENDING_REVIEW = "pending_review", _("待审核")
    RETURNED = "returned", _("已退回")
    DONE = "done", _("已完成")
    WITHDRAWN = "withdrawn", _("已撤回")


class Colour(models.TextChoices):
    GREEN = "green", _("正常")
    AMBER = "amber", _("临期")
    RED = "red", _("逾期")
    LATE = "late", _("逾期完成")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")


class DemoLevel(models.TextChoices):
    """Demonstration levels of a quota (示范行政部门 / 示范机构 / 示范窗口)."""

    ADMIN_DEPT = "demo_admin_dept", _("示范行政部门")
    INSTITUTION = "demo_institution", _("示范机构")
    WINDOW = "demo_window", _("示范窗口")


# The kind of unit each demonstration level names (a 示范窗口 is a window, …).
KIND_OF_LEVEL = {DemoLevel.ADMIN_DEPT: "admin_dept", DemoLevel.INSTITUTION: "institution", DemoLevel.WINDOW: "window"}
LEVEL_OF_UNIT_KIND = {kind: level for level, kind in KIND_OF_LEVEL.items()}
class QuotaKind(models.TextChoices):
    """How a quota binds: 至少 (a minimum the scope must reach), 不超过 (a cap on what it may
    nominate or select), or exactly that number (both at once)."""

    MINIMUM = "minimum", _("至少")
    CAP = "cap", _("上限")
    EXACT = "exact", _("须")


class WorkKind(models.TextChoices):
    """Kinds of work that a phase opens; outside such a phase the work is refused."""

    PROGRESS = "progress", _("进展报送")
    SELF_ASSESSMENT = "self_assessment", _("自评")
    INSPECTION = "inspection", _("督查考评")
    NOMINATION = "nomination", _("推荐评选")


class RuleOp(models.TextChoices):
    AT_LEAST = ">=", _("不少于")
    AT_MOST = "<=", _("不超过")


class Recurrence(models.TextChoices):
    YEARLY = "yearly", _("每年")
    QUARTERLY = "quarterly", _("每季度")
    MONTHLY = "monthly", _("每月")
