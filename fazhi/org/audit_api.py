"""The audit log through the API: read-only, for the office, rows of its own subtrees.
(Here in org, not in audit: who may read which rows is a matter of grants.)"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers

from fazhi.audit.models import AuditEntry
from fazhi.audit.selectors import audit_list

from .apibase import ReadOnlyScopedViewSet, SubtreeFilter
from .choices import Role
from .scoping import granted_paths, is_unrestricted, office_paths

OFFICE_ONLY = _("只有领导小组办公室可以查看审计记录。")


class IsOffice(permissions.BasePermission):
    message = OFFICE_ONLY

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (is_unrestricted(user) or granted_paths(user, [Role.OFFICE])))


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "actor_name", "action", "object_type", "object_id", "object_repr",
                  "unit_path", "before", "after", "ip"]
        read_only_fields = fields


class AuditEntryFilter(django_filters.FilterSet):
    under = SubtreeFilter(path_field="unit_path")
    after = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte", label=_("时间不早于"))
    before = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lte", label=_("时间不晚于"))

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "object_type", "object_id", "under", "after", "before"]


class AuditEntryViewSet(ReadOnlyScopedViewSet):
    """Who did what, when, before and after. Append-only: the API offers no write at all."""

    queryset = AuditEntry.objects.none()
    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, IsOffice]
    filterset_class = AuditEntryFilter
    search_fields = ["object_repr", "actor_name", "action"]
    ordering_fields = ["at", "action"]
    ordering = ["-at", "-id"]

    def get_queryset(self):
        # The page's selector: rows of the office's subtrees; rows written without a unit stay with the administrator.
        return audit_list(paths=office_paths(self.request.user), filters={})
