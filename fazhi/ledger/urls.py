from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.problem_list, name="list"),
    path("new/", views.problem_create, name="create"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_ledger, name="import"),
    path("units/<int:pk>/", views.unit_ledger, name="unit"),
    path("<int:pk>/", views.problem_detail, name="detail"),
    path("<int:pk>/rectification/", views.rectify, name="rectify"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/notice/", views.notice, name="notice"),
    path("<int:pk>/accountability/", views.accountability_view, name="accountability"),
    path("<int:pk>/explain/", views.explain, name="explain"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/special/lead/", views.special_lead, name="special_lead"),
    path("<int:pk>/special/check/", views.special_check, name="special_check"),
    path("<int:pk>/special/evaluate/", views.special_evaluate, name="special_evaluate"),
    path("summary/", views.summary, name="summary"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("notices/", views.notice_list, name="notices"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("notifications/", views.notification_list, name="notifications"),
    path("rules/", views.rules, name="rules"),
]
