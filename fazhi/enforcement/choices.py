"""Statuses and kinds of the administrative-law app, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("起草")
    LEGALITY_REVIEWED = "legality_reviewed", _("已合法性审查")
    FAIR_REVIEWED = "fair_reviewed", _("已公平竞争审查")
    DECIDED = "decided", _("已集体审议")
    PUBLISHED = "published", _("已公布待备案")
    IN_FORCE = "in_force", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


class CleanupOutcome(models.TextChoices):
    KEPT = "kept", _("继续有效")
    AMENDED = "amended", _("修改")
    REPEALED = "repealed", _("废止")
    EXPIRED = "expired", _("宣布失效")


class ReviewSubject(models.TextChoices):
    DOCUMENT = "document", _("规范性文件")
    DECISION = "decision", _("重大行政决策")
    CASE = "case", _("重大执法决定")


class ReviewOpinion(models.TextChoices):
    APPROVE = "approve", _("同意")
    AMEND = "amend", _("修改后同意")
    REJECT = "reject", _("不同意")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    DONE = "done", _("已审核")


class DecisionStatus(models.TextChoices):
    CATALOGUED = "catalogued", _("列入目录")
    PARTICIPATION = "participation", _("已公众参与")
    ARGUED = "argued", _("已专家论证")
    RISK_ASSESSED = "risk_assessed", _("已风险评估")
    LEGALITY_REVIEWED = "legality_reviewed", _("已合法性审查")
    DECIDED = "decided", _("已集体讨论决定")
    ISSUED = "issued", _("已公布实施")
    EVALUATED = "evaluated", _("已后评估")


class RiskLevel(models.TextChoices):
    LOW = "low", _("低")
    MEDIUM = "medium", _("中")
    HIGH = "high", _("高")


class CaseKind(models.TextChoices):
    INSPECTION = "inspection", _("行政检查")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    AWAITING_REVIEW = "awaiting_review", _("待法制审核")
    DECIDED = "decided", _("已作出决定")
    CLOSED = "closed", _("已结案")


class StepKind(models.TextChoices):
    FILING = "filing", _("立案")
    INVESTIGATION = "investigation", _("调查取证")
    NOTICE = "notice", _("告知")
    HEARING = "hearing", _("听证")
    DECISION = "decision", _("决定")
    EXECUTION = "execution", _("执行")
    CLOSURE = "closure", _("结案")


class PowerKind(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    OTHER = "other", _("其他行政权力")


class PowerStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    REVOKED = "revoked", _("已取消")


class ChangeKind(models.TextChoices):
    ADDED = "added", _("新增")
    CHANGED = "changed", _("调整")
    REVOKED = "revoked", _("取消")


class AdviserKind(models.TextChoices):
    ADVISER = "adviser", _("法律顾问")
    PUBLIC_LAWYER = "public_lawyer", _("公职律师")


class MatterKind(models.TextChoices):
    DECISION = "decision", _("重大决策")
    CONTRACT = "contract", _("合同")
    DOCUMENT = "document", _("规范性文件")
    LITIGATION = "litigation", _("诉讼复议")
    OTHER = "other", _("其他")


class DrawStatus(models.TextChoices):
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("已公开")
