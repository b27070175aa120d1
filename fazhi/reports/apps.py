from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    verbose_name = _("报告与公文")
