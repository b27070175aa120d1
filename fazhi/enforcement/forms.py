"""Forms of the administrative-law pages: each field is named after the keyword of the
service it feeds, so that a view passes `cleaned_data` to the service as it is."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.org.models import Unit
from fazhi.org.widgets import use_unit_chooser

from .choices import (AdviserKind, CaseKind, CleanupOutcome, MatterKind, PartyKind, PowerKind, ReviewOpinion, RiskLevel,
                      StepKind)

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


def set_units(field, units) -> None:
    """The shared unit chooser over the units the form accepts (only the chosen one is rendered)."""
    use_unit_chooser(field, units)


class Base(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields and units is not None:
            set_units(self.fields["unit"], units)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, (forms.Select, forms.SelectMultiple)):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")


def form(class_name: str, /, **fields) -> type[Base]:
    return type(class_name, (Base,), fields)


def date(label, required=False):
    return forms.DateField(label=label, required=required, widget=DATE)


def text(label, required=True, rows=0, max_length=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=required, max_length=max_length, **({"widget": widget} if widget else {}))


def unit(label):
    return forms.ModelChoiceField(label=label, queryset=Unit.objects.none())


def choice(label, choices, required=True):
    return forms.ChoiceField(label=label, choices=([("", "---------")] if not required else []) + list(choices),
                             required=required)


def number(label, min_value=0, required=True):
    return forms.IntegerField(label=label, min_value=min_value, required=required)


def amount(label, required=False):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=0, required=required)


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


# --- normative documents --------------------------------------------------------------------
DocumentForm = form("DocumentForm", unit=unit(_("制定单位")), title=text(_("文件名称"), max_length=200),
                    summary=text(_("主要内容"), False, rows=3), drafted_on=date(_("起草日期")),
                    valid_years=forms.IntegerField(label=_("有效期（年）"), initial=5, min_value=1, max_value=10))
OnForm = form("OnForm", on=date(_("日期")))
FairReviewForm = form("FairReviewForm", note=text(_("公平竞争审查结论"), rows=2), on=date(_("审查日期")))
DecideForm = form("DecideForm", meeting=text(_("会议"), max_length=200), on=date(_("日期")))
PublishForm = form("PublishForm", number=text(_("文号"), max_length=60), on=date(_("公布日期")))
FileForm = form("FileForm", filed_with=text(_("备案机关"), max_length=100), on=date(_("备案日期")))
CleanupForm = form("CleanupForm", round_title=text(_("清理名称"), max_length=200),
                   outcome=choice(_("清理结果"), CleanupOutcome.choices), note=text(_("说明"), False, rows=2),
                   on=date(_("日期")))

# --- legal review -------------------------------------------------------------------------------
ReviewForm = form("ReviewForm", on_authority=text(_("审核主体"), rows=2), on_scope=text(_("审核范围"), rows=2),
                  on_time_limit=text(_("审核期限"), rows=2), on_manner=text(_("审核方式"), rows=2),
                  on_procedure=text(_("审核程序"), rows=2), on_content=text(_("审核内容"), rows=2),
                  opinion=forms.ChoiceField(label=_("审核意见"), choices=ReviewOpinion.choices, widget=forms.RadioSelect),
                  reasons=text(_("理由"), False, rows=2), reviewed_on=date(_("审核日期")))

# --- major decisions -----------------------------------------------------------------------------
DecisionForm = form("DecisionForm", unit=unit(_("决策单位")), year=number(_("目录年度"), 2000),
                    title=text(_("决策事项"), max_length=200), summary=text(_("主要内容"), False, rows=3))
ParticipationForm = form("ParticipationForm", date_from=date(_("征求意见开始"), True), date_to=date(_("征求意见结束"), True),
                         summary=text(_("意见采纳情况"), False, rows=2), place=text(_("地点"), False, max_length=200))
ArgueForm = form("ArgueForm", experts=text(_("论证专家"), rows=2), note=text(_("论证意见"), rows=2), on=date(_("论证日期")))
RiskForm = form("RiskForm", level=choice(_("风险等级"), RiskLevel.choices), note=text(_("风险评估结论"), rows=2),
                on=date(_("评估日期")))
EvaluateForm = form("EvaluateForm", text=text(_("后评估结论"), rows=3), on=date(_("评估日期")))

# --- enforcement cases ----------------------------------------------------------------------------
CaseForm = form("CaseForm", unit=unit(_("执法单位")), number=text(_("案号"), max_length=60),
                kind=choice(_("案件类别"), CaseKind.choices), party_kind=choice(_("当事人类别"), PartyKind.choices),
                party_name=text(_("当事人"), max_length=200), party_id_number=text(_("证件号码或统一社会信用代码"), False, max_length=40),
                facts=text(_("违法事实"), False, rows=2), legal_basis=text(_("法律依据"), False, rows=2),
                standard=forms.IntegerField(label=_("适用裁量基准（编号见右侧检索）"), required=False, widget=forms.HiddenInput),
                penalty_amount=amount(_("罚款金额（元）")), penalty_text=text(_("处理结果"), False, max_length=300),
                out_of_range_reason=text(_("超出裁量范围的理由"), False, rows=2),
                is_major=forms.BooleanField(label=_("重大执法决定（须法制审核）"), required=False), opened_on=date(_("立案日期")))
StepForm = form("StepForm", kind=choice(_("环节"), [c for c in StepKind.choices if c[0] not in ("filing", "decision", "closure")]),
                note=text(_("记录"), False, rows=2), on=date(_("日期")), files=MultipleFileField(label=_("文书"), required=False))
CaseDecideForm = form("CaseDecideForm", on=date(_("决定日期")), penalty_amount=amount(_("罚款金额（元）")),
                      out_of_range_reason=text(_("超出裁量范围的理由"), False, rows=2), note=text(_("记录"), False, rows=2),
                      files=MultipleFileField(label=_("决定书"), required=False))
CloseForm = form("CloseForm", on=date(_("结案日期")), note=text(_("记录"), False, rows=2),
                 files=MultipleFileField(label=_("结案报告"), required=False))

# --- discretion standards, approvals ------------------------------------------------------------
StandardForm = form("StandardForm", unit=unit(_("制定单位")), code=text(_("编号"), max_length=40),
                    violation=text(_("违法行为"), max_length=300), circumstance=text(_("违法情节"), max_length=200),
                    min_amount=amount(_("罚款下限（元）"), True), max_amount=amount(_("罚款上限（元）"), True),
                    basis=text(_("处罚依据"), False, rows=2), penalty=text(_("处罚标准"), False, max_length=300))
ImportForm = form("ImportForm", unit=unit(_("单位")), file=forms.FileField(label=_("Excel 文件（.xlsx）")))
ItemForm = form("ItemForm", unit=unit(_("实施单位")), code=text(_("事项编码"), max_length=40), name=text(_("事项名称"), max_length=200),
                statutory_days=number(_("法定时限（工作日）"), 1), promised_days=number(_("承诺时限（工作日，0 为即办）")))
ApprovalCaseForm = form("ApprovalCaseForm", item=forms.ModelChoiceField(label=_("审批事项"), queryset=None),
                        number=text(_("受理编号"), max_length=60), applicant=text(_("申请人"), max_length=200),
                        received_on=date(_("受理日期"), True), completed_on=date(_("办结日期")))
CompleteForm = form("CompleteForm", completed_on=date(_("办结日期")))

# --- powers, advisers, draws --------------------------------------------------------------------
PowerForm = form("PowerForm", unit=unit(_("责任单位")), code=text(_("编码"), max_length=40), name=text(_("事项名称"), max_length=200),
                 kind=choice(_("权力类别"), PowerKind.choices), basis=text(_("设定依据"), rows=2),
                 responsibility=text(_("责任事项"), False, rows=2), published=forms.BooleanField(label=_("向社会公布"), required=False, initial=True),
                 flow_chart=forms.FileField(label=_("流程图"), required=False))
PowerChangeForm = form("PowerChangeForm", basis=text(_("设定依据"), False, rows=2), responsibility=text(_("责任事项"), False, rows=2),
                       reason=text(_("变更理由"), rows=2), flow_chart=forms.FileField(label=_("流程图"), required=False))
PowerRevokeForm = form("PowerRevokeForm", reason=text(_("取消理由"), rows=2))
AdviserForm = form("AdviserForm", unit=unit(_("聘用单位")), kind=choice(_("类别"), AdviserKind.choices),
                   name=text(_("姓名"), max_length=50), firm=text(_("执业机构或所在部门"), False, max_length=200),
                   license_number=text(_("执业证号"), False, max_length=40), term_start=date(_("聘期开始"), True),
                   term_end=date(_("聘期结束"), True))
MatterForm = form("MatterForm", kind=choice(_("事项类别"), MatterKind.choices), title=text(_("事项"), max_length=200),
                  opinion=text(_("法律意见"), rows=2), on=date(_("日期")))
DrawForm = form("DrawForm", unit=unit(_("组织单位")), title=text(_("抽查事项"), max_length=200),
                object_count=number(_("抽取对象数"), 1), inspectors_per_object=forms.IntegerField(label=_("每个对象检查人数"), min_value=1, initial=2),
                seed=text(_("随机种子（留空则自动生成）"), False, max_length=64), drawn_on=date(_("抽取日期")))
DrawPublishForm = form("DrawPublishForm", results=text(_("检查结果"), rows=3), on=date(_("公开日期")))

__all__ = ["add_service_errors", "ValidationError"]
