from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_list, name="units"),
    path("people/", views.person_list, name="people"),
]
