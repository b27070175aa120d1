"""One settings module for every deployment, driven by environment variables.

FAZHI_DATA_DIR      where the embedded database, uploads and collected static files live
DATABASE_URL        PostgreSQL in production (postgres://...); SQLite under the data dir otherwise
FAZHI_SECRET_KEY    required when FAZHI_DEBUG is off
FAZHI_DEBUG         "1" for development
FAZHI_ALLOWED_HOSTS comma-separated host names
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent
# node_modules sits beside package.json at the repository root (or FAZHI_NODE_MODULES when installed elsewhere).
NODE_MODULES = Path(os.environ.get("FAZHI_NODE_MODULES", BASE_DIR.parent / "node_modules"))
DATA_DIR = Path(os.environ.get("FAZHI_DATA_DIR", Path.home() / ".local" / "share" / "fazhi"))

DEBUG = _env_bool("FAZHI_DEBUG")
SECRET_KEY = os.environ.get("FAZHI_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("FAZHI_REQUIRE_SECRET") == "1":
        raise RuntimeError("FAZHI_SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-development-key-change-me-" + "x" * 20
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "fazhi.core",
    "fazhi.audit",
    "fazhi.org",
    "fazhi.campaigns",
    "fazhi.assessment",
    "fazhi.ledger",
    "fazhi.intake",
    "fazhi.indicators",
    "fazhi.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fazhi.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.fazhi",
            ],
        },
    },
]

# --- database -------------------------------------------------------------
_default_sqlite = f"sqlite:///{DATA_DIR / 'fazhi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers go on while one writer commits; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth and security baseline (等保 2.0 三级 / ASVS L2) ---------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "fazhi.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "fazhi.core.passwords.CharacterClassValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours: locked for 30 minutes after 5 failures
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_ENABLED = _env_bool("FAZHI_AXES", True)
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True  # the 30 minutes are idle time: each request pushes the end back
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and _env_bool("FAZHI_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("FAZHI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# --- i18n ------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files -----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "fazhi.core.finders.VendorFinder",
]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("FAZHI_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": os.environ["FAZHI_S3_BUCKET"], "endpoint_url": os.environ.get("FAZHI_S3_ENDPOINT")},
    }
FAZHI_UPLOAD_MAX_BYTES = int(os.environ.get("FAZHI_UPLOAD_MAX_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = FAZHI_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- background tasks (Django 6's tasks framework through django-tasks) -------
TASKS = {"default": {"BACKEND": os.environ.get("FAZHI_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# --- API -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fazhi API",
    "DESCRIPTION": "法治卫健 REST API: every resource is scoped to the caller's grants.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- logging: to stderr, so that any process manager can collect it ------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING")},
}

# The baseline locks the account (not the address) after 5 failures; rotating addresses must not help.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- API docs: Swagger UI and Redoc assets from the drf-spectacular-sidecar package, never a CDN ---
INSTALLED_APPS += ["drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS |= {
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" or "kind": name each choice set after its TextChoices class.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "fazhi.org.choices.UnitKind",
        "RoleEnum": "fazhi.org.choices.Role",
        "DayKindEnum": "fazhi.core.choices.DayKind",
        "CampaignStatusEnum": "fazhi.campaigns.choices.CampaignStatus",
        "AssignmentStatusEnum": "fazhi.campaigns.choices.AssignmentStatus",
        "ReportStatusEnum": "fazhi.campaigns.choices.ReportStatus",
        "ColourEnum": "fazhi.campaigns.choices.Colour",
        "DemoLevelEnum": "fazhi.campaigns.choices.DemoLevel",
        "WorkKindEnum": "fazhi.campaigns.choices.WorkKind",
        "IntakeSourceEnum": "fazhi.intake.choices.Source",
        # by values: the portal shows the kinds with labels of its own, so the class does not match
        "IntakeSubmissionKindEnum": ["opinion", "suggestion", "complaint", "report"],
        "IntakeSubmissionStatusEnum": "fazhi.intake.choices.SubmissionStatus",
        "IntakeReplyStatusEnum": "fazhi.intake.choices.ReplyStatus",
        "IntakeMeetingKindEnum": "fazhi.intake.choices.MeetingKind",
        "IntakeChannelKindEnum": "fazhi.intake.choices.ChannelKind",
        "IntakeColourEnum": "fazhi.intake.choices.Colour",
        "LedgerProblemSourceEnum": "fazhi.ledger.choices.ProblemSource",
        "LedgerProblemStatusEnum": "fazhi.ledger.choices.ProblemStatus",
        "LedgerSeverityEnum": "fazhi.ledger.choices.Severity",
        "LedgerCauseEnum": "fazhi.ledger.choices.Cause",
        "LedgerResponsibilityEnum": "fazhi.ledger.choices.Responsibility",
        "LedgerReportStatusEnum": "fazhi.ledger.choices.ReportStatus",
        "LedgerEventKindEnum": "fazhi.ledger.choices.EventKind",
        "LedgerFourNotsEnum": "fazhi.ledger.choices.FourNots",
        "LedgerPlanKindEnum": "fazhi.ledger.choices.PlanKind",
        "LedgerTierEnum": "fazhi.ledger.choices.Tier",
        "LedgerNoticeStatusEnum": "fazhi.ledger.choices.NoticeStatus",
        "LedgerTriggerEnum": "fazhi.ledger.choices.Trigger",
        "AssessmentItemKindEnum": "fazhi.assessment.choices.ItemKind",
        "AssessmentAssessmentKindEnum": "fazhi.assessment.choices.AssessmentKind",
        "AssessmentTeamMethodEnum": "fazhi.assessment.choices.TeamMethod",
        "AssessmentRoundStatusEnum": "fazhi.assessment.choices.RoundStatus",
        "AssessmentAssessmentStatusEnum": "fazhi.assessment.choices.AssessmentStatus",
        "AssessmentNominationStatusEnum": "fazhi.assessment.choices.NominationStatus",
    },
}
