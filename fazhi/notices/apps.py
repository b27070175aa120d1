from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "fazhi.notices"
    label = "notices"
    verbose_name = _("消息与督办")

    def ready(self):
        from fazhi.core import rollups

        from .models import Notification

        # A message is one person's: a new one makes stale that person's unread count alone.
        rollups.locate(Notification, lambda n: [rollups.user_tag(n.recipient_id)])
