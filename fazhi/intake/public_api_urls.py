from django.urls import path

from . import public_api as v

app_name = "public_api"
urlpatterns = [
    path("units/", v.PublicUnitList.as_view(), name="units"),
    path("channels/", v.PublicChannelList.as_view(), name="channels"),
    path("proof/", v.ProofView.as_view(), name="proof"),
    path("submissions/", v.SubmitView.as_view(), name="submissions"),
    path("lookup/", v.LookupView.as_view(), name="lookup"),
]
