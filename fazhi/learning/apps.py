from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "fazhi.learning"
    label = "learning"
    verbose_name = _("学法培训与普法")
