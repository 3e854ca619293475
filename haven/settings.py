"""Haven's settings: every value comes from an environment variable (see docs/configuration.md)."""

from pathlib import Path

import dj_database_url

from haven import bootstrap
from haven.envconfig import (
    ConfigError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
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
    "haven.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "haven.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
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
]

LANGUAGE_CODE = "en"
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
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_AGE = env_int("HAVEN_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("HAVEN_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("HAVEN_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
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

LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("HAVEN_LOG_LEVEL", "INFO", LOG_LEVELS)},
}
