"""`POST /api/plan-imports/`: a plan (multipart `file`, or JSON `text`) becomes a draft campaign
in one call, through the same parser, draft rules and service as the import page."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from fazhi.core.api import ServiceErrorsMixin
from fazhi.org.api import unit_field

from . import messages as m
from .draft import build_draft
from .forms import PlanSourceForm
from .services import plan_import_create, responsibility_warnings
from .views import _default_issuer, _issuers


class PlanImportSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, allow_empty_file=True, use_url=False, label=_("方案文件"))
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, label=_("方案全文"))
    issuer = unit_field(required=False, allow_null=True, default=None, label=_("发文单位"))
    year = serializers.IntegerField(required=False, allow_null=True, min_value=2000, max_value=2100, default=None,
                                    label=_("年度"), help_text=_("方案日期没有年份时按此年度补全；不填则取方案中的年份。"))


PlanImported = inline_serializer("PlanImported", fields={
    "id": serializers.IntegerField(), "title": serializers.CharField(), "status": serializers.CharField(),
    "phases": serializers.IntegerField(), "quotas": serializers.IntegerField(), "tasks": serializers.IntegerField(),
    "warnings": serializers.ListField(child=serializers.CharField()),
})


class PlanImportViewSet(ServiceErrorsMixin, viewsets.ViewSet):
    """Import an official plan: the answer is the id of the draft campaign it created."""

    @extend_schema(request={"multipart/form-data": PlanImportSerializer, "application/json": PlanImportSerializer},
                   responses={201: PlanImported})
    def create(self, request):
        issuers = _issuers(request.user)
        data = PlanImportSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        source = PlanSourceForm(data={"text": data.validated_data.get("text") or ""},
                                files={"file": data.validated_data["file"]} if data.validated_data.get("file") else {})
        if not source.is_valid():
            raise DjangoValidationError(source.non_field_errors() or source.errors.get("file") or [m.SOURCE_REQUIRED])
        draft = build_draft(source.plan.to_dict())
        if data.validated_data.get("year"):
            draft["year"] = data.validated_data["year"]
        issuer = data.validated_data.get("issuer")
        if issuer is None or not issuers.filter(pk=issuer.pk).exists():
            issuer = _default_issuer(issuers, draft.get("issuer"))
        warnings = list(draft["warnings"]) + responsibility_warnings(issuer=issuer, plan=draft)
        # No one can fill in a phase's dates between parsing and creating here: an undated phase is
        # left out and said so; the campaign then waits in draft for its phases (POST /api/phases/).
        dated = [p for p in draft["phases"] if p.get("start") and p.get("end")]
        warnings += [str(m.PHASE_UNDATED_SKIPPED).format(name=p.get("name")) for p in draft["phases"] if p not in dated]
        draft["phases"] = dated
        campaign = plan_import_create(actor=request.user, issuer=issuer, plan=draft)
        return Response({"id": campaign.pk, "title": campaign.title, "status": campaign.status,
                         "phases": campaign.phases.count(), "quotas": campaign.quotas.count(),
                         "tasks": campaign.tasks.count(), "warnings": warnings}, status=status.HTTP_201_CREATED)
