"""A URLconf with the assessment resources registered as the project's router will have them."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fazhi.assessment.api import register

router = DefaultRouter(use_regex_path=False)
register(router)

urlpatterns = [
    path("api/", include((router.urls, "api"))),
    path("", include("fazhi.urls")),
]
