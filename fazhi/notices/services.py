"""Writes of the shared notices app: the ladder's settings (督办规则), and a person marking their own
messages read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.audit.services import audit_record, snapshot
from fazhi.core import rollups
from fazhi.org.choices import Role
from fazhi.org.models import Unit
from fazhi.org.scoping import has_role

from .models import LadderSettings, Notification

NOT_TOP_OFFICE = _("督办规则适用于全部单位，只有最上级单位的领导小组办公室可以修改。")


def can_set_ladder(actor) -> bool:
    """The settings apply to the whole installation, every unit's problems and assignments alike:
    only the office of a top-level unit sets them (a county office would set them for its
    neighbours too)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return any(has_role(actor, [Role.OFFICE], u) for u in Unit.objects.filter(parent__isnull=True))


@transaction.atomic
def ladder_settings_update(*, actor, blue_days: int, yellow_stale_days: int, escalate_days: int,
                           reminder_ladder: list[int], send_email: bool = False) -> LadderSettings:
    if not can_set_ladder(actor):
        raise PermissionDenied(NOT_TOP_OFFICE)
    # The row lock: two offices saving at once write one after the other, never two rows.
    settings = LadderSettings.objects.select_for_update().order_by("pk").first() or LadderSettings()
    before = snapshot(settings) if settings.pk else None
    settings.blue_days, settings.yellow_stale_days, settings.escalate_days = blue_days, yellow_stale_days, escalate_days
    settings.reminder_ladder = sorted({int(n) for n in reminder_ladder if int(n) != 0})
    settings.send_email = send_email
    settings.full_clean()
    settings.save()
    audit_record(actor=actor, action="ladder_settings.update", obj=settings, before=before, after=snapshot(settings))
    return settings


def notifications_read(*, actor, pk: int | None = None) -> int:
    """Mark the actor's unread messages read (one of them, with `pk`): only their own, whatever the
    id. No audit row: reading one's own messages changes nothing of the office's work. The unread
    count in the top bar is a cached roll-up, which an UPDATE does not signal: bumped here."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    n = unread.update(read_at=timezone.now())
    if n:
        rollups.bump_tags([rollups.user_tag(actor.pk)])
    return n
