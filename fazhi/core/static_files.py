"""django.contrib.staticfiles as the product installs it (settings.INSTALLED_APPS).

Its own module: an app's `apps.py` with a second AppConfig would leave Django unable to tell
which one is the app's."""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """Django's static files, less what the product never serves: Redoc's bundle and its source
    map (5 MB that collectstatic copied and compressed on every start; the API's documentation
    page is Swagger UI)."""

    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "redoc"]
