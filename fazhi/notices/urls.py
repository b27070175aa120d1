from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.open_one, name="open"),
    path("ladder/", views.ladder_settings, name="ladder_settings"),
]
