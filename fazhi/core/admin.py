from django.contrib import admin

from .models import StatutoryDay


@admin.register(StatutoryDay)
class StatutoryDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
