from django.urls import path

from . import views

app_name = "enforcement"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("reviews/inbox/", views.review_inbox, name="inbox"),
    path("standards/search/", views.standard_search, name="standard_search"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("powers/<int:pk>/flow-chart/", views.flow_chart, name="flow_chart"),
    path("<slug:key>/", views.resource_list, name="list"),
    path("<slug:key>/new/", views.resource_create, name="create"),
    path("<slug:key>/import/", views.import_view, name="import"),
    path("<slug:key>/<int:pk>/", views.resource_detail, name="detail"),
    path("<slug:key>/<int:pk>/<slug:step>/", views.resource_step, name="step"),
]
