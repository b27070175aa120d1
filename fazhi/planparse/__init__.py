"""Official plan documents (实施方案) → structured plans.

Pure Python; nothing here imports Django, so the parser can be used alone::

    from fazhi.planparse import parse_bytes
    plan = parse_bytes(open("方案.docx", "rb").read(), filename="方案.docx")
    plan.to_dict()   # JSON schema "fazhi.plan/1", see docs/planparse.md
"""

from .errors import PlanParseError
from .model import SCHEMA, Node, Plan
from .parser import parse_bytes, parse_text

__all__ = ["SCHEMA", "Node", "Plan", "PlanParseError", "parse_bytes", "parse_text"]
