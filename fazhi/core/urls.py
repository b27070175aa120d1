from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("holidays/", views.holiday_list, name="holidays"),
    path("holidays/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
    path("holidays/import/", views.holiday_import, name="holiday_import"),
]
