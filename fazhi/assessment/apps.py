from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "fazhi.assessment"
    label = "assessment"
    verbose_name = _("考评与示范评选")

    def ready(self):
        from . import extensions

        extensions.register()
