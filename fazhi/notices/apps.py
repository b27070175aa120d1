from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "fazhi.notices"
    label = "notices"
    verbose_name = _("消息与督办")
