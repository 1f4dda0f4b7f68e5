"""All settings in one module, every value from the environment (see docs/deployment.md).

DJANGO_ENV=production switches on the secure defaults that `manage.py check --deploy` asks for;
anything else is a development or test machine running the embedded SQLite database.
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
# The embedded demo (`make demo`) runs with DEBUG off, like the product; EW_DEMO only permits loading its
# invented data with a public password, and never together with DJANGO_ENV=production.
EW_DEMO = env_bool("EW_DEMO", False) and not PRODUCTION

if PRODUCTION:
    # Refuse to start with a missing or guessable key in production (accounts/tests/test_http_sessions.py).
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be 50 or more random characters (5 or more different ones) in production."
        )
else:
    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY", "dev-only-insecure-key-ervaringswerk-0123456789-abcdefghij"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "knox",  # API tokens stored as a digest only (accounts.ApiToken, KNOX_TOKEN_MODEL)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    # Second factor (docs/privacy.md): TOTP apps and one-time recovery codes. Before our apps, so that
    # accounts/admin.py can replace their admin pages (which would show secrets).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django_structlog",
    "django_prometheus",
    # Our apps, ordered by dependency: later apps may use earlier ones' services and selectors.
    "ervaringswerk.core",
    "ervaringswerk.organisations",
    "ervaringswerk.accounts",
    "ervaringswerk.audit",
    "ervaringswerk.webhooks",  # early: deployment, hours and monitoring publish events through it
    "ervaringswerk.pool",
    "ervaringswerk.deployment",
    "ervaringswerk.matching",
    "ervaringswerk.hours",
    "ervaringswerk.activities",
    "ervaringswerk.outcomes",
    "ervaringswerk.preconditions",
    "ervaringswerk.monitoring",
    "ervaringswerk.notifications",
    "ervaringswerk.beheer",
    "ervaringswerk.privacy",
    "ervaringswerk.voice",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Early, so that every response (static files, lockouts, CSRF refusals too) gets the headers.
    "ervaringswerk.accounts.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ervaringswerk.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Under /api/ an exception stays problem+json with DEBUG on too (core.middleware).
    "ervaringswerk.core.middleware.ApiProblemMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django_structlog.middlewares.RequestMiddleware",  # binds request_id to every log line of the request
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits (after messages, so the login page can say why).
    "ervaringswerk.accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "ervaringswerk.accounts.middleware.ViewerMiddleware",
    # Who must pass or set up a second factor goes there before anything else.
    "ervaringswerk.accounts.middleware.SecondFactorMiddleware",
    # Last, so that a locked-out login attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "ervaringswerk.core.context_processors.navigation",
                "ervaringswerk.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# SQLite is the embedded default; PostgreSQL through DATABASE_URL in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Each checkout gets its own test database on a shared PostgreSQL server, so parallel runs do not collide.
DATABASES["default"]["TEST"] = {
    "NAME": os.environ.get(
        "TEST_DATABASE_NAME", "test_ervaringswerk_" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)  # the embedded database's folder, so migrate works from a clone
    # Each request in one transaction; WAL lets the demo server read while a command writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"]["NAME"] = None
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Behind PgBouncer in transaction pooling mode server-side cursors (QuerySet.iterator) cannot be used.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_PGBOUNCER", False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "ervaringswerk.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Optional single sign-on (OpenID Connect, mozilla-django-oidc): EW_OIDC_* only (docs/deployment.md).
from ervaringswerk.accounts.sso_config import BACKEND as _SSO_BACKEND  # noqa: E402 - a plain module
from ervaringswerk.accounts.sso_config import oidc_settings as _oidc_settings  # noqa: E402

# The values when SSO is off; `oidc_settings` gives all of them (and mozilla-django-oidc's OIDC_*) when on.
EW_OIDC_ENABLED = False
EW_OIDC_NAME = ""
EW_OIDC_ISSUER = ""
EW_OIDC_MATCH_CLAIM = "email"
EW_OIDC_USER_FIELD = "email"
EW_OIDC_GROUPS_CLAIM = "groups"
EW_OIDC_GROUP_ROLES: dict[str, str] = {}
globals().update(_oidc_settings(os.environ))
if EW_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append(_SSO_BACKEND)
# A password-reset link works once and for an hour (accounts.views.PasswordResetView).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("DJANGO_PASSWORD_RESET_TIMEOUT", "3600"))
# Reset mails per hour, per e-mail address and per client address (core.client_ip, so behind the trusted
# proxies the real client). Counted in the audit log's "reset requested" events; a request over a limit
# gets the same page and no mail, and is an audit event of its own (docs/privacy.md).
EW_PASSWORD_RESET_MAILS_PER_ADDRESS = int(os.environ.get("EW_PASSWORD_RESET_MAILS_PER_ADDRESS", "3"))
EW_PASSWORD_RESET_MAILS_PER_IP = int(os.environ.get("EW_PASSWORD_RESET_MAILS_PER_IP", "10"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the source folders, so a DEBUG-off demo needs no
# collectstatic step; production serves the hashed, compressed files collectstatic wrote.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security. In production the site is served over TLS behind a proxy (docs/deployment.md).
SESSION_COOKIE_HTTPONLY = True
# The absolute limit of a sign-in (8 hours), enforced from the moment of login whatever the activity, and
# an idle limit besides it (accounts.middleware.SessionLimitsMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", str(8 * 3600)))
EW_SESSION_IDLE_MINUTES = int(os.environ.get("EW_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_BEHIND_TLS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses or networks (CIDR) of the reverse proxies whose X-Forwarded-For is believed, for lockout and
# audit (core.client_ip). Empty: the connecting address is the client, whatever a header says.
EW_TRUSTED_PROXIES = env_list("EW_TRUSTED_PROXIES", "")
# Browser features no page of ours uses are switched off for every response.
EW_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), serial=(), xr-spatial-tracking=()"
)
# Second factor (django-otp): required for every role except peer workers when on; on by default in
# production, off for the demo and tests. A municipality may require it of its peer workers too.
EW_REQUIRE_2FA = env_bool("EW_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Ervaringswerk"
# A wrong code makes the next try wait 1, 2, 4, 8 ... seconds (per device), so codes cannot be guessed.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys (django-otp-webauthn), an optional second factor next to the app: never instead of the password.
# The relying-party id is the host name the passkey is bound to (EW_WEBAUTHN_RP_ID, by default the host of
# the request, which ALLOWED_HOSTS already limits); changing it later makes every registered passkey stop
# working. The origins whose signatures count: EW_WEBAUTHN_ORIGINS, by default EW_SITE_URL's when it is
# https, else http://localhost:8000 (browsers refuse passkeys on an IP address such as 127.0.0.1).
EW_WEBAUTHN_RP_ID = os.environ.get("EW_WEBAUTHN_RP_ID", "")
OTP_WEBAUTHN_RP_NAME = os.environ.get("EW_WEBAUTHN_RP_NAME", "Ervaringswerk")
OTP_WEBAUTHN_RP_ID_CALLABLE = "ervaringswerk.accounts.passkeys.relying_party_id"
_SITE = urlsplit(os.environ.get("EW_SITE_URL", "http://127.0.0.1:8000"))
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "EW_WEBAUTHN_ORIGINS",
    f"https://{_SITE.netloc}" if _SITE.scheme == "https" else "http://localhost:8000",
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_TIMEOUT_SECONDS = 120

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# Brute-force protection on the login page (django-axes): lock a username+IP after 5 failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client address from the trusted proxies only (a forged X-Forwarded-For cannot dodge the lockout).
AXES_CLIENT_IP_CALLABLE = "ervaringswerk.core.client_ip.client_ip"

# A refused CSRF check answers in Dutch (a page) or as problem+json under /api/ (core.views.csrf_failure).
CSRF_FAILURE_VIEW = "ervaringswerk.core.views.csrf_failure"

REST_FRAMEWORK = {
    # Token first: an unauthenticated API call then gets 401 with a WWW-Authenticate header, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ervaringswerk.accounts.authentication.ApiTokenAuthentication",
        "ervaringswerk.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ervaringswerk.core.api.pagination.PageNumberPagination",
    # Every list: unknown query parameters refused, django-filter filters, ?ordering= (core.api.filters).
    "DEFAULT_FILTER_BACKENDS": [
        "ervaringswerk.core.api.filters.KnownParametersOnly",
        "ervaringswerk.core.api.filters.FilterBackend",
        "ervaringswerk.core.api.filters.OrderingFilter",
    ],
    "PAGE_SIZE": 50,
    # JSON only: form and multipart bodies cannot carry null or nested objects, and no client needs them.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ervaringswerk.core.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Personal API tokens (django-rest-knox with our own model): only a SHA-512 digest is stored; a token
# expires after EW_API_TOKEN_DAYS days (90 by default) and is never renewed by use.
EW_API_TOKEN_DAYS = int(os.environ.get("EW_API_TOKEN_DAYS", "90"))
EW_API_TOKEN_MAX_PER_USER = int(os.environ.get("EW_API_TOKEN_MAX_PER_USER", "10"))
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 - a model label, not a secret
# knox's own AuthToken is swapped out for ours, but its migrations would still create an unused table
# (with a key to accounts_user that blocks flushing the test database on PostgreSQL): no migrations for it.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=EW_API_TOKEN_DAYS),
    "TOKEN_PREFIX": "ew_",
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ervaringswerk API",
    "DESCRIPTION": "REST API for organising and deploying peer workers (ervaringsdeskundigen). "
    "Every response is scoped to the caller's municipality and role. Errors are application/problem+json.",
    "VERSION": "1.0.0",
    "GET_MOCK_REQUEST": "ervaringswerk.core.api.schema.mock_request",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ervaringswerk.core.api.schema.document_problem_responses",
        # API-Version on every response (NL API Design Rules, /core/version-header; .spectral.yaml)
        "ervaringswerk.core.api.schema_headers.document_version_header",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets used under the same field name in several resources get one clear name each.
    "ENUM_NAME_OVERRIDES": {
        "DeploymentKindEnum": "ervaringswerk.core.reference.DeploymentKind",
        "OrganisationKindEnum": "ervaringswerk.organisations.models.OrganisationKind",
        "PeerStatusEnum": "ervaringswerk.pool.constants.PeerStatus",
        "GoalStatusEnum": "ervaringswerk.pool.constants.GoalStatus",
        "RequestStatusEnum": "ervaringswerk.deployment.models.RequestStatus",
        "OfferStatusEnum": "ervaringswerk.deployment.models.OfferStatus",
        "WebhookEventKindEnum": "ervaringswerk.webhooks.models.EventKind",
    },
}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@ervaringswerk.invalid")
# SMTP (docs/deployment.md): DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and these.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
# Links in e-mails (invitations, notifications) start with this address.
EW_SITE_URL = os.environ.get("EW_SITE_URL", "http://127.0.0.1:8000")

# Structured JSON logs with a request id (config/logging.py, django-structlog).
from config.logging import configure as _configure_logging  # noqa: E402 - needs the values above

LOGGING = _configure_logging(
    level=os.environ.get("DJANGO_LOG_LEVEL", "WARNING"), fmt=os.environ.get("EW_LOG_FORMAT", "json")
)
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # an IP address is personal data: not in the logs
DJANGO_STRUCTLOG_CELERY_ENABLED = True  # a task's lines carry the request_id of the request that queued it
# Prometheus metrics at /metrics/ (core.views.metrics): closed unless a token or an address is configured.
EW_METRICS_TOKEN = os.environ.get("EW_METRICS_TOKEN", "")
EW_METRICS_ALLOWED_IPS = env_list("EW_METRICS_ALLOWED_IPS", "")

# Background work: Celery on Redis (config/celery.py). Eager (in-process, no worker) unless
# EW_TASKS_EAGER=0 or production: the embedded demo and ordinary tests need nothing else running.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env_bool("EW_TASKS_EAGER", not PRODUCTION)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # progress and results live in the job's own table (e.g. EvaluationReport)
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves it on the queue for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"ervaringswerk.monitoring.tasks.report_generate_task": {"queue": "reports"}}
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "EW_BEAT_SCHEDULE", str(BASE_DIR / "var" / "celerybeat-schedule")
)
# With Redis down a web request must not hang on publishing: fail fast, the job stays queued in the
# database and the beat's requeue picks it up (monitoring.tasks.reports_requeue).
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2.0, "socket_connect_timeout": 1.0}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
EW_WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("EW_WORKER_HEARTBEAT_MAX_AGE", "90"))

# Ervaringswerk's own settings.
EW_SMALL_NUMBER_THRESHOLD = int(os.environ.get("EW_SMALL_NUMBER_THRESHOLD", "5"))
EW_API_MAX_PAGE_SIZE = 500
# Webhooks (docs/api.md, "Gebeurtenissen (webhooks)"). Loopback targets (http allowed) only outside
# production, for the demo and the tests; private networks never, unless listed in ALLOWED_NETWORKS.
EW_WEBHOOK_ALLOW_LOOPBACK = env_bool("EW_WEBHOOK_ALLOW_LOOPBACK", not PRODUCTION)
EW_WEBHOOK_ALLOWED_NETWORKS = env_list("EW_WEBHOOK_ALLOWED_NETWORKS", "")
EW_WEBHOOK_CONNECT_TIMEOUT = float(os.environ.get("EW_WEBHOOK_CONNECT_TIMEOUT", "3"))
EW_WEBHOOK_READ_TIMEOUT = float(os.environ.get("EW_WEBHOOK_READ_TIMEOUT", "10"))
EW_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("EW_WEBHOOK_MAX_ATTEMPTS", "10"))
EW_WEBHOOK_BACKOFF_SECONDS = int(os.environ.get("EW_WEBHOOK_BACKOFF_SECONDS", "30"))
EW_WEBHOOK_LOG_DAYS = int(os.environ.get("EW_WEBHOOK_LOG_DAYS", "30"))
