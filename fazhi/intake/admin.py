"""Admin pages: cases, replies, meetings and channels for the administrator. The reporter's
identity has no admin page: it is read only through the audited service."""

from django.contrib import admin

from .models import Channel, Meeting, Reply, Submission, TimeLimit


class ReadOnlyReplyInline(admin.TabularInline):
    model = Reply
    extra = 0
    can_delete = False
    fields = ["unit", "status", "text", "published_at"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["case_number", "kind", "source", "status", "unit", "received_by", "received_at"]
    list_filter = ["kind", "source", "status"]
    search_fields = ["case_number", "title"]
    exclude = ["password_hash"]
    readonly_fields = ["case_number", "received_at"]
    inlines = [ReadOnlyReplyInline]

    def has_delete_permission(self, request, obj=None):
        return False  # cases are closed, never deleted


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organizer", "starts_at", "place"]
    list_filter = ["kind"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "value", "published"]
    list_filter = ["kind", "published"]


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ["kind", "ack_days", "ack_working", "conclude_days", "conclude_working"]
