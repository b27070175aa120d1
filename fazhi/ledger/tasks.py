"""Background work of the ledger (django-tasks): notifications and the daily supervision run.

Immediate in the embedded default; a database-backed worker in production. The daily run is
started by `manage.py ledger_supervise` (cron or a systemd timer), which enqueues it.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def send_notifications(user_ids: list[int], problem_id: int | None, text: str, key: str) -> int:
    from .notifications import deliver

    return deliver(user_ids, problem_id, text, key)


@task()
def supervise(day: str | None = None) -> dict:
    """Raise, escalate and lift supervision notices and send the reminder ladder for one day."""
    from .supervision import supervision_run

    result = supervision_run(day=dt.date.fromisoformat(day) if day else None)
    return result.as_dict()
