from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from . import checks  # noqa: F401  registers the deployment checks
        from .rollups import connect

        connect()  # every write to the watched apps invalidates the cached roll-ups
        from .sessions import connect as connect_sessions

        connect_sessions()
        from .validation import install

        install()  # foreign keys to objects already read are not looked up again by full_clean
