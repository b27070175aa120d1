"""The hook between a case and the problem ledger, which lives in another app.

`submission_to_problem` is sent when the office turns a case into a ledger problem; a
receiver (the ledger) creates the problem and returns it (or its id), and the case keeps
the id. When the ledger closes a problem it sends its own `problem_closed`; if that signal
exists, the receiver below publishes the close-out as the case's reply, so that the answer
reaches the person who asked. Neither app imports the other's models.
"""

from __future__ import annotations

import logging

from django.dispatch import Signal

log = logging.getLogger(__name__)

# sender=Submission, kwargs: submission, actor. A receiver returns the Problem it created (or its id).
submission_to_problem = Signal()


def problem_id_from(responses) -> int | None:
    for _receiver, value in responses:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        pk = getattr(value, "pk", None)
        if isinstance(pk, int):
            return pk
    return None


def on_problem_closed(sender, problem=None, actor=None, text: str = "", reply: str = "", **kwargs):
    from .services import problem_closed_reply

    if problem is None:
        return
    text = text or reply
    problem_closed_reply(problem_id=problem if isinstance(problem, int) else problem.pk, actor=actor,
                         text=text or getattr(problem, "closing_text", "") or getattr(problem, "completion_report", ""))


def connect_ledger() -> bool:
    """Called from AppConfig.ready: connect to the ledger's signal if the ledger has one yet."""
    try:
        from fazhi.ledger.signals import problem_closed  # noqa: PLC0415 - optional app
    except ImportError:
        return False
    problem_closed.connect(on_problem_closed, dispatch_uid="intake.problem_closed")
    return True
