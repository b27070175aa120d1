from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind, DocumentStatus


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, widget=forms.TextInput(attrs={"placeholder": _("标题或发文字号")}))
    kind = forms.ChoiceField(label=_("文种"), required=False, choices=[("", _("全部"))] + DocumentKind.choices)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + DocumentStatus.choices)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class DocumentCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("文种"), choices=DocumentKind.choices)
    issuer = forms.TypedChoiceField(label=_("发文单位"), coerce=int)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    campaign = forms.TypedChoiceField(label=_("创建活动"), coerce=int, required=False, empty_value=None,
                                      help_text=_("活动总结和情况通报须选择活动。"))
    person = forms.TypedChoiceField(label=_("述法人"), coerce=int, required=False, empty_value=None,
                                    help_text=_("述法报告须选择述法的领导。"))
    prefix = forms.CharField(label=_("发文字号前缀"), max_length=30, required=False,
                             help_text=_("如“晋卫政法发”，签发时按年度顺序编号。"))

    def __init__(self, *args, issuers=(), campaigns=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [(u.pk, u.name) for u in issuers]
        self.fields["campaign"].choices = [("", "—")] + [(c.pk, c.title) for c in campaigns]
        self.fields["person"].choices = [("", "—")] + [(p.pk, f"{p.name}（{p.title or p.unit.name}）") for p in people]
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") in (DocumentKind.SUMMARY, DocumentKind.CIRCULAR) and not data.get("campaign"):
            self.add_error("campaign", _("活动总结和情况通报须选择活动。"))
        if data.get("kind") == DocumentKind.LAW_REPORT and not data.get("person"):
            self.add_error("person", _("述法报告须选择述法的领导。"))
        return data


class HeaderForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    recipients = forms.CharField(label=_("主送机关"), max_length=200, required=False)
    cc = forms.CharField(label=_("抄送"), max_length=300, required=False)
    prefix = forms.CharField(label=_("发文字号前缀"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("标题"), max_length=200, required=False)
    text = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("正文中写入右侧表格的引用键即插入该数据；数据固定前随实际数据实时更新。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)
