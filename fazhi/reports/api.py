"""API of outgoing documents, one resource per kind: /api/annual-reports/, /api/circulars/,
/api/quarter-reports/, /api/summaries/, /api/law-reports/; each with its Word file at
/{id}/docx/ and the sign-off steps as actions (submit, check, sign)."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.campaigns.api import campaign_field
from fazhi.core.api import LabelField, PassthroughRenderer, validated_input
from fazhi.org.apibase import ReadOnlyScopedViewSet
from fazhi.core.officialdoc import DOCX_MIME
from fazhi.org.apibase import ScopedRelatedField
from fazhi.org.api import people_of, unit_field
from fazhi.org.models import Person

from . import selectors, services
from .choices import DocumentKind, DocumentStatus
from .models import OutgoingDocument
from .rendering import docx_bytes, file_name


class OutgoingDocumentSerializer(serializers.ModelSerializer):
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    kind_display = LabelField("kind")
    status_display = LabelField("status")
    frozen = serializers.BooleanField(read_only=True)

    class Meta:
        model = OutgoingDocument
        fields = ["id", "kind", "kind_display", "issuer", "issuer_name", "campaign", "subject_person", "year", "title",
                  "recipients", "cc", "prefix", "doc_number", "status", "status_display", "sections", "frozen", "figures",
                  "return_reason", "issued_on", "archive_sha256", "created_at"]
        read_only_fields = fields


class OutgoingDocumentCreateSerializer(serializers.Serializer):
    issuer = unit_field()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    prefix = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    campaign = campaign_field(required=False, allow_null=True, default=None)
    person = ScopedRelatedField(model=Person, scoped=people_of, required=False, allow_null=True, default=None)


class OutgoingDocumentUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    recipients = serializers.CharField(max_length=200, required=False, allow_blank=True)
    cc = serializers.CharField(max_length=300, required=False, allow_blank=True)
    prefix = serializers.CharField(max_length=30, required=False, allow_blank=True)
    sections = serializers.ListField(child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
                                     required=False)


class DocumentCheckSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DocumentViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnlyScopedViewSet):
    kind = DocumentKind.ANNUAL_REPORT
    queryset = OutgoingDocument.objects.none()
    serializer_class = OutgoingDocumentSerializer
    search_fields = ["title", "doc_number"]
    ordering = ["-year", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.document_list(actor=self.request.user, filters={"kind": self.kind})

    def _done(self, document, code=status.HTTP_200_OK):
        return Response(OutgoingDocumentSerializer(self.get_queryset().get(pk=document.pk)).data, status=code)

    @extend_schema(request=OutgoingDocumentCreateSerializer, responses={201: OutgoingDocumentSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(OutgoingDocumentCreateSerializer, request)
        return self._done(services.document_create(actor=request.user, kind=self.kind, **data), status.HTTP_201_CREATED)

    @extend_schema(request=OutgoingDocumentUpdateSerializer, responses=OutgoingDocumentSerializer)
    def partial_update(self, request, *args, **kwargs):
        document = self.get_object()
        return self._done(services.document_update(actor=request.user, document=document,
                                                   **validated_input(OutgoingDocumentUpdateSerializer, request)))

    @extend_schema(request=None, responses=OutgoingDocumentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._done(services.document_submit(actor=request.user, document=self.get_object()))

    @extend_schema(request=DocumentCheckSerializer, responses=OutgoingDocumentSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        return self._done(services.document_check(actor=request.user, document=self.get_object(),
                                                  **validated_input(DocumentCheckSerializer, request)))

    @extend_schema(request=None, responses=OutgoingDocumentSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._done(services.document_sign(actor=request.user, document=self.get_object()))

    @extend_schema(responses={(200, DOCX_MIME): bytes})
    @action(detail=True, methods=["get"], renderer_classes=[PassthroughRenderer])
    def docx(self, request, pk=None):
        document = self.get_object()
        if document.status == DocumentStatus.ISSUED and document.archive:
            with document.archive.open("rb") as fh:
                data = fh.read()
        else:
            data = docx_bytes(document, selectors.figures_of(actor=request.user, document=document, language="zh-hans"))
        response = HttpResponse(data, content_type=DOCX_MIME)
        response["Content-Disposition"] = f'attachment; filename="document-{document.pk}.docx"'
        return response


def _for(kind: str, name: str):
    return type(name, (DocumentViewSet,), {"kind": kind, "__doc__": f"Outgoing documents of kind {kind}."})


def register(router) -> None:
    for path, kind, name in [("annual-reports", DocumentKind.ANNUAL_REPORT, "AnnualReportViewSet"),
                             ("quarter-reports", DocumentKind.QUARTER_REPORT, "QuarterReportViewSet"),
                             ("summaries", DocumentKind.SUMMARY, "SummaryViewSet"),
                             ("circulars", DocumentKind.CIRCULAR, "CircularViewSet"),
                             ("law-reports", DocumentKind.LAW_REPORT, "LawReportViewSet")]:
        router.register(path, _for(kind, name), basename=path)
