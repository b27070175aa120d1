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


def stored_file_path(instance, filename):
    # Stored under the content hash, never under the uploaded name: no path tricks, no clashes.
    return f"{instance.storage_prefix}/{instance.sha256[:2]}/{instance.sha256}"


class StoredFile(models.Model):
    """What every checked upload records (see fazhi.core.files.check_upload): the file under its
    SHA-256, the name it was sent with, its sniffed type and size. Served only through a view
    that checks permission."""

    storage_prefix = "files"

    file = models.FileField(_("文件"), upload_to=stored_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    mime = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name
