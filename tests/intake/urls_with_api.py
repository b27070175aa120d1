"""The project's URLs plus the intake office API, for tests that run before the project's
API module registers it (the registration is one call: `fazhi.intake.api.register`)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fazhi.intake.api import register
from fazhi.urls import urlpatterns as project_urls

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
register(router)

urlpatterns = [path("api-intake/", include((router.urls, "intake_api"))), *project_urls]
