"""Law study, training hours, exams and outreach (学法、培训、考试、普法).

Every model with a unit is scoped by that unit's path (`scope_path`); hours are kept on the
session and counted for each attendee, so that a person's yearly ledger is one aggregate.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import StoredFile
from fazhi.org.models import Person, Unit
from fazhi.org.scoping import ScopedQuerySet

from .choices import (Audience, AttendanceSource, ExamKind, ListKind, MaterialKind, OutreachKind, QuestionKind,
                      SessionKind)

HOURS = {"max_digits": 5, "decimal_places": 1, "validators": [MinValueValidator(Decimal("0"))]}


class PersonCategory(models.Model):
    """A category of people with the share of law in their training hours (公务员 20%, 医务人员 10%…).

    The office keeps the list; `code` names the categories the figures single out (执法人员).
    """

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("类别名称"), max_length=20, unique=True)
    law_share = models.DecimalField(_("法律学时最低占比（%）"), max_digits=5, decimal_places=2,
                                    validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("人员类别")
        verbose_name_plural = _("人员类别")

    def __str__(self):
        return self.name


class LearnerProfile(models.Model):
    """The category a person's training hours are measured against."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="learner", verbose_name=_("人员"))
    category = models.ForeignKey(PersonCategory, on_delete=models.PROTECT, related_name="learners",
                                 verbose_name=_("人员类别"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "person__unit__path"

    class Meta:
        verbose_name = _("学员类别")
        verbose_name_plural = _("学员类别")

    def __str__(self):
        return f"{self.person} · {self.category}"


class StudyList(models.Model):
    """A year's 学法清单 / 应知应会清单 of a unit for one audience."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="study_lists", verbose_name=_("制定单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("清单类别"), max_length=20, choices=ListKind.choices)
    audience = models.CharField(_("学习对象"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("清单名称"), max_length=200)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-year", "unit__path", "kind"]
        verbose_name = _("学法清单")
        verbose_name_plural = _("学法清单")
        constraints = [models.UniqueConstraint(fields=["unit", "year", "kind", "audience"], name="study_list_unique",
                                               violation_error_message=_("该单位该年度已有同类、同对象的清单。"))]

    def __str__(self):
        return self.title


class StudyListItem(models.Model):
    """One law of a study list, with the articles to know."""

    study_list = models.ForeignKey(StudyList, on_delete=models.CASCADE, related_name="items", verbose_name=_("清单"))
    law = models.CharField(_("法律法规"), max_length=200)
    articles = models.CharField(_("条款"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("清单条目")
        verbose_name_plural = _("清单条目")

    def __str__(self):
        return f"{self.law} {self.articles}".strip()


class StudySession(models.Model):
    """A study session or training (中心组学法、专题讲座、培训班…) with its hours and law hours."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="study_sessions", verbose_name=_("组织单位"))
    kind = models.CharField(_("类别"), max_length=20, choices=SessionKind.choices)
    topic = models.CharField(_("主题"), max_length=200)
    date = models.DateField(_("日期"), db_index=True)
    hours = models.DecimalField(_("学时"), **HOURS)
    law_hours = models.DecimalField(_("法律学时"), **HOURS)
    laws = models.TextField(_("学习的法律法规"), blank=True)
    speaker = models.CharField(_("主讲人"), max_length=100, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="study_sessions", verbose_name=_("所属活动"))
    study_list = models.ForeignKey(StudyList, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="sessions", verbose_name=_("学法清单"))
    checkin_token = models.CharField(_("签到码"), max_length=40, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("学法培训")
        verbose_name_plural = _("学法培训")
        constraints = [models.CheckConstraint(condition=Q(law_hours__lte=F("hours")), name="session_law_hours_le_hours",
                                              violation_error_message=_("法律学时不能多于总学时。"))]

    def __str__(self):
        return self.topic


class Attendance(models.Model):
    """A person at a session: chosen by the organiser, imported from a sheet or signed in by QR code."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("学法培训"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("人员"))
    source = models.CharField(_("登记方式"), max_length=10, choices=AttendanceSource.choices)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "session__unit__path"

    class Meta:
        ordering = ["session", "person__unit__path", "person__name"]
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attendance_unique",
                                               violation_error_message=_("该人员已在签到名单中。"))]

    def __str__(self):
        return f"{self.session} · {self.person}"


class Question(models.Model):
    """A question of the bank: single choice, multiple choice or true/false, with the law it tests.

    `options` is the list of choices (true/false: 正确, 错误); `answer` the sorted indexes of
    the right ones.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="questions", verbose_name=_("题库单位"))
    kind = models.CharField(_("题型"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list)
    answer = models.JSONField(_("答案"), default=list)
    law = models.CharField(_("法律法规"), max_length=200)
    article = models.CharField(_("条款"), max_length=100, blank=True)
    difficulty = models.PositiveSmallIntegerField(_("难度"), default=1,
                                                  validators=[MinValueValidator(1), MaxValueValidator(3)])
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["law", "kind", "id"]
        verbose_name = _("试题")
        verbose_name_plural = _("试题")

    def __str__(self):
        return self.text[:40]


class Exam(models.Model):
    """An exam (任前考法、年度考法、执法人员考试) with its paper drawn by rule from a recorded seed.

    `rule` is a list of {"law", "kind", "difficulty", "count"} (empty law/kind/difficulty: any);
    `paper` the question ids drawn, in order. Drawing again with the same seed from the same
    bank gives the same paper.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="exams", verbose_name=_("组织单位"))
    kind = models.CharField(_("考试类别"), max_length=20, choices=ExamKind.choices)
    title = models.CharField(_("考试名称"), max_length=200)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    time_limit = models.PositiveSmallIntegerField(_("答题时限（分钟）"), validators=[MinValueValidator(1)])
    pass_mark = models.PositiveSmallIntegerField(_("及格分"), default=60, validators=[MaxValueValidator(100)])
    max_attempts = models.PositiveSmallIntegerField(_("允许考试次数"), default=1, validators=[MinValueValidator(1)])
    partial_credit = models.BooleanField(_("多选题少选得一半分"), default=False,
                                         help_text=_("不勾选时，多选题少选、错选均不得分。"))
    rule = models.JSONField(_("组卷规则"), default=list, blank=True)
    seed = models.PositiveBigIntegerField(_("组卷种子"), editable=False)
    paper = models.JSONField(_("试卷"), default=list, blank=True, editable=False)
    candidates = models.ManyToManyField(Person, related_name="exams", verbose_name=_("应考人员"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("考试")
        verbose_name_plural = _("考试")
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="exam_closes_after_opens",
                                              violation_error_message=_("截止时间须晚于开始时间。"))]

    def __str__(self):
        return self.title


class ExamAttempt(models.Model):
    """One sitting of an exam by a candidate; the server's deadline bounds every answer."""

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("考试"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="exam_attempts", verbose_name=_("考生"))
    number = models.PositiveSmallIntegerField(_("第几次"))
    started_at = models.DateTimeField(_("开始答题时间"))
    deadline = models.DateTimeField(_("答题截止时间"))
    answers = models.JSONField(_("作答"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("合格"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "person__unit__path"

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("考试记录")
        verbose_name_plural = _("考试记录")
        constraints = [models.UniqueConstraint(fields=["exam", "person", "number"], name="attempt_unique_number")]

    def __str__(self):
        return f"{self.exam} · {self.person} · {self.number}"

    @property
    def is_finished(self) -> bool:
        return self.submitted_at is not None


class OutreachDuty(models.Model):
    """An entry of the 普法责任清单 (谁执法谁普法): which unit, which laws, which audience, what it plans."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="outreach_duties", verbose_name=_("责任单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    laws = models.CharField(_("普法内容（法律法规）"), max_length=300)
    audience = models.CharField(_("普法对象"), max_length=100)
    plan = models.TextField(_("计划措施"), blank=True)
    planned_events = models.PositiveIntegerField(_("计划活动次数"), default=1)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-year", "unit__path", "id"]
        verbose_name = _("普法责任清单")
        verbose_name_plural = _("普法责任清单")

    def __str__(self):
        return f"{self.unit} · {self.laws}"


class OutreachEvent(models.Model):
    """An outreach (普法) event: where, when, by whom, how many people, what was handed out."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="outreach_events", verbose_name=_("组织单位"))
    kind = models.CharField(_("活动形式"), max_length=20, choices=OutreachKind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    date = models.DateField(_("日期"), db_index=True)
    participants = models.PositiveIntegerField(_("参与人数"), default=0)
    laws = models.CharField(_("宣传的法律法规"), max_length=300, blank=True)
    duty = models.ForeignKey(OutreachDuty, null=True, blank=True, on_delete=models.SET_NULL, related_name="events",
                             verbose_name=_("普法责任清单"))
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="outreach_events", verbose_name=_("所属活动"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "unit__path"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("普法活动")
        verbose_name_plural = _("普法活动")

    def __str__(self):
        return self.title


class OutreachMaterial(models.Model):
    """Materials handed out at an event, by kind and count."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="materials", verbose_name=_("普法活动"))
    kind = models.CharField(_("资料类别"), max_length=10, choices=MaterialKind.choices)
    count = models.PositiveIntegerField(_("数量"))

    class Meta:
        ordering = ["kind"]
        verbose_name = _("宣传资料")
        verbose_name_plural = _("宣传资料")
        constraints = [models.UniqueConstraint(fields=["event", "kind"], name="material_unique_kind")]


class OutreachPhoto(StoredFile):
    """A photo of an outreach event, checked like every upload (type sniffed, SHA-256, size)."""

    storage_prefix = "outreach"

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="photos", verbose_name=_("普法活动"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "event__unit__path"

    class Meta:
        ordering = ["id"]
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
