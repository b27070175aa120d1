"""Forms of the campaign pages. They parse and check input; the services do the writing."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit
from fazhi.org.widgets import UnitField, use_unit_chooser

from . import messages as m
from .choices import AssignmentStatus, CampaignStatus, Colour, DemoLevel, QuotaKind, WorkKind
from .models import Phase, Task

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEAR_RANGE = (2000, 2100)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


UnitChoiceField = forms.ModelChoiceField
UnitMultipleChoiceField = forms.ModelMultipleChoiceField


class _UnitsFromList:
    """The shared unit chooser over the units given (a queryset or a list already loaded)."""

    @staticmethod
    def apply(field, units, model_qs=None):
        use_unit_chooser(field, units)


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget, so that templates render fields one way."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, (forms.CheckboxSelectMultiple, forms.RadioSelect, forms.CheckboxInput)):
                css = "form-check-input"
            elif isinstance(w, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            w.attrs["class"] = (w.attrs.get("class", "") + " " + css).strip()


# --- campaign and its parts ---------------------------------------------------------

class CampaignForm(BootstrapForm):
    title = forms.CharField(label=_("活动名称"), max_length=200)
    issuer = UnitChoiceField(label=_("发文单位"), queryset=Unit.objects.none())
    doc_number = forms.CharField(label=_("文号"), max_length=60, required=False,
                                 help_text=_("如 晋卫政法发〔2018〕3号"))
    year = forms.IntegerField(label=_("年度"), min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1])
    start_date = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("结束日期"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("状态"), choices=CampaignStatus.choices, initial=CampaignStatus.DRAFT)
    plan_text = forms.CharField(label=_("实施方案"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, issuers: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        _UnitsFromList.apply(self.fields["issuer"], issuers, Unit.objects.all())


class CampaignEditForm(BootstrapForm):
    title = forms.CharField(label=_("活动名称"), max_length=200)
    doc_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    year = forms.IntegerField(label=_("年度"), min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1])
    start_date = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("结束日期"), required=False, widget=DATE)
    parent = forms.TypedChoiceField(label=_("上级活动"), required=False, coerce=int, empty_value=None,
                                    help_text=_("本活动落实的上级单位的活动（如市里的实施方案）。"))

    def __init__(self, *args, parents: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = {c.pk: c for c in parents}
        self.fields["parent"].choices = [("", "---------")] + [(c.pk, f"{c.title}（{c.issuer.name}）") for c in parents]

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        return self.parents.get(pk) if pk else None


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignmentEditForm(BootstrapForm):
    due_date = forms.DateField(label=_("完成时限"), required=False, widget=DATE)
    responsible = forms.TypedChoiceField(label=_("责任人"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, people: list, can_due: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["responsible"].choices = [("", "---------")] + [(p.pk, p.name) for p in people]
        if not can_due:
            del self.fields["due_date"]

    def clean_responsible(self):
        pk = self.cleaned_data.get("responsible")
        return self.people.get(pk) if pk else None


class PhaseForm(BootstrapForm):
    name = forms.CharField(label=_("阶段名称"), max_length=100)
    start = forms.DateField(label=_("开始日期"), widget=DATE)
    end = forms.DateField(label=_("结束日期"), widget=DATE)
    order = forms.IntegerField(label=_("顺序"), min_value=0, initial=0, required=False)
    opens = forms.MultipleChoiceField(label=_("开放的工作"), choices=WorkKind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)


class QuotaForm(BootstrapForm):
    level = forms.ChoiceField(label=_("示范类别"), choices=DemoLevel.choices)
    count = forms.IntegerField(label=_("数量"), min_value=1, max_value=10000)
    kind = forms.ChoiceField(label=_("指标类型"), choices=QuotaKind.choices, initial=QuotaKind.CAP, required=False,
                             help_text=_("“至少”：须达到的最低数量；“上限”：不得超过；“须”：两者兼有。"))
    scope = UnitChoiceField(label=_("范围"), queryset=Unit.objects.none(), required=False,
                            help_text=_("不选表示全系统"))
    per_child = forms.BooleanField(label=_("按下级单位分别计"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        _UnitsFromList.apply(self.fields["scope"], units, Unit.objects.all())


class DemoSiteForm(BootstrapForm):
    unit = UnitChoiceField(label=_("示范点单位"), queryset=Unit.objects.none(),
                           help_text=_("本单位或下级的行政部门、机构、窗口；示范类别按单位类别确定。"))

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        _UnitsFromList.apply(self.fields["unit"], units, Unit.objects.all())


class TaskForm(BootstrapForm):
    parent = forms.ModelChoiceField(label=_("上级任务"), queryset=Task.objects.none(), required=False)
    label = forms.CharField(label=_("序号"), max_length=20, required=False, help_text=_("与方案印发的编号一致，如 一、（一）1、（1）①"))
    heading = forms.CharField(label=_("标题"), max_length=300)
    text = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(label=_("顺序"), min_value=0, initial=0, required=False)
    applies_to = forms.MultipleChoiceField(label=_("适用单位类别"), choices=UnitKind.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    phase = forms.ModelChoiceField(label=_("阶段"), queryset=Phase.objects.none(), required=False)
    due_date = forms.DateField(label=_("完成时限"), required=False, widget=DATE)

    def __init__(self, *args, campaign, tasks: list[Task], phases: list[Phase], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = campaign.tasks.all()
        self.fields["parent"].choices = [("", "---------")] + [(t.pk, str(t)[:60]) for t in tasks]
        self.fields["phase"].queryset = campaign.phases.all()
        self.fields["phase"].choices = [("", "---------")] + [(p.pk, p.name) for p in phases]


class BulkAssignForm(BootstrapForm):
    """"every unit of kind K under unit U", or "these units"."""

    MODE_KIND, MODE_UNITS = "kind", "units"
    task = forms.ModelChoiceField(label=_("工作任务"), queryset=Task.objects.none())
    mode = forms.ChoiceField(label=_("分配方式"), widget=forms.RadioSelect, initial=MODE_KIND, choices=[
        (MODE_KIND, _("按单位类别：某单位下属的全部某类单位")), (MODE_UNITS, _("逐个选择单位"))])
    under = UnitChoiceField(label=_("上级单位"), queryset=Unit.objects.none(), required=False)
    kinds = forms.MultipleChoiceField(label=_("单位类别"), choices=UnitKind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple, help_text=_("不选表示全部类别"))
    units = UnitMultipleChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False,
                                    widget=forms.SelectMultiple(attrs={"size": 8}))
    due_date = forms.DateField(label=_("完成时限"), required=False, widget=DATE,
                               help_text=_("不填则取任务的完成时限，再不然取活动结束日期"))

    def __init__(self, *args, campaign, tasks: list[Task], units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = campaign.tasks.all()
        self.fields["task"].choices = [("", "---------")] + [(t.pk, str(t)[:60]) for t in tasks]
        _UnitsFromList.apply(self.fields["under"], units, Unit.objects.all())
        _UnitsFromList.apply(self.fields["units"], units, Unit.objects.all())

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.MODE_KIND and not data.get("under"):
            self.add_error("under", m.NO_UNITS_SELECTED)
        if data.get("mode") == self.MODE_UNITS and not data.get("units"):
            self.add_error("units", m.NO_UNITS_SELECTED)
        return data


# --- assignment work ------------------------------------------------------------------

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressReportForm(BootstrapForm):
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    progress = forms.IntegerField(label=_("完成进度（%）"), initial=100, required=False,
                                  widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}))
    files = MultipleFileField(label=_("佐证材料"), required=False,
                              help_text=_("可选多个文件：PDF、Word、Excel、图片等，单个文件不超过上限。"))

    def clean_text(self):
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise ValidationError(m.REPORT_TEXT_REQUIRED)
        return text

    def clean_progress(self):
        value = self.cleaned_data.get("progress")
        if value is None or not 0 <= value <= 100:
            raise ValidationError(m.PROGRESS_RANGE)
        return value


class ReviewForm(BootstrapForm):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(choices=[(ACCEPT, _("通过")), (RETURN, _("退回"))])
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", m.RETURN_REASON_REQUIRED)
        return data


# --- list filters -----------------------------------------------------------------------

class CampaignFilterForm(BootstrapForm):
    q = forms.CharField(label=_("关键词"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("活动名称或文号")}))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态"))] + CampaignStatus.choices)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1],
                              widget=forms.NumberInput(attrs={"placeholder": _("年度")}))


class AssignmentFilterForm(BootstrapForm):
    ORDERINGS = [("due", _("完成时限")), ("-due", _("完成时限（倒序）")), ("unit", _("责任单位")), ("-unit", _("责任单位（倒序）")),
                 ("status", _("状态")), ("-status", _("状态（倒序）")), ("task", _("任务")), ("-task", _("任务（倒序）"))]
    q = forms.CharField(label=_("关键词"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("任务或单位名称")}))
    campaign = forms.TypedChoiceField(label=_("创建活动"), required=False, coerce=int, empty_value=None)
    unit = UnitField(label=_("单位（含下级）"), required=False, as_pk=True, empty_label=_("全部单位"))
    unit_kind = forms.ChoiceField(label=_("单位类别"), required=False, choices=[("", _("全部类别"))] + UnitKind.choices)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态"))] + AssignmentStatus.choices)
    phase = forms.TypedChoiceField(label=_("阶段"), required=False, coerce=int, empty_value=None)
    colour = forms.ChoiceField(label=_("预警"), required=False, choices=[("", _("全部"))] + Colour.choices)
    ordering = forms.ChoiceField(label=_("排序"), required=False, choices=ORDERINGS)
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, campaigns, units, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("全部活动"))] + [(c.pk, c.title) for c in campaigns]
        self.fields["unit"].set_units(units)
        self.fields["phase"].choices = [("", _("全部阶段"))] + [(p.pk, p.name) for p in phases]

    def filters(self) -> dict:
        """The selector's filters; invalid values are dropped (a stale link still shows a list)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
