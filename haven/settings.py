"""Haven's settings: every value comes from an environment variable (see docs/configuration.md)."""

import os
from pathlib import Path

import dj_database_url

from haven import bootstrap
from haven.envconfig import (
    ConfigError,
    email_config,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_phone,
    env_secret,
    env_str,
    webauthn_config,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = bootstrap.data_dir()

_secret = env_secret("HAVEN_SECRET_KEY", "HAVEN_SECRET_KEY_FILE", bootstrap.secret_key_file())
if _secret is None:
    raise ConfigError(
        "No secret key: set HAVEN_SECRET_KEY or HAVEN_SECRET_KEY_FILE, or run `haven init`"
    )
SECRET_KEY = _secret
HAVEN_ENCRYPTION_KEYS_FILE = bootstrap.encryption_keys_file()

DEBUG = env_bool("HAVEN_DEBUG", False)
ALLOWED_HOSTS = env_list("HAVEN_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

_database_url = env_str("HAVEN_DATABASE_URL", f"sqlite:///{DATA_DIR / 'haven.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
except ValueError as error:
    raise ConfigError(f"HAVEN_DATABASE_URL is not a usable database URL: {error}") from None
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Write-ahead logging: readers no longer wait for the one writer, and a commit (every audited
# read is one) syncs the log once instead of the rollback journal and the database (0.7 ms ->
# 0.2 ms here, 10 ms -> a few on a busy disk). synchronous=FULL keeps every committed event
# through a power cut. The -wal and -shm files beside the database belong to it.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "haven.core",
    "haven.accounts",
    "haven.audit",
    "haven.cases",
    "haven.crypto",
    "haven.law",
    "haven.corpus",
    "haven.screening",
    "haven.referrals",
    "haven.support",
    "haven.proceedings",
    "haven.htcds",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "haven.stats",
    "haven.business",
    "haven.diligence",
    "haven.api",
    "haven.drafts",
    "haven.languages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "haven.core.middleware.ContentSecurityPolicyMiddleware",
    "haven.core.middleware.DatabaseStatisticsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "haven.languages.preference.UserLanguageMiddleware",
    "haven.core.middleware.AbsoluteSessionLifetimeMiddleware",
    "haven.core.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "haven.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["haven.accounts.backends.UserWithOrganisationBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

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
                "haven.core.context_processors.haven",
                "haven.inbox.context_processors.waiting",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "haven.accounts.validators.RepetitionValidator"},
]

LANGUAGE_CODE = "en"
# The six UN languages, each named in itself (the switch lists them so: docs/languages.md).
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
# Each app keeps its own catalog in haven/<app>/locale/, found through INSTALLED_APPS, so
# LOCALE_PATHS stays empty. The cookie remembers the choice of anyone, signed in or not.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Privacy is a safety feature: cookies only over HTTPS (browsers treat localhost as secure),
# short idle sessions, strict headers.
SESSION_COOKIE_SECURE = env_bool("HAVEN_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_AGE = env_int("HAVEN_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = False  # IdleTimeoutMiddleware renews the age, at most once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("HAVEN_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("HAVEN_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("HAVEN_HSTS_PRELOAD", False)
X_FRAME_OPTIONS = "DENY"
HAVEN_BEHIND_TLS_PROXY = env_bool("HAVEN_BEHIND_TLS_PROXY", False)
if HAVEN_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

# Failed logins allowed per username, and per client address, within the window.
HAVEN_LOGIN_MAX_FAILURES = env_int("HAVEN_LOGIN_MAX_FAILURES", 5, minimum=1)
HAVEN_LOGIN_MAX_FAILURES_PER_ADDRESS = env_int(
    "HAVEN_LOGIN_MAX_FAILURES_PER_ADDRESS", 20, minimum=1
)
HAVEN_LOGIN_WINDOW_SECONDS = env_int("HAVEN_LOGIN_WINDOW_SECONDS", 15 * 60, minimum=1)
HAVEN_INVITATION_DAYS = env_int("HAVEN_INVITATION_DAYS", 7, minimum=1)
# The hotline printed on the person's copy of their rights (docs/configuration.md); unset = none.
HAVEN_HOTLINE = env_phone("HAVEN_HOTLINE")
# Password reset (haven/accounts, docs/accounts.md): the e-mailed link's lifetime, and how many
# requests one e-mail address or one client address may make before each must wait.
PASSWORD_RESET_TIMEOUT = env_int("HAVEN_PASSWORD_RESET_SECONDS", 3600, minimum=60)
HAVEN_PASSWORD_RESET_MAX_PER_EMAIL = env_int("HAVEN_PASSWORD_RESET_MAX_PER_EMAIL", 3, minimum=1)
HAVEN_PASSWORD_RESET_MAX_PER_ADDRESS = env_int(
    "HAVEN_PASSWORD_RESET_MAX_PER_ADDRESS", 10, minimum=1
)
# Back-off (docs/security.md): per (username, address) from the first threshold, doubling from
# HAVEN_LOGIN_BACKOFF_SECONDS up to the cap; per account across addresses, capped low.
HAVEN_LOGIN_BACKOFF_SECONDS = env_int("HAVEN_LOGIN_BACKOFF_SECONDS", 30, minimum=1)
HAVEN_LOGIN_MAX_BACKOFF_SECONDS = env_int("HAVEN_LOGIN_MAX_BACKOFF_SECONDS", 3600, minimum=1)
HAVEN_LOGIN_ACCOUNT_FAILURES = env_int("HAVEN_LOGIN_ACCOUNT_FAILURES", 50, minimum=1)
HAVEN_LOGIN_ACCOUNT_MAX_DELAY_SECONDS = env_int(
    "HAVEN_LOGIN_ACCOUNT_MAX_DELAY_SECONDS", 60, minimum=1
)
# However active, a session ends this long after sign-in.
HAVEN_SESSION_ABSOLUTE_SECONDS = env_int("HAVEN_SESSION_ABSOLUTE_SECONDS", 10 * 3600, minimum=60)

# The second factor (django-otp, docs/security.md): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "Haven"

_email = email_config(DATA_DIR)
EMAIL_BACKEND = _email.backend
HAVEN_EMAIL_ENABLED = _email.enabled
EMAIL_FILE_PATH = _email.file_path
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
DEFAULT_FROM_EMAIL = _email.from_address
# Security keys (WebAuthn): bound to this host; unset, the request's host (docs/security.md).
HAVEN_WEBAUTHN = webauthn_config()
# Notifications (docs/inbox.md) link to the home page at this address.
HAVEN_EMAIL_SITE_URL = env_str("HAVEN_EMAIL_SITE_URL", "http://127.0.0.1:8000")
if not HAVEN_EMAIL_SITE_URL.startswith(("https://", "http://")):
    raise ConfigError(f"HAVEN_EMAIL_SITE_URL must be an http(s) address: {HAVEN_EMAIL_SITE_URL!r}")

# Statistics (docs/statistics.md): the smallest count shown outside the organisation (CTDC k),
# the rounding base (1: none), and the legal basis for counting persons in shared figures.
HAVEN_STATS_K = env_int("HAVEN_STATS_K", 11, minimum=2)
HAVEN_STATS_ROUNDING = env_int("HAVEN_STATS_ROUNDING", 1, minimum=1)
HAVEN_STATS_LEGAL_BASIS = env_choice("HAVEN_STATS_LEGAL_BASIS", "consent", ["consent", "statutory"])
# Seconds exact figures may be kept between views while nothing is written (haven.stats.cache).
HAVEN_STATS_CACHE_SECONDS = env_int("HAVEN_STATS_CACHE_SECONDS", 0, minimum=0)

LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("HAVEN_LOG_LEVEL", "INFO", LOG_LEVELS)},
}

# Background jobs (docs/jobs.md): django-tasks, with the database as the embedded default (no
# other server for `make run`) and Redis through RQ for scale.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "haven.jobs"]
INSTALLED_APPS += ["haven.inbox"]  # what waits for each user, and its e-mails (docs/inbox.md)
HAVEN_TASKS_BACKEND = env_choice("HAVEN_TASKS_BACKEND", "database", ["database", "redis"])
HAVEN_REDIS_URL = env_str("HAVEN_REDIS_URL", "redis://127.0.0.1:6379/0")
HAVEN_JOB_OUTPUT_HOURS = env_int("HAVEN_JOB_OUTPUT_HOURS", 24, minimum=1)
TASKS: dict[str, dict[str, object]] = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_QUEUES = {"default": {"URL": HAVEN_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
if HAVEN_TASKS_BACKEND == "redis":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default"],
        }
    }

# Layering: haven.core depends on no domain app; it finds the domain's parts by these names.
HAVEN_HOME_FIGURES = "haven.cases.stats.case_counts_for"  # user -> the home page's figures
HAVEN_HOME_QUEUES = "haven.inbox.queues.home_queues"  # user -> what waits for them
HAVEN_INIT_STEPS = ["haven.law.actions.do_load_builtin_jurisdictions"]  # `haven init` runs them

# Signed audit checkpoints (docs/security.md): the Ed25519 signing key lives outside the data
# directory and the database; the verifying key may be published.
# Both optional (env_str refuses an empty default): unset means "no checkpoints configured".
HAVEN_AUDIT_SIGNING_KEY_FILE = os.environ.get("HAVEN_AUDIT_SIGNING_KEY_FILE", "").strip()
HAVEN_AUDIT_VERIFYING_KEY = os.environ.get("HAVEN_AUDIT_VERIFYING_KEY", "").strip()
# Sealing the audit chain (docs/audit.md): after each commit in the process ("inline"), by a
# task for `haven worker` ("queue"), or only by `haven audit seal`/`verify` ("off").
HAVEN_AUDIT_SEAL = env_choice("HAVEN_AUDIT_SEAL", "inline", ["inline", "queue", "off"])
HAVEN_AUDIT_UNSEALED_MINUTES = env_int("HAVEN_AUDIT_UNSEALED_MINUTES", 10, minimum=1)

# API rate limits (docs/api.md): counted where every worker sees them. Redis when HAVEN_REDIS_URL
# is set, otherwise the database (no other server for `make run`).
HAVEN_API_RATE_STORE = env_choice(
    "HAVEN_API_RATE_STORE",
    "redis" if "HAVEN_REDIS_URL" in os.environ else "database",
    ["database", "redis"],
)

# More than one server (docs/corpus.md): how often a process looks for index changes made by
# other instances before answering a search, and how long the outbox keeps them.
HAVEN_CORPUS_CATCH_UP_MS = env_int("HAVEN_CORPUS_CATCH_UP_MS", 1000, minimum=0)
HAVEN_CORPUS_OUTBOX_DAYS = env_int("HAVEN_CORPUS_OUTBOX_DAYS", 30, minimum=1)
