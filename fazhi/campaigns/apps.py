from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "fazhi.campaigns"
    label = "campaigns"
    verbose_name = _("创建活动")

    def ready(self):
        from fazhi.notices.ladder import register

        from .supervision import assignment_supervision_run

        register("campaigns", lambda day, cal: assignment_supervision_run(day=day, cal=cal))
