"""Read-only admin views: every change goes through the services (permission check, audit row)."""

from django.contrib import admin

from .models import Assessment, AssessmentRound, ItemScore, Nomination, Rubric, RubricItem, Stage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RubricItemInline(admin.TabularInline):
    model = RubricItem
    fields = ["label", "kind", "title", "max_points", "deduction"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Rubric)
class RubricAdmin(ReadOnlyAdmin):
    list_display = ["title", "code", "unit_kind", "owner", "is_active"]
    list_filter = ["unit_kind"]
    search_fields = ["title", "code"]
    inlines = [RubricItemInline]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "campaign", "scope", "unit_kind", "status", "created_at"]
    list_filter = ["status", "unit_kind"]


@admin.register(Stage)
class StageAdmin(ReadOnlyAdmin):
    list_display = ["name", "round", "kind", "method", "order"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["unit", "round", "stage", "kind", "status", "total", "vetoed"]
    list_filter = ["kind", "status", "vetoed"]
    list_select_related = ["unit", "round", "stage"]


@admin.register(ItemScore)
class ItemScoreAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "item", "scorer", "points", "vetoed", "updated_at"]
    list_select_related = ["assessment__unit", "assessment__stage", "item", "scorer"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["unit", "round", "level", "status", "title", "year"]
    list_filter = ["level", "status"]
