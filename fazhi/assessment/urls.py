from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("new/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/status/", views.round_status, name="round_status"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.xlsx", views.results_export, name="results_export"),
    path("<int:pk>/nominations/", views.nominations, name="nominations"),
    path("<int:pk>/nominations/decide/", views.nominations_select, name="nominations_decide"),
    path("<int:pk>/circular/", views.circular, name="circular"),
    path("<int:pk>/circular.docx", views.circular_download, name="circular_docx"),
    path("stages/<int:stage>/units/<int:unit>/", views.stage_unit, name="stage_unit"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("assessments/<int:pk>/shortfall/", views.shortfall_raise, name="shortfall"),
    path("scores/<int:pk>/evidence/", views.score_evidence, name="score_evidence"),
    path("targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/withdraw/", views.target_withdraw, name="target_withdraw"),
    path("rubrics/", views.rubric_list, name="rubrics"),
    path("rubrics/install/", views.rubrics_install, name="rubrics_install"),
    path("rubrics/import/", views.rubric_import, name="rubric_import"),
    path("rubrics/read/", views.rubric_read, name="rubric_read"),
    path("rubrics/read/save/", views.rubric_read_save, name="rubric_read_save"),
    path("rubrics/template.xlsx", views.rubric_template, name="rubric_template"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric"),
    path("rubrics/<int:pk>/export.<str:fmt>", views.rubric_export, name="rubric_export"),
]
