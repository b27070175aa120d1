from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    verbose_name = _("报告与公文")

    def ready(self):
        # The indicators catalogue sits below this app: it is told of this app's measure, not importing it.
        from .measures import register_measures

        register_measures()
