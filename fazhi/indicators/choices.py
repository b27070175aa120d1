from django.db import models
from django.utils.translation import gettext_lazy as _


class Operator(models.TextChoices):
    AT_LEAST = ">=", _("不少于")
    AT_MOST = "<=", _("不超过")


class Period(models.TextChoices):
    YEAR = "year", _("每年")
    QUARTER = "quarter", _("每季度")
    MONTH = "month", _("每月")


class MeasureUnit(models.TextChoices):
    COUNT = "count", _("数量")
    RATIO = "ratio", _("比例")


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", _("已确认为指标")
    DISMISSED = "dismissed", _("不设指标")
