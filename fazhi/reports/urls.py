from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/header/", views.document_header, name="header"),
    path("<int:pk>/sections/<int:index>/", views.document_section, name="section"),
    path("<int:pk>/steps/<str:step>/", views.document_step, name="step"),
    path("<int:pk>/document.docx", views.document_docx, name="docx"),
    path("<int:pk>/document.pdf", views.document_pdf, name="pdf"),
]
