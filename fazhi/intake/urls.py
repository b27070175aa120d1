from django.urls import path

from . import views as v

app_name = "intake"
urlpatterns = [
    path("", v.inbox, name="inbox"),
    path("export/", v.export, name="export"),
    path("new/", v.record, name="record"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/reporter/", v.reporter, name="reporter"),
    path("<int:pk>/accept/", v.accept, name="accept"),
    path("<int:pk>/route/", v.route, name="route"),
    path("<int:pk>/reply/", v.reply, name="reply"),
    path("<int:pk>/replies/<int:reply_pk>/review/", v.review, name="review"),
    path("<int:pk>/close/", v.close, name="close"),
    path("<int:pk>/problem/", v.to_problem, name="problem"),
    path("attachments/<int:pk>/", v.attachment, name="attachment"),
    path("meetings/", v.meetings, name="meetings"),
    path("meetings/new/", v.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", v.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", v.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", v.meeting_minutes, name="meeting_minutes"),
    path("forms/", v.opinion_forms, name="opinion_forms"),
    path("forms/<int:pk>/", v.opinion_form, name="opinion_form"),
    path("surveys/", v.questionnaires, name="questionnaires"),
    path("surveys/<int:pk>/", v.questionnaire, name="questionnaire"),
    path("surveys/<int:pk>/toggle/", v.questionnaire_toggle, name="questionnaire_toggle"),
    path("channels/", v.channels, name="channels"),
    path("channels/<int:pk>/toggle/", v.channel_toggle, name="channel_toggle"),
    path("limits/", v.limits, name="limits"),
]
