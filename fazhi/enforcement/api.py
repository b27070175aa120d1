"""API of administrative law: the pages' selectors for reads, the services for writes.
`register(router)` adds normative-documents, major-decisions, enforcement-cases,
legal-reviews, discretion-standards, approval-items, approval-cases, powers,
legal-advisers and random-draws."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api import IntegerFilter, LabelField, validated_input
from fazhi.org.apibase import ReadOnlyScopedViewSet, ScopedRelatedField, SubtreeFilter
from fazhi.org.api import unit_field

from . import selectors, services
from .choices import (AdviserKind, CaseKind, CleanupOutcome, MatterKind, PartyKind, PowerKind, ReviewOpinion, RiskLevel,
                      StepKind)
from .models import (AdviserMatter, ApprovalCase, ApprovalItem, DiscretionStandard, DrawPick, EnforcementCase, LegalAdviser,
                     LegalReview, MajorDecision, NormativeDocument, Power, PowerChange, RandomDraw)

def read_serializer(model, extra: dict | None = None, exclude: tuple = ()):
    """A read-only serializer of every field of a model, the label of each choice beside it."""
    attrs = {f"{f.name}_display": LabelField(f.name) for f in model._meta.fields if f.choices}
    attrs["unit_name"] = serializers.CharField(source="unit.name", read_only=True)
    attrs.update(extra or {})
    names = [f.name for f in model._meta.fields if f.name not in exclude] + list(attrs)
    meta = type("Meta", (), {"model": model, "fields": names, "read_only_fields": names})
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), {**attrs, "Meta": meta})


class ChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PowerChange
        fields = ["id", "kind", "on", "reason", "before", "after"]


class MatterSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdviserMatter
        fields = ["id", "kind", "title", "on", "opinion"]


class PickSerializer(serializers.ModelSerializer):
    object_name = serializers.CharField(source="object.name", read_only=True)
    inspector_name = serializers.CharField(source="inspector.name", read_only=True)

    class Meta:
        model = DrawPick
        fields = ["object", "object_name", "inspector", "inspector_name"]


DocumentSerializer = read_serializer(NormativeDocument)
DecisionSerializer = read_serializer(MajorDecision)
CaseSerializer = read_serializer(EnforcementCase)
ReviewSerializer = read_serializer(LegalReview)
StandardSerializer = read_serializer(DiscretionStandard)
ItemSerializer = read_serializer(ApprovalItem, {"compression": serializers.FloatField(read_only=True)})
ApprovalCaseSerializer = read_serializer(ApprovalCase)
PowerSerializer = read_serializer(Power, {"changes": ChangeSerializer(many=True, read_only=True)},
                                  exclude=("flow_chart",))
AdviserSerializer = read_serializer(LegalAdviser, {"matters": MatterSerializer(many=True, read_only=True)})
DrawSerializer = read_serializer(RandomDraw, {"picks": PickSerializer(many=True, read_only=True)})


def _input(class_name: str, /, **fields):
    return type(class_name, (serializers.Serializer,), fields)


def date(label, required=False):
    return serializers.DateField(required=required, allow_null=not required, default=None if not required else serializers.empty,
                                 label=label)


def text(label, required=True):
    return serializers.CharField(required=required, allow_blank=not required, default="" if not required else serializers.empty,
                                 label=label)


class ActionsMixin:
    """Run a service on the object of a detail URL with a validated body; answer the object."""

    object_kw: str = ""

    def _run(self, request, serializer, service, code=status.HTTP_200_OK):
        obj = self.get_object()
        result = service(actor=request.user, **{self.object_kw: obj}, **validated_input(serializer, request))
        target = result if isinstance(result, type(obj)) else obj
        return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data, status=code)

    def _create(self, request, serializer, service):
        obj = service(actor=request.user, **validated_input(serializer, request))
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data, status=status.HTTP_201_CREATED)


# --- normative documents -------------------------------------------------------------------

DocumentCreate = _input("DocumentCreate", unit=unit_field(label=_("制定单位")), title=text(_("文件名称")),
                        summary=text(_("主要内容"), False), drafted_on=date(_("起草日期")),
                        valid_years=serializers.IntegerField(default=5, min_value=1, max_value=10, label=_("有效期（年）")))
OnOnly = _input("OnOnly", on=date(_("日期")))
FairReview = _input("FairReview", note=text(_("公平竞争审查结论")), on=date(_("日期")))
Decide = _input("Decide", meeting=text(_("会议")), on=date(_("日期")))
Publish = _input("Publish", number=text(_("文号")), on=date(_("公布日期")))
File = _input("File", filed_with=text(_("备案机关")), on=date(_("备案日期")))


class DocumentFilter(django_filters.FilterSet):
    unit = SubtreeFilter(path_field="unit__path")

    class Meta:
        model = NormativeDocument
        fields = ["unit", "status"]


class NormativeDocumentViewSet(ActionsMixin, mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Normative documents through review, decision, publication and filing."""

    queryset = NormativeDocument.objects.none()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    search_fields = ["title", "number"]
    ordering = ["-drafted_on", "-id"]
    object_kw = "document"

    def get_queryset(self):
        return selectors.document_list(actor=self.request.user)

    @extend_schema(request=DocumentCreate, responses={201: DocumentSerializer})
    def create(self, request, *args, **kwargs):
        return self._create(request, DocumentCreate, services.document_create)

    @extend_schema(request=OnOnly, responses=DocumentSerializer)
    @action(detail=True, methods=["post"], url_path="request-review")
    def request_review(self, request, pk=None):
        return self._run(request, OnOnly, services.document_request_review)

    @extend_schema(request=FairReview, responses=DocumentSerializer)
    @action(detail=True, methods=["post"], url_path="fair-review")
    def fair_review(self, request, pk=None):
        return self._run(request, FairReview, services.document_fair_review)

    @extend_schema(request=Decide, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._run(request, Decide, services.document_decide)

    @extend_schema(request=Publish, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._run(request, Publish, services.document_publish)

    @extend_schema(request=File, responses=DocumentSerializer)
    @action(detail=True, methods=["post"], url_path="file")
    def file(self, request, pk=None):
        return self._run(request, File, services.document_file)


# --- legal reviews -------------------------------------------------------------------------

ReviewRecord = _input("ReviewRecord", opinion=serializers.ChoiceField(choices=ReviewOpinion.choices, label=_("审核意见")),
                      reasons=text(_("理由"), False), on_authority=text(_("审核主体")), on_scope=text(_("审核范围")),
                      on_time_limit=text(_("审核期限")), on_manner=text(_("审核方式")), on_procedure=text(_("审核程序")),
                      on_content=text(_("审核内容")), reviewed_on=date(_("审核日期")))


class LegalReviewViewSet(ActionsMixin, ReadOnlyScopedViewSet):
    """Legal reviews: the reviewer's work. `?status=pending` is the inbox."""

    queryset = LegalReview.objects.none()
    serializer_class = ReviewSerializer
    filterset_fields = ["status", "subject", "opinion"]
    search_fields = ["title"]
    ordering = ["-requested_on", "-id"]
    object_kw = "review"

    def get_queryset(self):
        return selectors.review_list(actor=self.request.user)

    @extend_schema(request=ReviewRecord, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        return self._run(request, ReviewRecord, services.legal_review_record)


# --- major decisions ----------------------------------------------------------------------

DecisionCreate = _input("DecisionCreate", unit=unit_field(label=_("决策单位")),
                        year=serializers.IntegerField(min_value=2000, max_value=2100, label=_("目录年度")),
                        title=text(_("决策事项")), summary=text(_("主要内容"), False))
Participation = _input("Participation", date_from=date(_("征求意见开始"), True), date_to=date(_("征求意见结束"), True),
                       summary=text(_("意见采纳情况"), False), place=text(_("地点"), False))
Argue = _input("Argue", experts=text(_("论证专家")), note=text(_("论证意见")), on=date(_("日期")))
Risk = _input("Risk", level=serializers.ChoiceField(choices=RiskLevel.choices, label=_("风险等级")), note=text(_("风险评估结论")),
              on=date(_("日期")))
Evaluate = _input("Evaluate", text=text(_("后评估结论")), on=date(_("日期")))


class MajorDecisionViewSet(ActionsMixin, mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """The yearly catalogue of major decisions and each decision's steps."""

    queryset = MajorDecision.objects.none()
    serializer_class = DecisionSerializer
    filterset_fields = ["year", "status"]
    search_fields = ["title"]
    ordering = ["-year", "id"]
    object_kw = "decision"

    def get_queryset(self):
        return selectors.decision_list(actor=self.request.user)

    @extend_schema(request=DecisionCreate, responses={201: DecisionSerializer})
    def create(self, request, *args, **kwargs):
        return self._create(request, DecisionCreate, services.decision_create)

    @extend_schema(request=Participation, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def participation(self, request, pk=None):
        return self._run(request, Participation, services.decision_participation)

    @extend_schema(request=Argue, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def argue(self, request, pk=None):
        return self._run(request, Argue, services.decision_argue)

    @extend_schema(request=Risk, responses=DecisionSerializer)
    @action(detail=True, methods=["post"], url_path="assess-risk")
    def assess_risk(self, request, pk=None):
        return self._run(request, Risk, services.decision_assess_risk)

    @extend_schema(request=OnOnly, responses=DecisionSerializer)
    @action(detail=True, methods=["post"], url_path="request-review")
    def request_review(self, request, pk=None):
        return self._run(request, OnOnly, services.decision_request_review)

    @extend_schema(request=Decide, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._run(request, Decide, services.decision_decide)

    @extend_schema(request=OnOnly, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return self._run(request, OnOnly, services.decision_issue)

    @extend_schema(request=Evaluate, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        return self._run(request, Evaluate, services.decision_evaluate)


# --- enforcement cases ----------------------------------------------------------------------

def standards_of(user):
    return selectors.standard_list(actor=user)


CaseCreate = _input(
    "CaseCreate", unit=unit_field(label=_("执法单位")), number=text(_("案号")),
    kind=serializers.ChoiceField(choices=CaseKind.choices, label=_("案件类别")),
    party_kind=serializers.ChoiceField(choices=PartyKind.choices, label=_("当事人类别")), party_name=text(_("当事人")),
    party_id_number=text(_("证件号码"), False), facts=text(_("违法事实"), False), legal_basis=text(_("法律依据"), False),
    standard=ScopedRelatedField(model=DiscretionStandard, scoped=standards_of, required=False, allow_null=True, default=None,
                                label=_("适用裁量基准")),
    penalty_amount=serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True, default=None,
                                            label=_("罚款金额")),
    penalty_text=text(_("处理结果"), False), out_of_range_reason=text(_("超出裁量范围的理由"), False),
    is_major=serializers.BooleanField(default=False, label=_("重大执法决定")), opened_on=date(_("立案日期")))
StepAdd = _input("StepAdd", kind=serializers.ChoiceField(choices=StepKind.choices, label=_("环节")), note=text(_("记录"), False),
                 on=date(_("日期")), files=serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                                                 label=_("文书")))
CaseDecide = _input("CaseDecide", on=date(_("决定日期")),
                    penalty_amount=serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True,
                                                            default=None, label=_("罚款金额")),
                    out_of_range_reason=serializers.CharField(required=False, allow_null=True, default=None,
                                                              label=_("超出裁量范围的理由")),
                    note=text(_("记录"), False))


class CaseFilter(django_filters.FilterSet):
    unit = SubtreeFilter(path_field="unit__path")
    year = IntegerFilter(field_name="opened_on__year", label=_("年度"), min_value=1900, max_value=2999)

    class Meta:
        model = EnforcementCase
        fields = ["unit", "year", "kind", "status", "is_major", "out_of_range"]


class EnforcementCaseViewSet(ActionsMixin, mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Enforcement cases with their full-process record, legal review, decision and disclosure."""

    queryset = EnforcementCase.objects.none()
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    search_fields = ["number", "party_name", "legal_basis"]
    ordering = ["-opened_on", "-id"]
    object_kw = "case"

    def get_queryset(self):
        return selectors.case_list(actor=self.request.user)

    @extend_schema(request=CaseCreate, responses={201: CaseSerializer})
    def create(self, request, *args, **kwargs):
        return self._create(request, CaseCreate, services.case_create)

    @extend_schema(request={"multipart/form-data": StepAdd}, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        return self._run(request, StepAdd, services.case_step_add)

    @extend_schema(request=OnOnly, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="request-review")
    def request_review(self, request, pk=None):
        return self._run(request, OnOnly, services.case_request_review)

    @extend_schema(request=CaseDecide, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._run(request, CaseDecide, services.case_decide)

    @extend_schema(request=OnOnly, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def disclose(self, request, pk=None):
        return self._run(request, OnOnly, services.case_disclose)

    @extend_schema(request=OnOnly, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._run(request, OnOnly, services.case_close)


# --- discretion standards, approvals --------------------------------------------------------

StandardCreate = _input("StandardCreate", unit=unit_field(label=_("制定单位")), code=text(_("编号")),
                        violation=text(_("违法行为")), circumstance=text(_("违法情节")),
                        min_amount=serializers.DecimalField(max_digits=12, decimal_places=2, default=0, label=_("罚款下限")),
                        max_amount=serializers.DecimalField(max_digits=12, decimal_places=2, default=0, label=_("罚款上限")),
                        basis=text(_("处罚依据"), False), penalty=text(_("处罚标准"), False))


class DiscretionStandardViewSet(ActionsMixin, mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Discretion standards; `?search=` finds one while recording a case."""

    queryset = DiscretionStandard.objects.none()
    serializer_class = StandardSerializer
    search_fields = ["code", "violation", "circumstance", "basis"]
    ordering = ["unit", "code"]

    def get_queryset(self):
        return selectors.standard_list(actor=self.request.user)

    @extend_schema(request=StandardCreate, responses={201: StandardSerializer})
    def create(self, request, *args, **kwargs):
        return self._create(request, StandardCreate, services.standard_create)


ItemCreate = _input("ItemCreate", unit=unit_field(label=_("实施单位")), code=text(_("事项编码")), name=text(_("事项名称")),
                    statutory_days=serializers.IntegerField(min_value=1, max_value=365, label=_("法定时限")),
                    promised_days=serializers.IntegerField(min_value=0, max_value=365, label=_("承诺时限")))


class ApprovalItemViewSet(ActionsMixin, mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    queryset = ApprovalItem.objects.none()
    serializer_class = ItemSerializer
    filterset_fields = ["is_active"]
    search_fields = ["code", "name"]
    ordering = ["unit", "code"]

    def get_queryset(self):
        return selectors.approval_item_list(actor=self.request.user)

    @extend_schema(request=ItemCreate, responses={201: ItemSerializer})
    def create(self, request, *args, **kwargs):
        return self._create(request, ItemCreate, services.approval_item_create)


def items_of(user):
    return selectors.approval_item_list(actor=user)


ApprovalCaseCreate = _input("ApprovalCaseCreate", item=ScopedRelatedField(model=ApprovalItem, scoped=items_of, label=_("审批事项")),
                            number=text(_("受理编号")), applicant=text(_("申请人")), received_on=date(_("受理日期"), True),
                            completed_on=date(_("办结日期")))
Complete = _input("Complete", completed_on=date(_("办结日期")))


class ApprovalCaseFilter(django_filters.FilterSet):
    unit = SubtreeFilter(path_field="unit__path")
    year = IntegerFilter(field_name="received_on__year", label=_("年度"), min_value=1900, max_value=2999)

    class Meta:
        model = ApprovalCase
        fields = ["unit", "year", "item", "same_day", "on_time"]


class ApprovalCaseViewSet(ActionsMixin, mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    queryset = ApprovalCase.objects.none()
    serializer_class = ApprovalCaseSerializer
    filterset_class = ApprovalCaseFilter
    search_fields = ["number", "applicant", "item__name"]
    ordering = ["-received_on", "-id"]
    object_kw = "case"

    def get_queryset(self):
        return selectors.approval_case_list(actor=self.request.user)

    @extend_schema(request=ApprovalCaseCreate, responses={201: ApprovalCaseSerializer})
    def create(self, request, *args, **kwargs):
        return self._create(request, ApprovalCaseCreate, services.approval_case_record)

    @extend_schema(request=Complete, responses=ApprovalCaseSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._run(request, Complete, services.approval_case_complete)


# --- powers, advisers, draws -------------------------------------------------------------------

PowerCreate = _input("PowerCreate", unit=unit_field(label=_("责任单位")), code=text(_("编码")), name=text(_("事项名称")),
                     kind=serializers.ChoiceField(choices=PowerKind.choices, label=_("权力类别")), basis=text(_("设定依据")),
                     responsibility=text(_("责任事项"), False), published=serializers.BooleanField(default=True),
                     reason=text(_("理由"), False))
PowerEdit = _input("PowerEdit", reason=text(_("变更理由")), name=serializers.CharField(required=False, default=None),
                   basis=serializers.CharField(required=False, default=None),
                   responsibility=serializers.CharField(required=False, default=None),
                   published=serializers.BooleanField(required=False, default=None))
PowerRevoke = _input("PowerRevoke", reason=text(_("取消理由")))


class PowerViewSet(ActionsMixin, mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """The list of powers and responsibilities with the history of its changes."""

    queryset = Power.objects.none()
    serializer_class = PowerSerializer
    filterset_fields = ["kind", "status", "published"]
    search_fields = ["code", "name", "basis"]
    ordering = ["unit", "code"]
    object_kw = "power"

    def get_queryset(self):
        return selectors.power_list(actor=self.request.user)

    @extend_schema(request=PowerCreate, responses={201: PowerSerializer})
    def create(self, request, *args, **kwargs):
        return self._create(request, PowerCreate, services.power_create)

    @extend_schema(request=PowerEdit, responses=PowerSerializer)
    @action(detail=True, methods=["post"])
    def change(self, request, pk=None):
        return self._run(request, PowerEdit, services.power_change)

    @extend_schema(request=PowerRevoke, responses=PowerSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._run(request, PowerRevoke, services.power_revoke)


AdviserCreate = _input("AdviserCreate", unit=unit_field(label=_("聘用单位")),
                       kind=serializers.ChoiceField(choices=AdviserKind.choices, label=_("类别")), name=text(_("姓名")),
                       firm=text(_("执业机构"), False), license_number=text(_("执业证号"), False),
                       term_start=date(_("聘期开始"), True), term_end=date(_("聘期结束"), True))
MatterAdd = _input("MatterAdd", kind=serializers.ChoiceField(choices=MatterKind.choices, label=_("事项类别")),
                   title=text(_("事项")), opinion=text(_("法律意见")), on=date(_("日期")))


class LegalAdviserViewSet(ActionsMixin, mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Legal advisers and public-sector lawyers with the matters they reviewed."""

    queryset = LegalAdviser.objects.none()
    serializer_class = AdviserSerializer
    filterset_fields = ["kind"]
    search_fields = ["name", "firm"]
    ordering = ["unit", "kind", "name"]
    object_kw = "adviser"

    def get_queryset(self):
        return selectors.adviser_list(actor=self.request.user)

    @extend_schema(request=AdviserCreate, responses={201: AdviserSerializer})
    def create(self, request, *args, **kwargs):
        return self._create(request, AdviserCreate, services.adviser_create)

    @extend_schema(request=MatterAdd, responses=AdviserSerializer)
    @action(detail=True, methods=["post"])
    def matters(self, request, pk=None):
        return self._run(request, MatterAdd, services.adviser_matter_add)


DrawCreate = _input("DrawCreate", unit=unit_field(label=_("组织单位")), title=text(_("抽查事项")),
                    object_count=serializers.IntegerField(min_value=1, max_value=1000, label=_("抽取对象数")),
                    inspectors_per_object=serializers.IntegerField(min_value=1, max_value=20, default=2),
                    seed=text(_("随机种子"), False), drawn_on=date(_("抽取日期")))
DrawPublish = _input("DrawPublish", results=text(_("检查结果")), on=date(_("公开日期")))


class RandomDrawViewSet(ActionsMixin, mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Random draws (双随机) with their recorded seed and picks."""

    queryset = RandomDraw.objects.none()
    serializer_class = DrawSerializer
    filterset_fields = ["status"]
    search_fields = ["title", "seed"]
    ordering = ["-drawn_on", "-id"]
    object_kw = "draw"

    def get_queryset(self):
        return selectors.draw_list(actor=self.request.user)

    @extend_schema(request=DrawCreate, responses={201: DrawSerializer})
    def create(self, request, *args, **kwargs):
        return self._create(request, DrawCreate, services.draw_make)

    @extend_schema(request=DrawPublish, responses=DrawSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._run(request, DrawPublish, services.draw_publish)


def register(router) -> None:
    router.register("normative-documents", NormativeDocumentViewSet, basename="normative-document")
    router.register("major-decisions", MajorDecisionViewSet, basename="major-decision")
    router.register("enforcement-cases", EnforcementCaseViewSet, basename="enforcement-case")
    router.register("legal-reviews", LegalReviewViewSet, basename="legal-review")
    router.register("discretion-standards", DiscretionStandardViewSet, basename="discretion-standard")
    router.register("approval-items", ApprovalItemViewSet, basename="approval-item")
    router.register("approval-cases", ApprovalCaseViewSet, basename="approval-case")
    router.register("powers", PowerViewSet, basename="power")
    router.register("legal-advisers", LegalAdviserViewSet, basename="legal-adviser")
    router.register("random-draws", RandomDrawViewSet, basename="random-draw")


__all__ = ["register", "CleanupOutcome"]
