"""The portal's API under /api/public/: no account, the same services and limits as the
pages. A submission answers with its case number and query password, once; a look-up with
the status and the published replies of that one case. Nothing here ever returns a name,
a phone number or an address."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.core.api import validation_body
from fazhi.org.models import Unit

from . import proof, ratelimit, selectors, services, timelimits
from . import messages as m
from .api import enum_field
from .choices import ChannelKind, ReporterCategory, SubmissionKind
from .models import Channel


class Public:
    authentication_classes: list = []
    permission_classes = [AllowAny]


class PublicPage(PageNumberPagination):
    page_size = 50


class PublicUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "parent"]


class PublicChannelSerializer(serializers.ModelSerializer):
    kind = enum_field(ChannelKind, read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Channel
        fields = ["id", "unit", "unit_name", "kind", "kind_display", "value", "note"]


class PublicUnitList(Public, generics.ListAPIView):
    serializer_class = PublicUnitSerializer
    pagination_class = PublicPage

    def get_queryset(self):
        return selectors.public_units(q=(self.request.query_params.get("q") or "")[:50])


class PublicChannelList(Public, generics.ListAPIView):
    serializer_class = PublicChannelSerializer
    pagination_class = PublicPage

    def get_queryset(self):
        return selectors.published_channels(q=(self.request.query_params.get("q") or "")[:50])


class ProofView(Public, APIView):
    """A proof-of-work challenge: find a counter such that SHA-256("<challenge>:<counter>") starts
    with `difficulty` zero bits, and send it as proof_answer with the challenge."""

    serializer_class = None
    @extend_schema(responses={200: {"type": "object", "properties": {"challenge": {"type": "string"}, "difficulty": {"type": "integer"}}}})
    def get(self, request):
        return Response(proof.issue(), headers={"Cache-Control": "no-store"})


class SubmitSerializer(serializers.Serializer):
    kind = enum_field(SubmissionKind)
    text = serializers.CharField()
    title = serializers.CharField(required=False, allow_blank=True, max_length=100)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True), required=False, allow_null=True)
    anonymous = serializers.BooleanField(required=False, default=False)
    reporter_category = serializers.ChoiceField(choices=ReporterCategory.choices, required=False, allow_blank=True,
                                                error_messages={"invalid_choice": m.CATEGORY_INVALID})
    name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    files = serializers.ListField(child=serializers.FileField(), required=False)
    consent = serializers.BooleanField(error_messages={"required": m.CONSENT_REQUIRED})
    proof_challenge = serializers.CharField(max_length=200)
    proof_answer = serializers.CharField(max_length=20)

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(m.CONSENT_REQUIRED)
        return value


class LookupSerializer(serializers.Serializer):
    case_number = serializers.CharField(max_length=30)
    password = serializers.CharField(max_length=60)


def _limited(rule, message, address):
    wait = ratelimit.retry_minutes(rule, address)
    if wait:
        return Response({"detail": str(message).format(minutes=wait)}, status=status.HTTP_429_TOO_MANY_REQUESTS,
                        headers={"Retry-After": str(wait * 60)})
    return None


class SubmitView(Public, APIView):
    serializer_class = SubmitSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=SubmitSerializer)
    def post(self, request):
        address = ratelimit.client_address(request)
        refused = _limited(ratelimit.SUBMIT, m.RATE_LIMITED, address)
        if refused:
            return refused
        ser = SubmitSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        try:
            proof.verify(d["proof_challenge"], d["proof_answer"], address=address)
            sub, password = services.submission_submit(
                kind=d["kind"], text=d["text"], title=d.get("title", ""), unit=d.get("unit"), name=d.get("name", ""),
                phone=d.get("phone", ""), anonymous=d.get("anonymous", False), files=d.get("files", []), ip=address,
                reporter_category=d.get("reporter_category", ""))
        except ValidationError as error:
            return Response(validation_body(error), status=400)
        ratelimit.record(ratelimit.SUBMIT, address)
        return Response({"case_number": sub.case_number, "password": password, "status": sub.status,
                         "ack_due": sub.ack_due, "conclude_due": sub.conclude_due,
                         "notice": str(m.SUBMITTED)}, status=201, headers={"Cache-Control": "no-store"})


class LookupView(Public, APIView):
    serializer_class = LookupSerializer
    @extend_schema(request=LookupSerializer)
    def post(self, request):
        address = ratelimit.client_address(request)
        refused = _limited(ratelimit.LOOKUP, m.LOOKUP_RATE_LIMITED, address)
        if refused:
            return refused
        ser = LookupSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        ratelimit.record(ratelimit.LOOKUP, address)
        sub = services.submission_lookup(**ser.validated_data)
        if sub is None:
            return Response({"detail": str(m.LOOKUP_FAILED)}, status=404)
        replies = [{"unit": r.unit.name, "text": r.text, "published_at": r.published_at} for r in selectors.published_replies(sub)]
        return Response({
            "case_number": sub.case_number, "kind": sub.kind, "kind_display": sub.get_kind_display(),
            "status": sub.status, "status_display": sub.get_status_display(), "received_at": sub.received_at,
            "due": None if sub.is_closed else timelimits.current_due(sub), "replies": replies,
            "rating": sub.rating,
        }, headers={"Cache-Control": "no-store"})


