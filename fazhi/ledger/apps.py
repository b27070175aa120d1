from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "fazhi.ledger"
    label = "ledger"
    verbose_name = _("问题台账")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the ledger to other apps' signals)
        from fazhi.notices.ladder import register

        from .supervision import supervision_run

        register("ledger", lambda day, cal: supervision_run(day=day, cal=cal).as_dict())

        from fazhi.org.branches import locate_by_unit

        from . import models as m

        # Every reader finds a problem and what hangs on it by the problem's unit (which a problem
        # never changes): their writes make stale only the figures of that unit's branch.
        locate_by_unit(m.Problem, "unit")
        for model in (m.Rectification, m.CompletionReport, m.ProblemEvent, m.FourNotsConfirmation, m.Attachment,
                      m.SupervisionNotice, m.AccountabilityReferral):
            locate_by_unit(model, "problem__unit")
