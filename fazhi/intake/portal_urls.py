from django.urls import path

from . import portal_views as v

app_name = "portal"
urlpatterns = [
    path("", v.index, name="index"),
    path("submit/", v.submit, name="submit"),
    path("submit/done/", v.receipt, name="receipt"),
    path("lookup/", v.lookup, name="lookup"),
    path("case/<str:case_number>/", v.case, name="case"),
    path("case/<str:case_number>/rate/", v.rate, name="rate"),
    path("case/<str:case_number>/files/<int:pk>/", v.case_file, name="case_file"),
    path("channels/", v.channels, name="channels"),
    path("survey/<int:pk>/", v.survey, name="survey"),
    path("published/", v.published, name="published"),
]
