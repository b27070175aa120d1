"""The admin shows learning records for inspection; writes go through the pages and the
services (permission check, audit row). Person categories are settings the office keeps."""

from django.contrib import admin

from .models import Exam, ExamAttempt, OutreachEvent, PersonCategory, Question, StudyList, StudySession


@admin.register(PersonCategory)
class PersonCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "law_share", "order"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StudySession)
class StudySessionAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "topic", "unit", "hours", "law_hours"]
    list_filter = ["kind"]


@admin.register(StudyList)
class StudyListAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "unit", "kind", "audience"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["kind", "text", "law", "article", "difficulty"]


@admin.register(Exam)
class ExamAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "unit", "opens_at", "closes_at", "seed"]


@admin.register(ExamAttempt)
class ExamAttemptAdmin(ReadOnlyAdmin):
    list_display = ["exam", "person", "number", "score", "passed"]


@admin.register(OutreachEvent)
class OutreachEventAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "title", "unit", "participants"]
