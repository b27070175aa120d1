from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fazhi.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self):
        from fazhi.core.signals import write_done

        from .services import record_core_write

        write_done.connect(record_core_write, dispatch_uid="fazhi.audit.core_write")
