from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "fazhi.intake"
    label = "intake"
    verbose_name = _("征求意见与投诉举报")

    def ready(self):
        from .signals import connect_ledger

        connect_ledger()
        from .plan_meetings import connect as connect_plan_meetings

        connect_plan_meetings()
