"""Forms of the ledger pages. They parse and check input; the services do the writing."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.org.models import Unit
from fazhi.org.widgets import use_unit_chooser

from . import messages as m
from .choices import (Cause, EntryType, Evaluation, FourNots, PlanKind, ProblemSource, ProblemStatus, Responsibility, Severity,
                      Tier)
from .selectors import UNCLASSIFIED
from .models import ProblemCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def set_units(field, units, **kwargs) -> None:
    """The shared unit chooser over the units the form accepts (only the chosen one is rendered)."""
    use_unit_chooser(field, units, **kwargs)


class BootstrapForm(forms.Form):
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _blank(choices):
    return [("", _("全部"))] + list(choices)


class ProblemFilterForm(BootstrapForm):
    q = forms.CharField(label=_("关键词"), required=False, widget=forms.TextInput(attrs={"placeholder": _("编号、描述、单位、责任人")}))
    unit = forms.ModelChoiceField(label=_("责任单位（含下级）"), queryset=Unit.objects.none(), required=False)
    source = forms.ChoiceField(label=_("问题来源"), choices=_blank(ProblemSource.choices), required=False)
    category = forms.ModelChoiceField(label=_("问题类别"), queryset=ProblemCategory.objects.all(), required=False,
                                      empty_label=_("全部"))
    status = forms.ChoiceField(label=_("状态"), choices=_blank(ProblemStatus.choices), required=False)
    entry_type = forms.ChoiceField(label=_("条目类型"), choices=_blank(EntryType.choices), required=False)
    responsibility = forms.ChoiceField(label=_("管辖责任"), required=False,
                                       choices=_blank(Responsibility.choices) + [(UNCLASSIFIED, _("未分类"))])
    cause = forms.ChoiceField(label=_("原因性质"), choices=_blank(Cause.choices), required=False)
    tier = forms.ChoiceField(label=_("督办"), choices=_blank(Tier.choices), required=False)
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)
    ordering = forms.ChoiceField(label=_("排序"), required=False, choices=[
        ("found", _("发现日期（新→旧）")), ("deadline", _("整改时限（近→远）")), ("unit", _("责任单位")),
        ("status", _("状态")), ("number", _("问题编号"))])

    def __init__(self, *args, units: list[Unit], categories: list[ProblemCategory], **kwargs):
        super().__init__(*args, **kwargs)
        set_units(self.fields["unit"], units, empty_label=_("全部"))
        self.fields["category"].choices = [("", _("全部"))] + [(c.pk, c.name) for c in categories]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class ProblemForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    source = forms.ChoiceField(label=_("问题来源"), choices=ProblemSource.choices)
    category = forms.ModelChoiceField(label=_("问题类别"), queryset=ProblemCategory.objects.filter(is_active=True))
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 4}))
    found_on = forms.DateField(label=_("发现日期"), widget=DATE)
    entry_type = forms.ChoiceField(label=_("条目类型"), choices=EntryType.choices, initial=EntryType.SPECIFIC, required=False)
    cause = forms.ChoiceField(label=_("原因性质"), choices=Cause.choices, initial=Cause.OTHER)
    responsibility = forms.ChoiceField(label=_("管辖责任"), choices=[("", "---------")] + list(Responsibility.choices),
                                       required=False)
    lead_department = forms.CharField(label=_("牵头部门"), max_length=100, required=False, help_text=_("专项整治填写。"))
    lead_person = forms.CharField(label=_("具体责任人"), max_length=100, required=False, help_text=_("专项整治填写。"))
    severity = forms.ChoiceField(label=_("严重程度"), choices=Severity.choices, initial=Severity.GENERAL)
    four_nots = forms.BooleanField(label=_("适用“四个不放过”（不查明情况、不分清责任、不查处到位、不整改到位不放过）"), required=False)
    measures = forms.CharField(label=_("整改措施"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("可稍后由责任单位填写。"))
    responsible_person = forms.CharField(label=_("责任人"), max_length=100, required=False)
    deadline = forms.DateField(label=_("整改时限"), required=False, widget=DATE)
    deadline_days = forms.IntegerField(label=_("或：工作日数"), required=False, min_value=1, max_value=365,
                                       help_text=_("自发现日期起按法定工作日计算。"))
    files = MultipleFileField(label=_("佐证材料"))

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        set_units(self.fields["unit"], units)


class RectificationForm(BootstrapForm):
    measures = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_person = forms.CharField(label=_("责任人"), max_length=100)
    deadline = forms.DateField(label=_("整改时限"), required=False, widget=DATE)
    deadline_days = forms.IntegerField(label=_("或：工作日数"), required=False, min_value=1, max_value=365,
                                       help_text=_("自发现日期起按法定工作日计算。"))


class TextForm(BootstrapForm):
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("佐证材料"))


class VerifyForm(BootstrapForm):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(choices=[(ACCEPT, _("通过")), (RETURN, _("退回"))], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("核验意见（退回时必填）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", m.RETURN_REASON_REQUIRED)
        return data


class ConfirmForm(BootstrapForm):
    item = forms.ChoiceField(label=_("事项"), choices=FourNots.choices)
    note = forms.CharField(label=_("情况说明"), required=False, widget=forms.TextInput())


class CloseForm(BootstrapForm):
    note = forms.CharField(label=_("销号意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("问题来自群众意见或投诉时，将作为答复告知反映人。"))


class ReopenForm(BootstrapForm):
    reason = forms.CharField(label=_("重新打开的理由"), widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(BootstrapForm):
    tier = forms.ChoiceField(label=_("督办等级"), choices=Tier.choices)
    reason = forms.CharField(label=_("督办事由"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("方案类别"), choices=PlanKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        set_units(self.fields["unit"], units)


class ImportForm(BootstrapForm):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    valid_only = forms.BooleanField(label=_("仅导入无误的行（默认：任何一行有误则全部不导入）"), required=False)


class ExplainForm(BootstrapForm):
    explanation = forms.CharField(label=_("解释说明"), widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("因政策不允许或条件不许可而不能整改的，说明理由；将反馈给反映人或登记人。"))


class LeadForm(BootstrapForm):
    lead_department = forms.CharField(label=_("牵头部门"), max_length=100)
    lead_person = forms.CharField(label=_("具体责任人"), max_length=100)


class CheckForm(BootstrapForm):
    note = forms.CharField(label=_("检查情况"), widget=forms.Textarea(attrs={"rows": 2}))


class EvaluateForm(BootstrapForm):
    evaluation = forms.ChoiceField(label=_("评估结论"), choices=Evaluation.choices)
    note = forms.CharField(label=_("评估意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlanReviseForm(BootstrapForm):
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
