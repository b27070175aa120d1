"""Forms of the portal and the office pages. Checks that need the database or span fields
live in the services; the forms parse and label."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from fazhi.org.widgets import use_unit_chooser

from . import messages as m
from .choices import ChannelKind, Colour, MeetingKind, Rating, ReporterCategory, Source, SubmissionKind, SubmissionStatus
from .timelimits import DEFAULT_ACK_DAYS, DEFAULT_CONCLUDE_DAYS

PRIVACY_NOTICE = _(
    "个人信息保护说明：姓名和联系电话均可不填；填写的，仅用于就您反映的事项与您联系，加密保存，"
    "只有受理部门的投诉受理人员可以查看，不会告知被反映的单位或个人，不会出现在任何公开页面和导出文件中。"
    "附件请勿包含与反映事项无关的个人信息。"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


def styled(form: forms.Form) -> forms.Form:
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, (forms.CheckboxInput, forms.RadioSelect)):
            w.attrs.setdefault("class", "form-check-input")
        elif isinstance(w, forms.Select):
            w.attrs.setdefault("class", "form-select")
        else:
            w.attrs.setdefault("class", "form-control")
    return form


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PortalSubmitForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=SubmissionKind.choices, widget=forms.RadioSelect, initial=SubmissionKind.COMPLAINT)
    unit = forms.ModelChoiceField(label=_("反映的单位"), queryset=None, required=False, empty_label=_("不针对具体单位"))
    title = forms.CharField(label=_("标题"), max_length=100, required=False)
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("请写明时间、地点、经过和您的诉求。"))
    reporter_category = forms.ChoiceField(label=_("您的身份（可不选）"), required=False,
                                          choices=[("", _("不说明"))] + ReporterCategory.choices,
                                          error_messages={"invalid_choice": m.CATEGORY_INVALID})
    anonymous = forms.BooleanField(label=_("匿名提交"), required=False)
    name = forms.CharField(label=_("姓名（可不填）"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话（可不填）"), max_length=30, required=False)
    files = MultipleFileField(label=_("附件（可选，最多 5 个，图片、PDF 或办公文档）"), required=False)
    consent = forms.BooleanField(label=_("我已阅读并同意个人信息保护说明"), error_messages={"required": m.CONSENT_REQUIRED})
    # Filled by the page's script (intake/proof.js); checked by proof.verify.
    proof_challenge = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    proof_answer = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        # People without an account search through the portal's own API of units.
        use_unit_chooser(self.fields["unit"], units, url=reverse_lazy("public_api:units"), search_param="q")
        styled(self)


class LookupForm(forms.Form):
    case_number = forms.CharField(label=_("受理编号"), max_length=30, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    password = forms.CharField(label=_("查询密码"), max_length=60,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("您对答复是否满意"), choices=Rating.choices, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价意见（可不填）"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


ORDER_CHOICES = [("-received", _("收到时间（新→旧）")), ("received", _("收到时间（旧→新）")), ("due", _("期限（近→远）")),
                 ("-due", _("期限（远→近）")), ("status", _("状态")), ("kind", _("类别"))]


class MonthField(forms.Field):
    """A month as 「2026-03」 (what <input type="month"> sends), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})
    default_error_messages = {"invalid": _("请按“年-月”填写月份，如 2026-03。")}

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return dt.date(year, month, 1)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else value


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, widget=forms.TextInput(attrs={"type": "search", "placeholder": _("编号、标题或内容")}))
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别"))] + SubmissionKind.choices)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态"))] + SubmissionStatus.choices)
    source = forms.ChoiceField(label=_("来源"), required=False, choices=[("", _("全部来源"))] + Source.choices)
    colour = forms.ChoiceField(label=_("时限"), required=False, choices=[("", _("全部"))] + Colour.choices)
    reporter_category = forms.ChoiceField(label=_("反映人类别"), required=False, choices=[("", _("全部类别"))] + ReporterCategory.choices)
    unit = forms.ModelChoiceField(label=_("单位（含下级）"), queryset=None, required=False, empty_label=_("全部单位"))
    received_by = forms.ModelChoiceField(label=_("受理单位（含下级）"), queryset=None, required=False, empty_label=_("全部单位"))
    month = MonthField(label=_("收到月份"), required=False)
    ordering = forms.ChoiceField(label=_("排序"), required=False, choices=ORDER_CHOICES)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_chooser(self.fields["unit"], units)
        use_unit_chooser(self.fields["received_by"], units)
        styled(self)


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=None, error_messages={"required": m.UNIT_REQUIRED})

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_chooser(self.fields["unit"], units)
        styled(self)


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}), error_messages={"required": m.REPLY_TEXT_REQUIRED})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("审核发布")), ("return", _("退回修改"))], widget=forms.HiddenInput)
    text = forms.CharField(label=_("答复内容（可修改）"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    note = forms.CharField(label=_("退回意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class CloseForm(forms.Form):
    action = forms.ChoiceField(label=_("处理方式"), choices=[("duplicate", _("标为重复件")), ("merge", _("合并到另一件")),
                                                        ("reject", _("不予受理"))])
    other = forms.CharField(label=_("原件受理编号（重复件、合并时填写）"), required=False, max_length=30)
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class RecordForm(forms.Form):
    """A case received by phone, box, letter or at a meeting, entered by the office."""

    source = forms.ChoiceField(label=_("来源"), choices=[c for c in Source.choices if c[0] != Source.PORTAL])
    kind = forms.ChoiceField(label=_("类别"), choices=SubmissionKind.choices)
    received_by = forms.ModelChoiceField(label=_("受理单位"), queryset=None)
    unit = forms.ModelChoiceField(label=_("反映的单位"), queryset=None, required=False, empty_label=_("不针对具体单位"))
    meeting = forms.ModelChoiceField(label=_("会议"), queryset=None, required=False)
    title = forms.CharField(label=_("标题"), max_length=100, required=False)
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 5}))
    reporter_category = forms.ChoiceField(label=_("反映人类别"), required=False, choices=[("", _("未说明"))] + ReporterCategory.choices,
                                          error_messages={"invalid_choice": m.CATEGORY_INVALID})
    name = forms.CharField(label=_("反映人姓名"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    files = MultipleFileField(label=_("附件"), required=False)

    def __init__(self, *args, units, handler_units, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_chooser(self.fields["received_by"], handler_units)
        use_unit_chooser(self.fields["unit"], units)
        self.fields["meeting"].queryset = meetings
        styled(self)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    organizer = forms.ModelChoiceField(label=_("主办单位"), queryset=None)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("结束时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("地点"), max_length=200)
    attendees = forms.CharField(label=_("参会人员"), widget=forms.Textarea(attrs={"rows": 2}))
    agenda = forms.CharField(label=_("议程"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    expected_count = forms.IntegerField(label=_("应到人数"), required=False, min_value=0, max_value=100000)
    present_count = forms.IntegerField(label=_("实到人数"), required=False, min_value=0, max_value=100000)
    present = forms.CharField(label=_("实际出席人员"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("出席人员名单或说明，如缺席人员及原因。"))
    minutes = forms.CharField(label=_("会议纪要"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    minutes_file = forms.FileField(label=_("纪要文件（可选，PDF、Word 或图片）"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the organiser stays
            del self.fields["organizer"]
        else:
            use_unit_chooser(self.fields["organizer"], units)
        styled(self)


class ChannelForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None)
    kind = forms.ChoiceField(label=_("渠道"), choices=ChannelKind.choices)
    value = forms.CharField(label=_("号码或设置地点"), max_length=200)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    published = forms.BooleanField(label=_("在门户公开"), required=False, initial=True)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_chooser(self.fields["unit"], units)
        styled(self)


class TimeLimitForm(forms.Form):
    kind = forms.ChoiceField(choices=SubmissionKind.choices, widget=forms.HiddenInput)
    ack_days = forms.IntegerField(label=_("受理告知期限（天）"), min_value=1, max_value=365, initial=DEFAULT_ACK_DAYS,
                                  error_messages={"min_value": m.LIMIT_DAYS_RANGE, "max_value": m.LIMIT_DAYS_RANGE})
    ack_working = forms.BooleanField(label=_("按工作日"), required=False)
    conclude_days = forms.IntegerField(label=_("办结期限（天）"), min_value=1, max_value=365, initial=DEFAULT_CONCLUDE_DAYS,
                                       error_messages={"min_value": m.LIMIT_DAYS_RANGE, "max_value": m.LIMIT_DAYS_RANGE})
    conclude_working = forms.BooleanField(label=_("按工作日"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, widget=forms.TextInput(attrs={"type": "search", "placeholder": _("会议名称或地点")}))
    kind = forms.ChoiceField(label=_("会议类型"), required=False, choices=[("", _("全部类型"))] + MeetingKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class QuestionnaireForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("创建活动"), queryset=None)
    title = forms.CharField(label=_("问卷名称"), max_length=200)
    intro = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    questions = forms.CharField(label=_("评议题目（每行一题）"), widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=_("每题按“满意、基本满意、不满意”作答。"),
                                error_messages={"required": m.QUESTIONS_REQUIRED})

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        styled(self)


class SurveyForm(forms.Form):
    """The portal's 民主评议: the unit, one answer per question, who is answering (optional)."""

    unit = forms.ModelChoiceField(label=_("评议的单位"), queryset=None, empty_label=_("请选择单位"),
                                  error_messages={"required": m.SURVEY_UNIT_REQUIRED, "invalid_choice": m.SURVEY_UNIT_OUT})
    category = forms.ChoiceField(label=_("您的身份（可不选）"), required=False, choices=[("", _("不说明"))] + ReporterCategory.choices,
                                 error_messages={"invalid_choice": m.CATEGORY_INVALID})
    comment = forms.CharField(label=_("意见建议（可不填）"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    proof_challenge = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    proof_answer = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, units, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: "　" * u.depth + u.name
        choices = sorted(Rating.choices, key=lambda c: -c[0])  # 满意 first, as the paper forms print it
        self.question_fields = []
        for q in questions:
            name = f"q{q.pk}"
            # Not required here: the service counts what is missing and says so in one message.
            self.fields[name] = forms.TypedChoiceField(label=q.text, choices=choices, coerce=int, required=False,
                                                       widget=forms.RadioSelect)
            self.question_fields.append(name)
        styled(self)

    def answers(self) -> dict:
        return {int(name[1:]): self.cleaned_data.get(name) for name in self.question_fields}
