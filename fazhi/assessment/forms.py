from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.campaigns.models import Campaign
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit
from fazhi.org.widgets import use_unit_chooser

from .choices import AssessmentKind, NominationStatus, RoundStatus, TeamMethod
from .models import AssessmentRound, Rubric
from . import messages as m
from .services import StageData, parse_grade_bands

DEFAULT_STAGE_TEXT = "自评\n县级初评\n市级复评"
DEFAULT_BANDS_TEXT = "90 A 优秀\n80 B 良好\n0 C 限期整改"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for e in errors:
                form.add_error(name if name in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


class RoundFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态"))] + RoundStatus.choices)
    unit_kind = forms.ChoiceField(label=_("单位类别"), required=False, choices=[("", _("全部类别"))] + UnitKind.choices)


class RoundForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("创建活动"), queryset=Campaign.objects.none())
    rubric = forms.ModelChoiceField(label=_("考评细则"), queryset=Rubric.objects.none())
    title = forms.CharField(label=_("轮次名称"), max_length=200)
    scope = forms.ModelChoiceField(label=_("考评范围"), queryset=Unit.objects.none(),
                                   help_text=_("考评该单位下属的、与考评细则类别相同的全部单位。"))
    stages = forms.CharField(label=_("考评阶段"), widget=forms.Textarea(attrs={"rows": 4}), initial=DEFAULT_STAGE_TEXT,
                             help_text=_("每行一个阶段，按先后顺序；名称含“自评”的为单位自评，其余为督查考评。"))
    method = forms.ChoiceField(label=_("考评组合分方式"), choices=TeamMethod.choices, initial=TeamMethod.MEAN)
    grade_bands = forms.CharField(label=_("等次划分"), widget=forms.Textarea(attrs={"rows": 3}), initial=DEFAULT_BANDS_TEXT,
                                  help_text=_("每行“最低分 等次 说明”，须有一行最低分为 0。"))

    def __init__(self, *args, campaigns, rubrics, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["rubric"].queryset = rubrics
        use_unit_chooser(self.fields["scope"], scopes)

    def clean_stages(self):
        names = [line.strip() for line in self.cleaned_data["stages"].splitlines() if line.strip()]
        if not names:
            raise ValidationError(_("请至少设置一个考评阶段。"))
        if len(set(names)) != len(names):
            raise ValidationError(_("阶段名称不能重复。"))
        return names

    def clean_grade_bands(self):
        try:
            return parse_grade_bands(self.cleaned_data["grade_bands"])
        except ValidationError as e:
            raise ValidationError(e.message_dict["grade_bands"])

    def stage_data(self) -> list[StageData]:
        method = self.cleaned_data["method"]
        return [StageData(name, AssessmentKind.SELF if "自评" in name else AssessmentKind.INSPECTION, method)
                for name in self.cleaned_data["stages"]]


class NominateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("推荐单位"), queryset=Unit.objects.none())
    note = forms.CharField(label=_("推荐理由"), max_length=300, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_chooser(self.fields["unit"], units)


class NominationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态"))] + NominationStatus.choices)


class CircularForm(forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = ["circular_number", "circular_title", "circular_recipients", "circular_opening", "circular_closing",
                  "circular_date", "circular_cc", "circular_printer"]
        widgets = {
            "circular_opening": forms.Textarea(attrs={"rows": 5}),
            "circular_closing": forms.Textarea(attrs={"rows": 4}),
            "circular_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class RubricImportForm(forms.Form):
    file = forms.FileField(label=_("考评细则文件"), help_text=_("按模板填写的 Excel（.xlsx）或 YAML（.yaml）文件。"))


class RubricSourceForm(forms.Form):
    """A commission's rubric as a file (Word, Excel, web page, text) or as pasted text."""

    file = forms.FileField(label=_("考评细则文件"), required=False, allow_empty_file=True,
                           help_text=_("Word（.docx）、Excel（.xlsx）、网页（.html）或文本（.txt）文件。"))
    text = forms.CharField(label=_("或粘贴考评细则全文"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 10}))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise ValidationError(m.RUBRIC_SOURCE_REQUIRED)
        return data


class RubricSaveForm(forms.Form):
    """What the review page adds to the edited rows: name, kind of unit, optional code."""

    title = forms.CharField(label=_("考评细则名称"), max_length=200)
    unit_kind = forms.ChoiceField(label=_("适用单位类别"), choices=UnitKind.choices,
                                  widget=forms.Select(attrs={"class": "form-select"}))
    code = forms.SlugField(label=_("编码"), max_length=60, required=False,
                           help_text=_("留空则自动生成；编码相同且尚未被考评轮次使用的细则将被替换。"))
    bonus_points = forms.DecimalField(label=_("加分上限"), required=False, min_value=0, max_digits=6, decimal_places=1)


class ShortfallForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    description = forms.CharField(label=_("发现的问题"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
