from django.contrib import admin

from .models import Assignment, Campaign, Evidence, Phase, ProgressReport, Quota, Task


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0
    raw_id_fields = ["scope"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "doc_number", "year", "status"]
    list_filter = ["status", "year"]
    search_fields = ["title", "doc_number"]
    inlines = [PhaseInline, QuotaInline]
    raw_id_fields = ["issuer"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["label", "heading", "campaign", "level", "due_date"]
    list_filter = ["campaign"]
    search_fields = ["heading", "text"]
    raw_id_fields = ["parent", "campaign"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "due_date", "status", "progress"]
    list_filter = ["status"]
    raw_id_fields = ["task", "unit"]
    list_select_related = ["task", "unit"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["assignment", "author", "submitted_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["assignment", "author", "reviewer"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "mime", "size", "sha256", "uploaded_at"]
    raw_id_fields = ["report"]
