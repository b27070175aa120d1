from django.contrib import admin

from .models import LadderRun, LadderSettings, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "text", "created_at", "read_at"]
    search_fields = ["text", "key"]


@admin.register(LadderRun)
class LadderRunAdmin(admin.ModelAdmin):
    list_display = ["day", "started_at"]


@admin.register(LadderSettings)
class LadderSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "blue_days", "yellow_stale_days", "escalate_days", "reminder_ladder", "send_email"]

    def has_add_permission(self, request):
        return not LadderSettings.objects.exists()  # one row: the ladder reads the first
