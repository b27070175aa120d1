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

        from fazhi.org.branches import locate_by_unit

        from .models import Assignment, Evidence, ProgressReport

        # The writes of a unit's progress reporting make stale only the figures of its branch
        # (fazhi.org.branches): each of these is read by the path of its assignment's unit alone.
        locate_by_unit(Assignment, "unit")
        locate_by_unit(ProgressReport, "assignment__unit")
        locate_by_unit(Evidence, "report__assignment__unit")
