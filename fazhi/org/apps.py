from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "fazhi.org"
    label = "org"
    verbose_name = _("单位与人员")

    def ready(self):
        from fazhi.core import services as core_services

        from . import scoping

        core_services.set_calendar_keeper(scoping.calendar_office_unit)
