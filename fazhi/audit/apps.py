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

        from fazhi.core import rollups

        from .models import AuditEntry

        # An audit row is read by its unit's path (the log of an office's subtree). Writes that
        # leave only an audit row beside rows sending no signal bump the global version themselves.
        rollups.locate(AuditEntry, lambda entry: rollups.path_tags(entry.unit_path) if entry.unit_path else None)
