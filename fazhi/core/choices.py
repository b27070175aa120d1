from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class CalendarSource(models.TextChoices):
    BUILTIN = "builtin", _("国务院放假安排（内置）")
    TABLE = "table", _("本单位维护的节假日表")
    WEEKENDS = "weekends", _("仅按周末计算")
