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
