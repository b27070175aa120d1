from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("new/", views.indicator_create, name="create"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/confirm/", views.rule_confirm, name="rule_confirm"),
    path("rules/<int:pk>/dismiss/", views.rule_dismiss, name="rule_dismiss"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/edit/", views.indicator_edit, name="edit"),
    path("<int:pk>/withdraw/", views.indicator_withdraw, name="withdraw"),
    path("<int:pk>/record/", views.indicator_record, name="record"),
]
