import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()

# Production secrets are checked before the first request can be served (gunicorn, runserver, fazhi serve).
from fazhi.core.checks import require_secrets  # noqa: E402

require_secrets()
