from django.urls import path

from . import views

app_name = "core"
urlpatterns = [path("holidays/", views.holiday_list, name="holidays")]
