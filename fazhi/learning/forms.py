"""Forms of the learning pages. Units and people arrive as ids and are resolved by the view
inside the user's scope, so that a unit out of scope answers 404 like any hidden record."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.org.models import Unit
from fazhi.org.widgets import UnitChooser

from .choices import Audience, ExamKind, ListKind, MaterialKind, OutreachKind, SessionKind


class Styled:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                css = "form-check-input"
            elif isinstance(w, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            w.attrs.setdefault("class", css)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for e in errors:
                form.add_error(name if name in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def unit_choices(units: list[Unit]) -> list[tuple[int, str]]:
    base = min((u.depth for u in units), default=0)
    return [(u.pk, "\u3000" * (u.depth - base) + u.name) for u in units]


class UnitForm(Styled, forms.Form):
    """A form whose `unit` is one of the units given (ids only; the view resolves it in scope)."""

    unit = forms.TypedChoiceField(label=_("单位"), coerce=int)

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here: the view answers 404 for a unit out of scope, 403 without the role.
        self.fields["unit"].widget = UnitChooser(attrs=self.fields["unit"].widget.attrs)
        self.fields["unit"].choices = unit_choices(units)
        self.fields["unit"].valid_value = lambda value: str(value).isdigit()


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(UnitForm):
    kind = forms.ChoiceField(label=_("类别"), choices=SessionKind.choices)
    topic = forms.CharField(label=_("主题"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=DATE)
    hours = forms.DecimalField(label=_("学时"), max_digits=5, decimal_places=1, min_value=0)
    law_hours = forms.DecimalField(label=_("法律学时"), max_digits=5, decimal_places=1, min_value=0)
    laws = forms.CharField(label=_("学习的法律法规"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    speaker = forms.CharField(label=_("主讲人"), max_length=100, required=False)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)


class AttendeesForm(forms.Form):
    people = forms.TypedMultipleChoiceField(label=_("参训人员"), coerce=int)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(p.pk, f"{p.name}（{p.unit.name}）") for p in people]
        self.fields["people"].valid_value = lambda value: str(value).isdigit()


class ImportForm(Styled, forms.Form):
    file = forms.FileField(label=_("Excel 文件"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class StudyListForm(UnitForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("清单类别"), choices=ListKind.choices)
    audience = forms.ChoiceField(label=_("学习对象"), choices=Audience.choices)
    title = forms.CharField(label=_("清单名称"), max_length=200)
    items = forms.CharField(label=_("法律法规及条款"), widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_("每行一部法律法规，条款写在竖线后，如：中华人民共和国行政处罚法 | 第三十二条、第三十三条"))

    def clean_items(self):
        pairs = []
        for line in self.cleaned_data["items"].splitlines():
            if line.strip():
                law, _sep, articles = line.partition("|")
                pairs.append((law.strip(), articles.strip()))
        return pairs


class OutreachForm(UnitForm):
    kind = forms.ChoiceField(label=_("活动形式"), choices=OutreachKind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    participants = forms.IntegerField(label=_("参与人数"), min_value=0, initial=0)
    laws = forms.CharField(label=_("宣传的法律法规"), max_length=300, required=False)
    photos = MultipleFileField(label=_("活动照片"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in MaterialKind.choices:
            self.fields[f"material_{value}"] = forms.IntegerField(label=label, min_value=0, required=False,
                                                                  widget=forms.NumberInput(attrs={"class": "form-control"}))

    def materials(self) -> list[tuple[str, int]]:
        return [(v, self.cleaned_data.get(f"material_{v}") or 0) for v in MaterialKind.values]


class DutyForm(UnitForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    laws = forms.CharField(label=_("普法内容（法律法规）"), max_length=300)
    audience = forms.CharField(label=_("普法对象"), max_length=100)
    plan = forms.CharField(label=_("计划措施"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    planned_events = forms.IntegerField(label=_("计划活动次数"), min_value=1, initial=4)


class ExamForm(UnitForm):
    kind = forms.ChoiceField(label=_("考试类别"), choices=ExamKind.choices)
    title = forms.CharField(label=_("考试名称"), max_length=200)
    opens_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("截止时间"), widget=DATETIME)
    time_limit = forms.IntegerField(label=_("答题时限（分钟）"), min_value=1, max_value=600, initial=30)
    pass_mark = forms.IntegerField(label=_("及格分"), min_value=0, max_value=100, initial=60)
    max_attempts = forms.IntegerField(label=_("允许考试次数"), min_value=1, max_value=10, initial=2)
    partial_credit = forms.BooleanField(label=_("多选题少选得一半分"), required=False)
    law = forms.CharField(label=_("限定法律法规"), max_length=200, required=False,
                          help_text=_("不填时从题库全部试题中抽取。"))
    single = forms.IntegerField(label=_("单选题数量"), min_value=0, initial=5)
    multiple = forms.IntegerField(label=_("多选题数量"), min_value=0, initial=3)
    true_false = forms.IntegerField(label=_("判断题数量"), min_value=0, initial=2)
    category = forms.ChoiceField(label=_("应考人员类别"), required=False,
                                 help_text=_("组织单位（含下级）中该类别的全部人员为应考人员；不选时为全部人员。"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部人员"))] + [(c.code, c.name) for c in categories]

    def rule(self) -> list[dict]:
        law = self.cleaned_data.get("law") or ""
        return [{"law": law, "kind": kind, "difficulty": None, "count": self.cleaned_data[kind]}
                for kind in ("single", "multiple", "true_false") if self.cleaned_data.get(kind)]


class CategoryForm(Styled, forms.Form):
    category = forms.ChoiceField(label=_("人员类别"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.code, c.name) for c in categories]
