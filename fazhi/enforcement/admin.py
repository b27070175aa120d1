"""The admin shows administrative-law records for inspection; changes go through the pages and
the services (permission check, audit row). The settings row is edited here."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.EnforcementRule)
class EnforcementRuleAdmin(admin.ModelAdmin):
    list_display = ["disclosure_days", "filing_days", "expiry_reminder_days"]

    def has_delete_permission(self, request, obj=None):
        return False


for model in (models.NormativeDocument, models.LegalReview, models.MajorDecision, models.EnforcementCase,
              models.DiscretionStandard, models.ApprovalItem, models.ApprovalCase, models.Power, models.LegalAdviser,
              models.RandomDraw):
    admin.site.register(model, ReadOnlyAdmin)
