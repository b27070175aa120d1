from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DayKind


class _Styled:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-select" if isinstance(f.widget, forms.Select) else "form-control")


class StatutoryDayForm(_Styled, forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("类别"), choices=DayKind.choices)
    name = forms.CharField(label=_("节日"), max_length=40, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("如：春节")}))


class NoticeForm(_Styled, forms.Form):
    text = forms.CharField(label=_("通知全文"), widget=forms.Textarea(attrs={
        "rows": 12, "placeholder": _("国务院办公厅关于2027年部分节假日安排的通知\n……\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n……"),
    }), help_text=_("从中国政府网复制《国务院办公厅关于X年部分节假日安排的通知》的标题和正文，粘贴在这里。"))
    year = forms.IntegerField(label=_("年份"), required=False, min_value=2000, max_value=2100,
                              help_text=_("通知标题中有年份时可不填。"))
