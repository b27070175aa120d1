"""Models of administrative law (依法行政), one module per area."""

from .advisers import AdviserMatter, LegalAdviser
from .approvals import ApprovalCase, ApprovalItem
from .cases import CaseAttachment, CaseStep, DiscretionStandard, EnforcementCase, SpecialAction
from .common import EnforcementRule, LegalReview
from .decisions import MajorDecision
from .documents import CleanupEntry, CleanupRound, NormativeDocument
from .draws import DrawPick, InspectionObject, Inspector, RandomDraw
from .powers import Power, PowerChange

__all__ = ["AdviserMatter", "LegalAdviser", "ApprovalCase", "ApprovalItem", "CaseAttachment", "CaseStep",
           "DiscretionStandard", "EnforcementCase", "SpecialAction", "EnforcementRule", "LegalReview", "MajorDecision",
           "CleanupEntry", "CleanupRound", "NormativeDocument", "DrawPick", "InspectionObject", "Inspector", "RandomDraw",
           "Power", "PowerChange"]
