from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.org.choices import UnitKind
from fazhi.org.widgets import UnitChooser

from .choices import Operator, Period
from .measures import measure_choices


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class IndicatorFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("指标名称或规则原文")}))
    measure = forms.ChoiceField(label=_("统计口径"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", _("全部"))] + measure_choices()
        _bootstrap(self)


class IndicatorForm(forms.Form):
    title = forms.CharField(label=_("指标名称"), max_length=200)
    text = forms.CharField(label=_("规则原文"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.TypedChoiceField(label=_("考核范围"), coerce=int)
    measure = forms.ChoiceField(label=_("统计口径"))
    op = forms.ChoiceField(label=_("比较"), choices=Operator.choices)
    threshold = forms.DecimalField(label=_("阈值"), min_value=0, max_digits=12, decimal_places=4,
                                   help_text=_("比例填小数，如 20% 填 0.2。"))
    period = forms.ChoiceField(label=_("考核周期"), choices=Period.choices)
    applies_to = forms.MultipleChoiceField(label=_("分别考核的单位类别"), required=False, choices=UnitKind.choices,
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                                           help_text=_("为空时只考核范围单位本身。"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = UnitChooser()
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["measure"].choices = measure_choices()
        _bootstrap(self)


class IndicatorEditForm(IndicatorForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["unit"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class RuleConfirmForm(IndicatorEditForm):
    """The indicator a plan rule becomes: prefilled with the suggestion, corrected by the office."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["text"]


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("不设指标的理由"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
