"""Background work (django-tasks): delivery of notifications and the daily run of the ladders.

Immediate in the embedded default; with the database backend, `fazhi worker` runs them.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def send_notifications(user_ids: list[int], text: str, key: str, link: str = "", object_type: str = "",
                       object_id: str = "", email: bool = False) -> int:
    from .delivery import deliver

    return deliver(user_ids, text, key, link, object_type, object_id, email)


@task()
def run_ladders(day: str | None = None) -> dict | None:
    """Reminders and supervision notices of every app for one day (once, whoever runs it)."""
    from .ladder import run_day

    return run_day(dt.date.fromisoformat(day) if day else None)
