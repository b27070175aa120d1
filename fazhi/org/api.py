"""API of units, people and grants: scoped like the pages, writes through org.services."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from fazhi.core.api import LabelField, validated_input
from .apibase import ReadOnlyScopedViewSet, ScopedRelatedField, SubtreeFilter

from . import services
from .choices import Role, UnitKind
from .extensions import apply_unit_filters, unit_filters
from .models import Grant, Person, Unit
from .scoping import scope, visible_units


def people_of(user):
    return scope(Person.objects.all(), user).select_related("unit", "user")


def grants_visible(user):
    return scope(Grant.objects.all(), user).select_related("person__unit", "person__user", "unit")


def unit_field(**kwargs):
    return ScopedRelatedField(model=Unit, scoped=visible_units, **kwargs)


# --- units ---------------------------------------------------------------------------------

class UnitSerializer(serializers.ModelSerializer):
    kind_display = LabelField("kind")
    parent_name = serializers.CharField(source="parent.name", default="", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "kind_display", "parent", "parent_name", "path", "depth", "order",
                  "is_active"]
        read_only_fields = fields


class UnitCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, label=_("单位名称"))
    short_name = serializers.CharField(max_length=40, required=False, allow_blank=True, default="", label=_("简称"))
    kind = serializers.ChoiceField(choices=UnitKind.choices, label=_("单位类别"))
    parent = unit_field(label=_("上级单位"))
    order = serializers.IntegerField(min_value=0, required=False, default=0, label=_("排序"))


class UnitFilter(django_filters.FilterSet):
    under = SubtreeFilter(path_field="path")

    class Meta:
        model = Unit
        fields = ["kind", "parent", "depth", "is_active", "under"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filters other apps add (e.g. ?grade=A, the current grade), registered in org.extensions.
        for spec in unit_filters():
            self.filters[spec.name] = django_filters.CharFilter(field_name=spec.name, method=self._extension,
                                                                label=spec.label)

    def _extension(self, queryset, name, value):
        return apply_unit_filters(queryset, {name: value})


class UnitViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Units in the caller's subtrees. The office adds a unit under one of its units."""

    queryset = Unit.objects.none()
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["path", "name", "order", "depth"]
    ordering = ["path"]

    def get_queryset(self):
        return visible_units(self.request.user).select_related("parent")

    @extend_schema(request=UnitCreateSerializer, responses={201: UnitSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(UnitCreateSerializer, request)
        unit = services.unit_create(actor=request.user, **data)
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)


# --- people ---------------------------------------------------------------------------------

class PersonSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "username", "name", "title", "phone", "unit", "unit_name"]
        read_only_fields = fields


class PersonCreateSerializer(serializers.Serializer):
    unit = unit_field(label=_("所在单位"))
    username = serializers.CharField(max_length=150, label=_("账号"))
    name = serializers.CharField(max_length=50, label=_("姓名"))
    title = serializers.CharField(max_length=50, required=False, allow_blank=True, default="", label=_("职务"))
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="", label=_("电话"))
    email = serializers.EmailField(required=False, allow_blank=True, default="", label=_("电子邮箱"))
    password = serializers.CharField(required=False, allow_blank=True, write_only=True, default="",
                                     style={"input_type": "password"}, label=_("初始密码"))


class PersonFilter(django_filters.FilterSet):
    under = SubtreeFilter(path_field="unit__path")

    class Meta:
        model = Person
        fields = ["unit", "under"]


class PersonViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """People of the units in the caller's subtrees. The office opens accounts."""

    queryset = Person.objects.none()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    search_fields = ["name", "user__username", "title"]
    ordering_fields = ["name", "unit__path"]
    ordering = ["unit__path", "name"]

    def get_queryset(self):
        return people_of(self.request.user)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(PersonCreateSerializer, request)
        data["password"] = data["password"] or None
        person = services.person_create(actor=request.user, **data)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


# --- grants ----------------------------------------------------------------------------------

class GrantSerializer(serializers.ModelSerializer):
    role_display = LabelField("role")
    person_name = serializers.CharField(source="person.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Grant
        fields = ["id", "person", "person_name", "role", "role_display", "unit", "unit_name"]
        read_only_fields = fields


class GrantCreateSerializer(serializers.Serializer):
    person = ScopedRelatedField(model=Person, scoped=people_of, label=_("人员"))
    role = serializers.ChoiceField(choices=Role.choices, label=_("角色"))
    unit = unit_field(label=_("单位"))


class GrantFilter(django_filters.FilterSet):
    under = SubtreeFilter(path_field="unit__path")

    class Meta:
        model = Grant
        fields = ["person", "role", "unit", "under"]


class GrantViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ReadOnlyScopedViewSet):
    """Grants on units in the caller's subtrees; only the office grants and revokes (the service checks)."""

    queryset = Grant.objects.none()
    serializer_class = GrantSerializer
    filterset_class = GrantFilter
    search_fields = ["person__name", "unit__name"]
    ordering_fields = ["role", "unit__path", "person__name"]
    ordering = ["unit__path", "person__name", "role"]

    def get_queryset(self):
        return grants_visible(self.request.user)

    @extend_schema(request=GrantCreateSerializer, responses={201: GrantSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(GrantCreateSerializer, request)
        grant = services.grant_create(actor=request.user, **data)
        return Response(GrantSerializer(grant).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.grant_revoke(actor=self.request.user, grant=instance)

