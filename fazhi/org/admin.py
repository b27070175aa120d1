from django.contrib import admin

from .models import Grant, Person, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """For administrators. The path is derived from the parent; moving a subtree is done on the
    units page (org.services.unit_move), which rewrites every path below."""

    list_display = ["name", "short_name", "kind", "parent", "depth", "is_active"]
    list_filter = ["kind", "is_active", "depth"]
    search_fields = ["name", "short_name"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # Changing the parent here would leave the subtree's paths stale.
        return [*self.readonly_fields, "parent"] if obj is not None else self.readonly_fields


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "unit", "title", "phone"]
    search_fields = ["name", "user__username", "phone"]
    raw_id_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]
    inlines = [GrantInline]


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["person__name", "person__user__username", "unit__name"]
    raw_id_fields = ["person", "unit"]
    list_select_related = ["person", "unit"]
