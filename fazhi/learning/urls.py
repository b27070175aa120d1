from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/attendees/", views.attendees_add, name="attendees_add"),
    path("sessions/<int:pk>/import/", views.attendance_upload, name="attendance_import"),
    path("sessions/<int:pk>/sign-in-sheet.xlsx", views.attendance_sheet, name="attendance_template"),
    path("sessions/<int:pk>/qr.svg", views.session_qr, name="session_qr"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("hours/", views.hours, name="hours"),
    path("people/<int:pk>/category/", views.person_category, name="person_category"),
    path("lists/", views.study_lists, name="lists"),
    path("lists/new/", views.study_list_create, name="list_create"),
    path("exams/", views.exam_list, name="exams"),
    path("exams/new/", views.exam_create, name="exam_create"),
    path("exams/<int:pk>/", views.exam_detail, name="exam"),
    path("exams/<int:pk>/start/", views.exam_start, name="exam_start"),
    path("attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("attempts/<int:pk>/certificate.docx", views.certificate, name="certificate"),
    path("questions/", views.question_list, name="questions"),
    path("questions/import/", views.question_import, name="question_import"),
    path("questions/template.xlsx", views.question_sheet, name="question_template"),
    path("outreach/", views.outreach_list, name="outreach"),
    path("outreach/new/", views.outreach_create, name="outreach_create"),
    path("outreach/<int:pk>/", views.outreach_detail, name="outreach_event"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("duties/", views.duties, name="duties"),
    path("duties/new/", views.duty_create, name="duty_create"),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_export, name="figures_export"),
]
