"""Who is told what, and the delivery itself (moved here from the ledger: one place for all apps).

Services only say whom to tell and what; delivery runs from a background task after the
transaction commits, so a slow mail server never holds a write open. A message key already
delivered to a person is skipped, by the database's unique constraint, so two workers that
deliver the same message leave one row.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from fazhi.core import rollups
from fazhi.org.models import Grant, Unit

log = logging.getLogger(__name__)


def users_with_role(role: str, unit: Unit, *, exact: bool = False) -> set[int]:
    """Ids of the users holding the role on the unit (or, unless exact, on one of its ancestors)."""
    paths = [unit.path] if exact else unit.ancestor_paths()
    return set(Grant.objects.filter(role=role, unit__path__in=paths).values_list("person__user_id", flat=True))


def users_with_role_on(role: str, unit_ids) -> set[int]:
    """Ids of the users holding the role on exactly these units: one query for a whole bulk write."""
    ids = list(dict.fromkeys(unit_ids))
    users: set[int] = set()
    for start in range(0, len(ids), 20000):
        users.update(Grant.objects.filter(role=role, unit_id__in=ids[start:start + 20000])
                     .values_list("person__user_id", flat=True))
    return users


def link_to(name: str, *args) -> str:
    """A page's path for a message, or "" where that page is not served (an API-only deployment)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def subject_of(obj) -> tuple[str, str]:
    return (obj._meta.label_lower, str(obj.pk)) if obj is not None else ("", "")


def notify_on_commit(user_ids, text: str, *, key: str, link: str = "", subject=None, email: bool = False) -> None:
    """Tell these users, once the current transaction commits (nothing is said about a rolled-back write)."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    object_type, object_id = subject_of(subject)

    def enqueue():
        from .tasks import send_notifications

        send_notifications.enqueue(ids, text[:500], key[:120], link[:300], object_type, object_id, email)

    transaction.on_commit(enqueue)


def deliver(user_ids: list[int], text: str, key: str, link: str = "", object_type: str = "", object_id: str = "",
            email: bool = False) -> int:
    """Write the notifications; a key already delivered to a user is skipped. Returns how many were new."""
    from .models import Notification

    rows = [Notification(recipient_id=uid, text=text, key=key, link=link, object_type=object_type, object_id=object_id)
            for uid in user_ids]
    before = set(Notification.objects.filter(key=key, recipient_id__in=user_ids).values_list("id", flat=True))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    new = Notification.objects.filter(key=key, recipient_id__in=user_ids).exclude(id__in=before)
    new_ids = list(new.values_list("recipient_id", flat=True))
    if new_ids:  # bulk_create sends no signal: these people's unread counts (a cached roll-up) are stale now
        rollups.bump_tags(rollups.user_tag(uid) for uid in new_ids)
    if new_ids and email and getattr(settings, "EMAIL_HOST", ""):
        emails = list(get_user_model().objects.filter(pk__in=new_ids).exclude(email="").values_list("email", flat=True))
        if emails:
            try:
                send_mail(subject=text[:60], message=text, from_email=None, recipient_list=emails)
            except OSError:  # mail is a courtesy: the in-app notification is the record
                log.warning("notification e-mail failed", exc_info=True)
    return len(new_ids)
