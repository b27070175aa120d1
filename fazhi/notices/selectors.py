from django.db.models import QuerySet

from fazhi.core import rollups

from .models import LadderSettings, Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    """The top bar's badge, on every page: kept in the roll-up cache (per person) until a write;
    the writes of notifications that send no signal (bulk delivery, marking read) bump it. It reads
    the person's messages alone: other writes leave it standing."""
    return rollups.cached(("notices:unread", user.pk),
                          lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
                          tags=[rollups.user_tag(user.pk)])


def ladder_settings_get() -> LadderSettings:
    """The settings every ladder runs on (the defaults, unsaved, until the office saves them)."""
    return LadderSettings.current()
