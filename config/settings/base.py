"""Settings shared by every environment. The environment is read once, in ``config.env``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, VAR_DIR, database_config, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="renda-insecure-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DATA_DIR = Path(env.str("RENDA_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))
VAR = VAR_DIR

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
    "django_filters",
    "drf_spectacular",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "renda.core",
    "renda.organization",
    "renda.proposals",
    "renda.meetings",
    "renda.livelihood",
    "renda.appointments",
    "renda.liaison",
    "renda.legislation",
    "renda.reports",
    "renda.filing",
    "renda.oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renda.core.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "renda.core.middleware.NulInQueryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "renda" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "renda.core.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    }
]

# Content-Security-Policy (issue 12 item 9; OWASP ASVS V14.4.3): scripts and styles only from this site (the
# vendored npm files) or carrying the per-response nonce; no plug-ins, no framing, forms post only here.
# Style *attributes* stay allowed (``style-src-attr``): the admin and a few templates set widths inline;
# they cannot run code. Images may be data: URIs (Pico's icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

DATABASES = {"default": database_config(env("DATABASE_URL", default=""), default_sqlite=VAR_DIR / "renda.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organization.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # d<代表证号> for a deputy whose account has another name (the vice-chair behind `supervisor`)
    "renda.organization.backends.DeputyCardBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "renda.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "renda.core.passwords.CharacterClassesValidator", "OPTIONS": {"classes": 3}},
    {"NAME": "renda.core.passwords.NoProductNameValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Session expiry (等保 2.0 style): idle sessions end after RENDA_SESSION_MINUTES, and at browser close.
SESSION_COOKIE_AGE = env.int("RENDA_SESSION_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Lockout after repeated failed logins (django-axes): 5 failures lock the (account, client address)
# pair for 30 minutes, so a stranger cannot lock a deputy out of his own address; a username failing
# from many addresses makes each failing address wait longer (renda.core.loginguard), and one address
# failing for many usernames alerts the system administrators.
AXES_FAILURE_LIMIT = env.int("RENDA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("RENDA_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# failures counted per account, not per spelling: d<代表证号> counts for the deputy's own account name
AXES_USERNAME_CALLABLE = "renda.organization.backends.axes_username"
AXES_CLIENT_IP_CALLABLE = "renda.core.ratelimit.client_ip_or_none"  # the same client address as the rate limits
RENDA_LOGIN_BACKOFF_AFTER = env.int("RENDA_LOGIN_BACKOFF_AFTER", default=10)
RENDA_LOGIN_BACKOFF_MAX_SECONDS = env.int("RENDA_LOGIN_BACKOFF_MAX_SECONDS", default=300)
RENDA_LOGIN_STORM_USERNAMES = env.int("RENDA_LOGIN_STORM_USERNAMES", default=10)
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the audit administrator's login history shows failures too
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages from npm, copied from node_modules/ by `make assets` (scripts/vendor_assets.py).
STATICFILES_DIRS = [("vendor", VAR_DIR / "vendor")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "renda.core.apis.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Renda API",
    "DESCRIPTION": "人大代表工作平台 API: deputies' bills and suggestions, meetings and votes, "
    "livelihood projects, liaison stations.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "renda.core.apis.document_error_responses",
    ],
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The cache every process shares (gunicorn workers, app servers): the public form's rate limit lives
# here (renda.core.ratelimit). A database table, created by `renda createcachetable` (`make migrate`
# runs it; the test runner creates it in the test database). MAX_ENTRIES is high so that culling
# only ever removes expired entries in practice.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "renda_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# Reverse proxies in front of Renda that append the client's address to X-Forwarded-For (nginx:
# `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`). 0: the header is ignored and
# REMOTE_ADDR is the client (renda.core.ratelimit.client_ip).
RENDA_TRUSTED_PROXIES = env.int("RENDA_TRUSTED_PROXIES", default=0)

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="renda@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django's request logging carries URLs: ?phone= and ?code= values are masked (issue 12 item 4)
    "filters": {"personal_data": {"()": "renda.core.accesslog.PersonalDataFilter"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "level": "INFO"},
    },
    "loggers": {
        "django.request": {"filters": ["personal_data"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Domain settings (RULES.md: "where practice varies by locality, the product makes the rule a setting").
RENDA = {
    # D3: a deadline that falls on a rest day moves to the next working day (民法典 第203条). UNCONFIRMED.
    "DEADLINE_ROLLS_TO_WORKDAY": env.bool("RENDA_DEADLINE_ROLLS_TO_WORKDAY", default=True),
}

# models.W040: SQLite has no covering indexes; the INCLUDE columns of liaison's opinion_period_idx (the
# report's index-only counts on PostgreSQL) are ignored there, which changes no result — without this every
# manage.py command on SQLite (make demo, the tests) prints the warning.
SILENCED_SYSTEM_CHECKS: list[str] = ["models.W040"]
_ = _  # gettext_lazy kept importable for settings that add translated labels

# Extra demo loaders run by `renda demo` after the organisation demo, in order. Each is a callable
# ``load(*, stdout)`` that must be idempotent.
RENDA_DEMO_LOADERS: list[str] = [
    "renda.proposals.demo.load",
    "renda.meetings.demo.load",
    "renda.livelihood.demo.load",
    "renda.liaison.demo.load",
    "renda.appointments.demo.load",
    "renda.filing.demo.load",
    "renda.legislation.demo.load",
    "renda.oversight.demo.load",
    "renda.reports.demo.load",
    # the year before the 3rd session (the work report's year, issue 16): the 2nd session and its records
    "renda.meetings.demo_history.load",
    "renda.proposals.demo_history.load",
    "renda.livelihood.demo_history.load",
    "renda.liaison.demo_history.load",
    "renda.meetings.demo.close_past",  # last: the year's meetings take items from several loaders
]

# OpenAPI enum names: several models have fields called `kind` or `status`; name each choice set.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "FilingDocumentKindEnum": "renda.filing.models.FilingDocument.Kind",
    "FilingSuggestionSourceEnum": "renda.filing.apis.PUBLIC_SOURCES",
    "CongressLevelEnum": "renda.organization.models.Congress.Level",
    "DeputyStatusEnum": "renda.organization.models.Deputy.Status",
    "BodyKindEnum": "renda.organization.models.Body.Kind",
    "HandlingUnitKindEnum": "renda.organization.models.HandlingUnit.Kind",
    "ProposalKindEnum": "renda.proposals.models.Kind",
    "ProposalStatusEnum": "renda.proposals.workflow.Status",
    "AssignmentStatusEnum": "renda.proposals.workflow.AssignmentStatus",
    "SatisfactionEnum": "renda.proposals.models.Satisfaction",
    "UrgeNoticeKindEnum": "renda.proposals.models.UrgeNotice.Kind",
    "MeetingKindEnum": "renda.meetings.models.Meeting.Kind",
    "AttendanceStatusEnum": "renda.meetings.models.Attendance.Status",
    "AgendaItemKindEnum": "renda.meetings.models.AgendaItem.Kind",
    "PollKindEnum": "renda.meetings.models.Poll.Kind",
    "MeetingStatusEnum": "renda.meetings.workflow.MeetingStatus",
    "PollStatusEnum": "renda.meetings.workflow.PollStatus",
    "ProgrammeStatusEnum": "renda.livelihood.models.Programme.Status",
    "CandidateStatusEnum": "renda.livelihood.models.Candidate.Status",
    "ProjectStatusEnum": "renda.livelihood.models.Project.Status",
    "AppointmentStatusEnum": "renda.appointments.models.Appointment.Status",
    "AppointmentKindEnum": "renda.appointments.models.Appointment.Kind",
    "OpinionStatusEnum": "renda.liaison.workflow.Status",
    "DraftStatusEnum": "renda.legislation.workflow.Status",
    "HearingKindEnum": "renda.legislation.models.Hearing.Kind",
    "LegislationCommentSourceEnum": "renda.legislation.models.Comment.Source",
    "SourceEnum": "renda.liaison.models.Opinion.Source",
    "DraftSubjectEnum": "renda.legislation.models.Draft.Subject",
    "DraftProposerEnum": "renda.legislation.models.Draft.Proposer",
    "DraftKindEnum": "renda.legislation.models.Draft.Kind",
    "PositionResponseEnum": "renda.legislation.models.Position.Response",
    "OversightItemKindEnum": "renda.oversight.models.OversightItem.Kind",
    "OversightItemStatusEnum": "renda.oversight.models.OversightItem.Status",
    "OversightItemSourceEnum": "renda.oversight.models.OversightItem.Source",
    "InspectionVisitFormEnum": "renda.oversight.models.InspectionVisit.Form",
    "OathCeremonyFormEnum": "renda.appointments.models.OathCeremony.Form",
    "InquiryStatusEnum": "renda.oversight.models.Inquiry.Status",
    "InquiryAnswerFormEnum": "renda.oversight.models.Inquiry.AnswerForm",
    "DecisionKindEnum": "renda.oversight.models.Decision.Kind",
    "WorkRecordKindEnum": "renda.oversight.models.WorkRecord.Kind",
    "HandlingReportKindEnum": "renda.oversight.models.HandlingReport.Kind",
}

# Appointments (RULES.md §10): A8 filing days before the meeting, A17 days before an unsworn appointee
# shows as overdue (no statutory number: a setting), A14 months before a failed nominee may return,
# A15 days after adoption for the organs' formal notice, A2 months after a new government's election,
# and per post type the pre-appointment steps replacing the table default (posts.py).
RENDA_APPOINTMENTS: dict = {
    "filing_days": 10,
    "oath_days": 30,
    "retry_months": 6,
    "notify_days": 3,
    "reelection_months": 2,
    "steps": {},
}
