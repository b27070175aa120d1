from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LADDER_INVALID = _("提醒梯度须为用逗号分隔的整数，负数表示截止前、正数表示截止后，如 -5,-3,-1,1,3,5。")


class LadderSettingsForm(forms.Form):
    blue_days = forms.IntegerField(label=_("蓝色督办：截止前工作日数"), min_value=0, max_value=60)
    yellow_stale_days = forms.IntegerField(label=_("黄色督办：无进展工作日数"), min_value=0, max_value=120)
    escalate_days = forms.IntegerField(label=_("升级：督办后无进展工作日数"), min_value=0, max_value=60)
    reminder_ladder = forms.CharField(label=_("提醒梯度（工作日）"), help_text=_("负数为截止前、正数为截止后，如 -5,-3,-1,1,3,5。"))
    send_email = forms.BooleanField(label=_("同时发送电子邮件"), required=False)

    def __init__(self, *args, readonly: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.disabled = readonly
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " " + css).strip()

    def clean_reminder_ladder(self):
        raw = self.cleaned_data["reminder_ladder"].replace("，", ",")
        try:
            return [int(x) for x in raw.split(",") if x.strip()]
        except ValueError:
            raise ValidationError(LADDER_INVALID)
