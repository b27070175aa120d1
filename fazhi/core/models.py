from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import DayKind


class StatutoryDay(models.Model):
    """A day of the State Council's holiday arrangement (放假安排) entered by the office.

    Used for the years the bundled calendar does not know yet: a holiday that falls on a
    weekday, or a weekend day that is a make-up working day (调休上班).
    """

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=40, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"
