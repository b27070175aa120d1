from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("units/import/", views.import_file, {"what": "units"}, name="units_import"),
    path("units/import/template/", views.import_template, {"what": "units"}, name="units_template"),
    path("people/import/", views.import_file, {"what": "people"}, name="people_import"),
    path("people/import/template/", views.import_template, {"what": "people"}, name="people_template"),
    path("login/verify/", views.login_otp, name="login_otp"),
    path("two-factor/", views.totp_setup, name="totp"),
]
