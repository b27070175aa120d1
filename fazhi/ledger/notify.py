"""How the ledger tells people about a problem: through the shared notices (fazhi.notices)."""

from __future__ import annotations

from fazhi.notices import ladder
from fazhi.notices.delivery import link_to, notify_on_commit, users_with_role  # noqa: F401 - used by services and supervision


def notify_problem(user_ids, problem, text: str, *, key: str) -> None:
    link = link_to("ledger:detail", problem.pk) if problem is not None and problem.pk else ""
    notify_on_commit(user_ids, text, key=key, link=link, subject=problem, email=ladder.current_rule().send_email)


def notify_plan(user_ids, plan, text: str, *, key: str) -> None:
    notify_on_commit(user_ids, text, key=key, link=link_to("ledger:plan", plan.pk), subject=plan,
                     email=ladder.current_rule().send_email)
