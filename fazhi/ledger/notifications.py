"""In-app notifications (and e-mail when the office turns it on): who receives what.

Services only say whom to tell and what; the sending runs from a background task after
the transaction commits, so a slow mail server never holds a write open.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from fazhi.org.models import Grant, Unit

log = logging.getLogger(__name__)


def users_with_role(role: str, unit: Unit, *, exact: bool = False) -> set[int]:
    """Ids of the users holding the role on the unit (or, unless exact, on one of its ancestors)."""
    paths = [unit.path] if exact else unit.ancestor_paths()
    return set(Grant.objects.filter(role=role, unit__path__in=paths).values_list("person__user_id", flat=True))


def notify_on_commit(user_ids, problem, text: str, *, key: str) -> None:
    ids = sorted(set(user_ids))
    if not ids:
        return
    problem_id = problem.pk if problem is not None else None

    def enqueue():
        from .tasks import send_notifications

        send_notifications.enqueue(ids, problem_id, text[:500], key[:120])

    transaction.on_commit(enqueue)


def deliver(user_ids: list[int], problem_id: int | None, text: str, key: str) -> int:
    """Write the notifications; a key already delivered to a user is skipped. Returns how many were new."""
    from .models import Notification, SupervisionRule

    already = set(Notification.objects.filter(key=key, recipient_id__in=user_ids).values_list("recipient_id", flat=True))
    new = [Notification(recipient_id=uid, problem_id=problem_id, text=text, key=key) for uid in user_ids if uid not in already]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if new and SupervisionRule.current().send_email and getattr(settings, "EMAIL_HOST", ""):
        emails = list(get_user_model().objects.filter(pk__in=[n.recipient_id for n in new]).exclude(email="")
                      .values_list("email", flat=True))
        if emails:
            try:
                send_mail(subject=text[:60], message=text, from_email=None, recipient_list=emails)
            except OSError:  # mail is a courtesy: the in-app notification is the record
                log.warning("ledger notification e-mail failed", exc_info=True)
    return len(new)
