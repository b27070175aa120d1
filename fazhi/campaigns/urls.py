from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/activate/", views.campaign_lifecycle, {"step": "activate"}, name="activate"),
    path("<int:pk>/close/", views.campaign_lifecycle, {"step": "close"}, name="close"),
    path("<int:pk>/reopen/", views.campaign_lifecycle, {"step": "reopen"}, name="reopen"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("phases/<int:pk>/edit/", views.phase_edit, name="phase_edit"),
    path("phases/<int:pk>/delete/", views.phase_delete, name="phase_delete"),
    path("quotas/<int:pk>/edit/", views.quota_edit, name="quota_edit"),
    path("quotas/<int:pk>/delete/", views.quota_delete, name="quota_delete"),
    path("tasks/<int:pk>/assignments/", views.task_assignments, name="task_assignments"),
    path("<int:pk>/phases/", views.phase_add, name="phase_add"),
    path("<int:pk>/demo-sites/", views.demo_site_add, name="demo_site_add"),
    path("demo-sites/<int:pk>/remove/", views.demo_site_remove, name="demo_site_remove"),
    path("<int:pk>/quotas/", views.quota_add, name="quota_add"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("mine/", views.my_work, name="mine"),
    path("assignments/", views.assignment_list, name="assignments"),
    path("assignments/export.xlsx", views.assignment_export, name="assignments_export"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/start/", views.assignment_start, name="assignment_start"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/withdraw/", views.assignment_withdraw, name="assignment_withdraw"),
    path("assignments/<int:pk>/report/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/head/", views.unit_head, name="unit_head"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
