"""Every write of administrative law: one transaction, a permission check, an audit row.
One module per area; all services are importable from here."""

from .advisers import adviser_create, adviser_matter_add
from .approvals import approval_case_complete, approval_case_record, approval_item_create, approval_item_update
from .cases import (case_close, case_create, case_decide, case_disclose, case_request_review, case_step_add,
                    special_action_create, standard_create)
from .decisions import (decision_argue, decision_assess_risk, decision_create, decision_decide, decision_evaluate,
                        decision_issue, decision_participation, decision_request_review)
from .documents import (cleanup_record, cleanup_round_create, document_create, document_decide, document_fair_review,
                        document_file, document_publish, document_request_review)
from . import common
from .draws import compute_draw, draw_make, draw_publish, draw_replay, inspection_object_create, inspector_create
from .powers import power_change, power_create, power_revoke
from .reviews import legal_review_record, passed_review

__all__ = ["common", "adviser_create", "adviser_matter_add", "approval_case_complete", "approval_case_record",
           "approval_item_create", "approval_item_update", "case_close", "case_create", "case_decide", "case_disclose",
           "case_request_review", "case_step_add", "special_action_create", "standard_create", "decision_argue",
           "decision_assess_risk", "decision_create", "decision_decide", "decision_evaluate", "decision_issue",
           "decision_participation", "decision_request_review", "cleanup_record", "cleanup_round_create",
           "document_create", "document_decide", "document_fair_review", "document_file", "document_publish",
           "document_request_review", "compute_draw", "draw_make", "draw_publish", "draw_replay",
           "inspection_object_create", "inspector_create", "power_change", "power_create", "power_revoke",
           "legal_review_record", "passed_review"]
