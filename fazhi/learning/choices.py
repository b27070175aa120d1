from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    GROUP_STUDY = "group_study", _("中心组学法")
    LECTURE = "lecture", _("专题讲座")
    TRAINING = "training", _("培训班")
    TUTORIAL = "tutorial", _("辅导讲座")
    INTEGRITY = "integrity", _("廉政党课")
    WARNING = "warning", _("警示教育")
    INDUCTION = "induction", _("上岗前法治培训")


# Kinds counted as "rule-of-law trainings or lectures" (seed 002: 每年至少举办两期). 辅导讲座,
# 廉政党课 and 警示教育 (seed 004) are study of the campaign's own, not law trainings.
TRAINING_KINDS = [SessionKind.LECTURE, SessionKind.TRAINING, SessionKind.INDUCTION]


class ListKind(models.TextChoices):
    LEADERS = "leaders", _("领导干部学法清单")
    ESSENTIAL = "essential", _("应知应会法律法规清单")


class Audience(models.TextChoices):
    LEADERS = "leaders", _("领导干部")
    STAFF = "staff", _("全体干部职工")
    ENFORCEMENT = "enforcement", _("执法人员")
    MEDICAL = "medical", _("医务人员")
    PUBLIC = "public", _("社会公众")


class AttendanceSource(models.TextChoices):
    CHOSEN = "chosen", _("选择人员")
    IMPORTED = "imported", _("Excel 导入")
    SCANNED = "scanned", _("扫码签到")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "true_false", _("判断题")


class ExamKind(models.TextChoices):
    PRE_APPOINTMENT = "pre_appointment", _("任前考法")
    ANNUAL = "annual", _("年度考法")
    ENFORCEMENT = "enforcement", _("执法人员考试")


class OutreachKind(models.TextChoices):
    COMMUNITY = "community", _("进社区")
    SCHOOL = "school", _("进学校")
    ENTERPRISE = "enterprise", _("进企业")
    ORGANISATION = "organisation", _("进单位")
    HOSPITAL = "hospital", _("进医院")
    CLINIC = "clinic", _("义诊+法宣")
    COUNTRYSIDE = "countryside", _("送法下乡")
    CONSTITUTION_WEEK = "constitution_week", _("宪法宣传周")
    SHORT_VIDEO = "short_video", _("短视频")
    QUIZ = "quiz", _("在线竞答")
    OTHER = "other", _("其他")


class MaterialKind(models.TextChoices):
    LEAFLET = "leaflet", _("宣传单")
    BOOKLET = "booklet", _("宣传手册")
    POSTER = "poster", _("宣传海报")
    GIFT = "gift", _("宣传品")
    OTHER = "other", _("其他")
