from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class ProblemSource(models.TextChoices):
    SELF_CHECK = "self_check", _("自查自纠")
    INSPECTION = "inspection", _("督查考评")
    OPINION = "opinion", _("征求意见")
    COMPLAINT = "complaint", _("投诉举报")
    SUPERVISION = "supervision", _("上级督办")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFYING = "rectifying", _("整改中")
    REPORTED = "reported", _("待核验")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("待销号")
    CLOSED = "closed", _("已销号")
    # Seed 004: what policy or conditions do not allow is not rectified but explained to whoever raised it.
    EXPLAINED = "explained", _("已解释说明")


# The unit still has work to do: these are the statuses supervision presses on.
UNIT_OWES = [ProblemStatus.OPEN, ProblemStatus.RECTIFYING, ProblemStatus.RETURNED]
# A problem at one of these ends is finished: closed out, or explained.
FINISHED = [ProblemStatus.CLOSED, ProblemStatus.EXPLAINED]
NOT_CLOSED = [s for s in ProblemStatus.values if s not in FINISHED]


class EntryType(models.TextChoices):
    """The three kinds of entry of a rectification ledger (seed 004)."""

    SPECIFIC = "specific", _("具体问题整改")
    CAMPAIGN = "campaign", _("专项整治")
    SYSTEM = "system", _("制度建设")


class Severity(models.TextChoices):
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较重")
    GRAVE = "grave", _("严重")


class Cause(models.TextChoices):
    """Why the problem arose: the cause column of a 查摆 ledger."""

    IDEAS = "ideas", _("思想认识不到位")
    RULES = "rules", _("制度不健全")
    EXECUTION = "execution", _("执行不到位")
    CONDUCT = "conduct", _("作风不扎实")
    CAPACITY = "capacity", _("能力不足")
    CONDITIONS = "conditions", _("条件保障不足")
    OTHER = "other", _("其他")


class Responsibility(models.TextChoices):
    """Who is responsible, as a rectification ledger classifies it."""

    COLLECTIVE = "collective", _("领导班子")
    LEADER = "leader", _("分管领导")
    DEPARTMENT = "department", _("科室")
    INDIVIDUAL = "individual", _("个人")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待核验")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")
    SUPERSEDED = "superseded", _("已作废")


class EventKind(models.TextChoices):
    CREATED = "created", pgettext_lazy("event", "登记问题")
    PLANNED = "planned", _("制定整改措施")
    PROGRESS = "progress", _("整改进展")
    REPORTED = "reported", _("报送办结报告")
    ACCEPTED = "accepted", _("核验通过")
    RETURNED = "returned", _("核验退回")
    CONFIRMED = "confirmed", _("“四个不放过”确认")
    CLOSED = "closed", _("销号")
    REOPENED = "reopened", _("重新打开")
    NOTICE = "notice", _("督办")
    IMPORTED = "imported", _("导入")
    EXPLAINED = "explained", _("解释说明")
    PUBLISHED = "published", _("上墙公开")
    UNPUBLISHED = "unpublished", _("撤下公开")
    CAMPAIGN_LEAD = "campaign_lead", _("明确牵头部门")
    CHECKED = "checked", _("专项整治检查")
    EVALUATED = "evaluated", _("专项整治评估")


class FourNots(models.TextChoices):
    """"四个不放过": a serious problem stays open until all four are confirmed."""

    FACTS = "facts", _("不查明情况不放过")
    RESPONSIBILITY = "responsibility", _("不分清责任不放过")
    HANDLED = "handled", _("不查处到位不放过")
    RECTIFIED = "rectified", _("不整改到位不放过")


class PlanKind(models.TextChoices):
    """"两方案一计划"."""

    OVERALL = "overall", _("整改总体方案")
    SPECIAL = "special", _("专项整改方案")
    INSTITUTION = "institution", _("制度建设计划")


class PlanReview(models.TextChoices):
    """The office's review of a plan (「严把整改方案质量关」)."""

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("已退回")


class Evaluation(models.TextChoices):
    """The evaluation (评估) of a 专项整治 entry once checked."""

    GOOD = "good", _("成效明显")
    FAIR = "fair", _("基本达到目标")
    POOR = "poor", _("未达到目标")


# The ladder's names live with the ladder (fazhi.notices), shared with campaign assignments.
from fazhi.notices.choices import TIER_RANK, TIER_TRIGGER, NoticeStatus, Tier, Trigger, next_tier  # noqa: E402,F401


class AccountabilityOutcome(models.TextChoices):
    """What became of a referral for accountability (问责), as the discipline bodies decide it."""

    PENDING = "pending", _("待处理")
    TALK = "talk", _("提醒谈话或诫勉谈话")
    CRITICISM = "criticism", _("通报批评")
    ORGANISATIONAL = "organisational", _("组织处理")
    DISCIPLINARY = "disciplinary", _("党纪政务处分")
    EXEMPT = "exempt", _("免予问责")
