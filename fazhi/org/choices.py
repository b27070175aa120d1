from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    ADMIN_DEPT = "admin_dept", _("行政部门")
    INSTITUTION = "institution", _("机构")
    WINDOW = "window", _("窗口")
    OFFICE = "office", _("科室")
    TOWNSHIP = "township", _("乡镇")
    DEPARTMENT = "department", _("部门")
    BASE = "base", _("基地")
    STATION = "station", _("站所")


class Role(models.TextChoices):
    OFFICE = "office", _("领导小组办公室")
    LEADER = "leader", _("领导小组成员")
    LIAISON = "liaison", _("单位联络员")
    INSPECTOR = "inspector", _("督导考评人员")
    REVIEWER = "reviewer", _("法制审核人员")
    INTAKE = "intake", _("投诉受理人员")
