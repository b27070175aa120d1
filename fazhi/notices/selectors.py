from django.db.models import QuerySet

from .models import LadderSettings, Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def ladder_settings_get() -> LadderSettings:
    """The settings every ladder runs on (the defaults, unsaved, until the office saves them)."""
    return LadderSettings.current()
