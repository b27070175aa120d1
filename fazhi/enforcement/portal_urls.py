from django.urls import path

from . import portal_views as v

app_name = "lawportal"
urlpatterns = [
    path("documents/", v.documents, name="documents"),
    path("decisions/", v.decisions, name="decisions"),
    path("powers/", v.powers, name="powers"),
    path("inspections/", v.inspections, name="inspections"),
]
