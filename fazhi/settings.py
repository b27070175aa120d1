"""One settings module for every deployment, driven by environment variables.

Every variable the product reads is read here, and listed in the README's configuration table.
Production needs FAZHI_SECRET_KEY and FAZHI_FIELD_KEY: without them the WSGI application
(gunicorn, `fazhi serve`, `manage.py runserver`) refuses to start unless FAZHI_DEBUG is on,
and `manage.py check --deploy` reports them (fazhi.core.checks).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


BASE_DIR = Path(__file__).resolve().parent
# node_modules sits beside package.json at the repository root (or FAZHI_NODE_MODULES when installed elsewhere).
NODE_MODULES = Path(os.environ.get("FAZHI_NODE_MODULES", BASE_DIR.parent / "node_modules"))
DATA_DIR = Path(os.environ.get("FAZHI_DATA_DIR", Path.home() / ".local" / "share" / "fazhi"))

DEBUG = _env_bool("FAZHI_DEBUG")
# --- secrets: see fazhi.core.checks for what happens when they are missing ------------------
SECRET_KEY = os.environ.get("FAZHI_SECRET_KEY", "")
FAZHI_SECRET_KEY_SET = bool(SECRET_KEY)
if not SECRET_KEY:
    # Development, tests and management commands only: the WSGI application will not start with it.
    SECRET_KEY = "django-insecure-fazhi-development-key-not-for-production"
# Reporter identities are encrypted with these Fernet keys (comma-separated): the first encrypts,
# every one decrypts, so a new key goes first and the old one stays until rows are re-encrypted.
FAZHI_FIELD_KEYS = [k.strip() for k in os.environ.get("FAZHI_FIELD_KEY", "").split(",") if k.strip()]
# How many reverse proxies stand in front of the product; 0 means X-Forwarded-For is ignored.
# FAZHI_BEHIND_PROXY=1 is the older spelling of one proxy.
FAZHI_TRUSTED_PROXIES = _env_int("FAZHI_TRUSTED_PROXIES", 1 if _env_bool("FAZHI_BEHIND_PROXY") else 0)
# The public portal: submissions and tracking-code look-ups per address in 10 minutes.
FAZHI_PORTAL_SUBMIT_LIMIT = _env_int("FAZHI_PORTAL_SUBMIT_LIMIT", 5)
FAZHI_PORTAL_LOOKUP_LIMIT = _env_int("FAZHI_PORTAL_LOOKUP_LIMIT", 10)
# The portal's proof of work: leading zero bits of SHA-256 (17: about 130,000 hashes on average,
# a second on a desktop, a few on a phone), and the wrong answers one address may send in 10 minutes.
FAZHI_PORTAL_PROOF_BITS = _env_int("FAZHI_PORTAL_PROOF_BITS", 17)
FAZHI_PORTAL_PROOF_WRONG_LIMIT = _env_int("FAZHI_PORTAL_PROOF_WRONG_LIMIT", 10)
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
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "fazhi.core",
    "fazhi.audit",
    "fazhi.org",
    "fazhi.notices",
    "fazhi.campaigns",
    "fazhi.assessment",
    "fazhi.ledger",
    "fazhi.intake",
    "fazhi.learning",
    "fazhi.enforcement",
    "fazhi.indicators",
    "fazhi.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fazhi.core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fazhi.core.rollups.VersionsPerRequest",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fazhi.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "fazhi.core.dbrouter.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

CSRF_FAILURE_VIEW = "fazhi.core.views.csrf_failure"

# Form widgets rendered by Jinja2 from Django's own widget templates (fazhi.core.renderers).
FORM_RENDERER = "fazhi.core.renderers.WidgetRenderer"

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
                "fazhi.org.context_processors.fazhi",
                "fazhi.notices.context_processors.unread",
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
    # Covering indexes (INCLUDE) are PostgreSQL's; SQLite builds them on their key columns alone,
    # which is all it can use, so its warning says nothing to act on.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# A read replica (PostgreSQL streaming replication): dashboards and exports may read from it,
# everything else uses the primary (fazhi.core.dbrouter). Tests run it as a mirror of the test
# database rather than against the real replica.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# The planner's default cost of a random read (4, for spinning disks) makes PostgreSQL scan a whole
# table rather than follow an index to one county's rows; the tables of a working installation sit
# in memory or on SSD, where 1.1 is the usual setting (a county's late complaints on the workbench,
# at province scale: 36 ms by a scan, 6 ms by the index). `?options=` in DATABASE_URL replaces it.
for _db in DATABASES.values():
    if _db["ENGINE"] == "django.db.backends.postgresql":
        _db.setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")
DATABASE_ROUTERS = ["fazhi.core.dbrouter.ReplicaRouter"]
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
# A user name is locked at the address its failures came from, so that strangers cannot lock
# `office` out from everywhere; an address is locked across user names past a higher count
# (FAZHI_LOGIN_ADDRESS_LIMIT, fazhi.core.lockout). One rule decides the address: fazhi.core.net.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "fazhi.core.net.client_address"
AXES_HANDLER = "fazhi.core.lockout.LockoutHandler"
FAZHI_LOGIN_ADDRESS_LIMIT = _env_int("FAZHI_LOGIN_ADDRESS_LIMIT", 20)
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_ENABLED = _env_bool("FAZHI_AXES", True)
# The administration site never shows a person's TOTP secret or its QR code: an administrator who
# could read them could sign in as that person (and django-otp's pages answer a missing device with
# a server error).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SESSION_COOKIE_AGE = 30 * 60
# The 30 minutes are idle time: a request pushes the end back, through a save of the session at
# most every 30 seconds (fazhi.core.sessions), not on every request.
SESSION_SAVE_EVERY_REQUEST = False
# Read from the cache, written through to the database: no query for the session on each request,
# and a session the cache has thrown away is read again from its row.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
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
    "fazhi.core.finders.AppDirectoriesFinder",
    "fazhi.core.finders.VendorFinder",
]
MEDIA_ROOT = DATA_DIR / "media"

# The dashboard's cached roll-ups (fazhi.core.rollups) are invalidated by a version number that
# every write bumps: the cache must be one for all the server's worker processes, or a worker would
# serve a roll-up another worker's write has made stale. A folder under the data directory is shared
# by the workers of one host without another service.
# It holds a workbench per person who opened it since the last write, and the figures per scope:
# Django's default of 300 entries had it throwing away a third of them, at random, every few
# requests once some hundred people were at work. Django's file cache lists the folder on each write
# to see whether it is full; fazhi.core.cache does so once every hundred writes of a process.
CACHES = {"default": {"BACKEND": "fazhi.core.cache.FileCache",
                      "LOCATION": str(DATA_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 20_000}}}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "fazhi.core.storage.StaticStorage"},
}
# Source maps are read only by a browser's developer tools; compressing them took half of collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
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
    "DEFAULT_PAGINATION_CLASS": "fazhi.core.paging.ApiPagination",
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


# --- API docs: Swagger UI's assets from the drf-spectacular-sidecar package, never a CDN ---
INSTALLED_APPS += ["drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS |= {
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
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
        "QuotaKindEnum": "fazhi.campaigns.choices.QuotaKind",
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
        "LearningSessionKindEnum": "fazhi.learning.choices.SessionKind",
        "LearningListKindEnum": "fazhi.learning.choices.ListKind",
        "LearningAudienceEnum": "fazhi.learning.choices.Audience",
        "LearningQuestionKindEnum": "fazhi.learning.choices.QuestionKind",
        "LearningExamKindEnum": "fazhi.learning.choices.ExamKind",
        "LearningOutreachKindEnum": "fazhi.learning.choices.OutreachKind",
        "LearningMaterialKindEnum": "fazhi.learning.choices.MaterialKind",
        "EnforcementDocumentStatusEnum": "fazhi.enforcement.choices.DocumentStatus",
        "EnforcementCleanupOutcomeEnum": "fazhi.enforcement.choices.CleanupOutcome",
        "EnforcementReviewSubjectEnum": "fazhi.enforcement.choices.ReviewSubject",
        "EnforcementReviewOpinionEnum": "fazhi.enforcement.choices.ReviewOpinion",
        "EnforcementReviewStatusEnum": "fazhi.enforcement.choices.ReviewStatus",
        "EnforcementDecisionStatusEnum": "fazhi.enforcement.choices.DecisionStatus",
        "EnforcementRiskLevelEnum": "fazhi.enforcement.choices.RiskLevel",
        "EnforcementCaseKindEnum": "fazhi.enforcement.choices.CaseKind",
        "EnforcementPartyKindEnum": "fazhi.enforcement.choices.PartyKind",
        "EnforcementCaseStatusEnum": "fazhi.enforcement.choices.CaseStatus",
        "EnforcementStepKindEnum": "fazhi.enforcement.choices.StepKind",
        "EnforcementPowerKindEnum": "fazhi.enforcement.choices.PowerKind",
        "EnforcementPowerStatusEnum": "fazhi.enforcement.choices.PowerStatus",
        "EnforcementChangeKindEnum": "fazhi.enforcement.choices.ChangeKind",
        "EnforcementAdviserKindEnum": "fazhi.enforcement.choices.AdviserKind",
        "EnforcementMatterKindEnum": "fazhi.enforcement.choices.MatterKind",
        "EnforcementDrawStatusEnum": "fazhi.enforcement.choices.DrawStatus",
    },
}
