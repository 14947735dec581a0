"""Django settings, read from the environment.

Development defaults (DEBUG on, SQLite in ``var/``) need no configuration. Production sets
``DJANGO_DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COMMISSIONING_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("DJANGO_DEBUG", True)
# With DEBUG on, Django's technical error pages instead of the service's (for developers).
DEBUG_ERROR_PAGES = _env_bool("DJANGO_DEBUG_ERROR_PAGES", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - never used with DEBUG off

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "commissioning.core",
    "commissioning.partnership",
    "commissioning.programmes",
    "commissioning.plans",
    "commissioning.reports",
    "commissioning.outcomes",
    "commissioning.finance",
    "commissioning.performance",
    "commissioning.commissions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "commissioning.core.nul_bytes.RefuseNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # In DEBUG, the service's own 404 and 500 pages rather than Django's technical ones.
    "commissioning.core.error_pages.ServicePagesInDebug",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commissioning.urls"
WSGI_APPLICATION = "commissioning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commissioning.access.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'commissioning.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("accessible-autocomplete", NODE_MODULES / "accessible-autocomplete" / "dist"),
    ("swagger-ui", NODE_MODULES / "swagger-ui-dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# django-axes refuses sign-in for a username from an address after repeated failures; it must
# come first so a locked-out user is refused before their password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = _env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Across all usernames, an address is refused after this many failures (password spraying).
AXES_HANDLER = "commissioning.core.throttling.AddressAwareHandler"
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "commissioning.core.throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "commissioning.core.throttling.client_ip_address"
# Behind N reverse proxies the client's address is the Nth from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# A calendar feed address no calendar app has used for this many days stops working.
CALENDAR_TOKEN_UNUSED_DAYS = int(os.environ.get("CALENDAR_TOKEN_UNUSED_DAYS", "90"))

LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# Background work (heavy imports, PDF and large reports) is queued in the database and run by
# `commissioning db_worker` (ADR 0013): no other server, on SQLite or PostgreSQL alike.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Highlight reports of programmes with at least this many actions and deliverables are made
# by the worker, the page showing progress; smaller ones are made in the request. PDFs (slow
# to lay out) go to the worker from the first item; Word and Excel files from 500.
PDF_REPORTS_IN_BACKGROUND_FROM = int(os.environ.get("PDF_REPORTS_IN_BACKGROUND_FROM", "1"))
REPORTS_IN_BACKGROUND_FROM = int(os.environ.get("REPORTS_IN_BACKGROUND_FROM", "500"))
# What one import (web page, API or command line) may read; docs/security.md says why each.
# Any of them can be set from the environment, e.g. IMPORT_ROWS=250000.
IMPORT_LIMITS = {
    name: float(os.environ.get(f"IMPORT_{name}", default))
    if name == "SECONDS"
    else int(os.environ.get(f"IMPORT_{name}", default))
    for name, default in {
        "UPLOAD_BYTES": 10 * 1024 * 1024,  # the file as uploaded
        "UNZIPPED_BYTES": 50 * 1024 * 1024,  # an .xlsx or .docx once unzipped
        "COMPRESSION_RATIO": 100,  # of any zip entry over 1 MB
        "ZIP_ENTRIES": 1_000,  # files inside an .xlsx or .docx
        "ROWS": 100_000,  # non-empty table rows in one document
        "COLUMNS": 200,  # cells in one row
        "CELLS": 2_000_000,  # cells in one document
        "MERGED_CELLS": 200_000,  # cells covered by merged ranges in one workbook
        "LIST_DEPTH": 20,  # lists nested inside a cell
        "SECONDS": 60,  # reading one document
        "PDF_PAGES": 200,  # pages of one PDF
        "PDF_PAGE_BYTES": 8 * 1024 * 1024,  # drawing instructions of one PDF page, unpacked
        "PDF_PAGE_OBJECTS": 30_000,  # characters and drawn objects on one PDF page
        "PDF_OBJECTS": 1_000_000,  # characters and drawn objects in one PDF
    }.items()
}
# A web page that reads an upload inside the request (the upload check and the preview)
# reads it in a child process held to this much memory and time (0: read in-process).
IMPORT_WEB_MEMORY_BYTES = int(os.environ.get("IMPORT_WEB_MEMORY_BYTES", str(1024 * 1024 * 1024)))
IMPORT_WEB_SECONDS = float(os.environ.get("IMPORT_WEB_SECONDS", "30"))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.0.0"
# A plain file input is the GOV.UK file upload component too (the pack styles only
# ClearableFileInput).
CRISPY_CLASS_CONVERTERS = {"fileinput": "govuk-file-upload"}

# Content-Security-Policy (django-csp, ADR 0009): scripts, styles, fonts and images come only
# from the site itself; no inline script, no style attribute, no plug-ins, no framing. Even if
# text a user wrote were ever put on a page unescaped, the browser would not run it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
_csp_report_uri = os.environ.get("CSP_REPORT_URI", "").strip()
if _csp_report_uri:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [_csp_report_uri]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "commissioning.core.api_parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commissioning API",
    "DESCRIPTION": (
        "Programmes, stages, deliverables, actions, progress updates, imports, reports "
        "and the partnership's governance."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Like every other page, the schema is for signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "commissioning.core.api_schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProgressStatusEnum": "commissioning.programmes.models.StatusChoices",
        "AgreementStatusEnum": "commissioning.partnership.models.AgreementStatus",
        "SeverityEnum": "commissioning.outcomes.models.Severity",
        "CycleStageEnum": "commissioning.commissions.models.Stage",
        "CommissionStatusEnum": "commissioning.commissions.models.Status",
        "ChainStatusEnum": "commissioning.outcomes.models.AgreementStatus",
        "GapStatusEnum": "commissioning.outcomes.models.GapStatus",
        "SpendKindEnum": "commissioning.finance.models.Kind",
        "SpendPhaseEnum": "commissioning.finance.models.Phase",
        "CapitalOrRevenueEnum": "commissioning.finance.models.Spending",
        "CipfaCategoryEnum": "commissioning.finance.models.CipfaCategory",
    },
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# A needs analysis whose period ended longer ago than this counts as stale on the coverage
# matrix of outcomes.
OUTCOMES_STALE_AFTER_DAYS = int(os.environ.get("COMMISSIONING_OUTCOMES_STALE_AFTER_DAYS", 3 * 365))

# The prefix of every Open Contracting ID (ocid) in a commission's OCDS release. The default
# is a placeholder; a publisher registers its own prefix with the Open Contracting Partnership.
COMMISSIONS_OCDS_PREFIX = os.environ.get("COMMISSIONING_OCDS_PREFIX", "ocds-xxxxxx")
