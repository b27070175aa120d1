"""The product's URLs plus views that fail on purpose, to see the error pages."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from fazhi.urls import urlpatterns as product


def broken(request):
    raise RuntimeError("boom")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("broken/", broken), path("forbidden/", forbidden), *product]
