from django.urls import path

from . import views

app_name = "planimport"
urlpatterns = [
    path("", views.start, name="start"),
    path("create/", views.create, name="create"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/revise/apply/", views.revise_apply, name="revise_apply"),
]
