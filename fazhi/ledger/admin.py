"""The admin shows the ledger for inspection; changes to problems go through the pages and
the services (which check permissions and write the audit log), so the ledger models are
read-only here. Categories are plain settings the office keeps (the supervision rules are
the ladder's, in fazhi.notices)."""

from django.contrib import admin

from .models import CompletionReport, Problem, ProblemCategory, ProblemEvent, RectificationPlan, SupervisionNotice


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False  # problems refer to it: switch it off instead


class EventInline(admin.TabularInline):
    model = ProblemEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "at", "text"]


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ["number", "unit", "source", "category", "status", "found_on"]
    list_filter = ["status", "source", "category", "severity", "four_nots"]
    search_fields = ["number", "description", "unit__name"]
    list_select_related = ["unit", "category"]
    inlines = [EventInline]


@admin.register(CompletionReport)
class CompletionReportAdmin(ReadOnlyAdmin):
    list_display = ["problem", "status", "submitted_at", "verified_at"]
    list_select_related = ["problem"]


@admin.register(RectificationPlan)
class RectificationPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "kind", "filed_at", "is_public"]
    list_select_related = ["unit"]


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAdmin):
    list_display = ["number", "problem", "tier", "addressed_to", "issued_on", "status"]
    list_filter = ["tier", "status", "trigger"]
    list_select_related = ["problem", "addressed_to"]
