from django.contrib import admin

from .models import LadderRun, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "text", "created_at", "read_at"]
    search_fields = ["text", "key"]


@admin.register(LadderRun)
class LadderRunAdmin(admin.ModelAdmin):
    list_display = ["day", "started_at"]
