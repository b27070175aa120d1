"""The ledger's API alone, as the lead's fazhi/api_urls.py will register it."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fazhi.ledger.api import register

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
register(router)
urlpatterns = [path("api/", include(router.urls))]
