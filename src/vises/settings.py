"""
The one settings module of VISES. Every option comes from the environment, with safe
defaults for a laptop; README.md lists them.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("VISES_DATA_DIR", Path.cwd() / "data")).resolve()


def _secret_key() -> str:
    """Use SECRET_KEY from the environment, or one generated once and kept in DATA_DIR."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# The CSRF token lives in the session: respondents get no cookie but the session's.
CSRF_USE_SESSIONS = True
# Django's database sessions, each write one statement (vises/sessions.py).
SESSION_ENGINE = "vises.sessions"
CSRF_FAILURE_VIEW = "vises.surveys.respond_views.csrf_failure"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Behind a TLS-terminating proxy, set SECURE_PROXY=true so cookies are sent over HTTPS only.
# These are the production settings: `vises check --deploy` reports nothing with them.
if envbool("SECURE_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    # The proxy usually sends plain HTTP to HTTPS itself; should it not, the app does.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    # Browsers that once reached the site over HTTPS never try plain HTTP again, nor on
    # the site's own subdomains (those of its host name, not of the parent domain).
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Entering the browsers' preload list binds every host of the whole domain for
        # months and is decided by the domain's owner on hstspreload.org, not by an app's
        # default: SECURE_HSTS_PRELOAD=true once they have.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "vises.accounts",
    "vises.access",
    "vises.networks",
    "vises.demo",
    "vises.frameworks",
    "vises.evaluations",
    "vises.indicators",
    "vises.surveys",
    "vises.interpretation",
    "vises.qualitative",
    "vises.reports",
    "vises.backups",
    "vises.twofactor",
    "vises.audit",
    "django_tasks",
    "django_tasks_db",
    "vises.worker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vises.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vises.access.memo.AccessMemoMiddleware",
    "vises.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "vises.twofactor.middleware.TwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vises.urls"
WSGI_APPLICATION = "vises.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vises.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'vises.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Autosaves and several gunicorn workers write at once: take the write lock when a
    # transaction starts rather than failing half-way, wait for it rather than erroring,
    # and let readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "vises.accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Sign-in throttling: after AXES_FAILURE_LIMIT failures for one address from one client,
# that pair is locked out for AXES_COOLOFF_MINUTES. Attempts live in the database, so
# every app server sees the same count.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind proxies every request comes from the nearest proxy's address: the client's is the
# one that proxy added to X-Forwarded-For. VISES_PROXY_COUNT says how many proxies stand in
# front (1 by default with SECURE_PROXY), so addresses a client writes itself are ignored.
VISES_PROXY_COUNT = envint("VISES_PROXY_COUNT", 1 if envbool("SECURE_PROXY", False) else 0)
AXES_CLIENT_IP_CALLABLE = "vises.accounts.throttling.client_address"
AXES_USERNAME_CALLABLE = "vises.accounts.throttling.attempted_email"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Keep failed attempts only: no log of every successful sign-in with its address.
AXES_DISABLE_ACCESS_LOG = True

# Two-factor sign-in (codes of an authenticator app, with single-use recovery codes) is open
# to everyone. Network admins and platform staff must use it while VISES_REQUIRE_TWO_FACTOR
# is on, as it is by default; `make run` turns it off for the demo, whose printed logins sign
# in with a password alone. A network may require it of its coaches and enterprise admins.
VISES_REQUIRE_TWO_FACTOR = envbool("VISES_REQUIRE_TWO_FACTOR", True)
OTP_TOTP_ISSUER = "VISES"
# The platform admin may remove a person's device (a lost phone), never read its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Password-reset e-mails one address may receive in an hour.
PASSWORD_RESETS_PER_HOUR = envint("PASSWORD_RESETS_PER_HOUR", 3)

INVITATION_VALID_DAYS = envint("INVITATION_VALID_DAYS", 14)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files (evidence) go through the storage API and are served only by views that
# check access: there is deliberately no MEDIA_URL serving them publicly.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

# A cache every app server and worker shares, for what is costly to make and the same for
# everyone (drawn charts, keyed by their data): a folder beside the data by default, or any
# Django cache backend (VISES_CACHE_BACKEND, e.g. django.core.cache.backends.db.DatabaseCache
# with its table made by `vises createcachetable`, and VISES_CACHE_LOCATION).
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "VISES_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("VISES_CACHE_LOCATION", str(DATA_DIR / "cache")),
        "TIMEOUT": envint("VISES_CACHE_SECONDS", 30 * 24 * 3600),
        "OPTIONS": {"MAX_ENTRIES": envint("VISES_CACHE_MAX_ENTRIES", 20000)},
    }
}

# Figures broken down into groups, shown outside the enterprise team or to interpretation
# guests, hide groups of fewer respondents than this. It can be raised, never lowered
# below 5.
VISES_SMALL_GROUP_MINIMUM = max(5, envint("VISES_SMALL_GROUP_MINIMUM", 5))

# A network's figures across enterprises show nothing from fewer enterprises or
# respondents than these (they can be raised, never lowered), nor a figure one enterprise
# holds more than this share of (in percent, between 50 and 100).
VISES_AGGREGATE_MIN_ENTERPRISES = max(3, envint("VISES_AGGREGATE_MIN_ENTERPRISES", 3))
VISES_AGGREGATE_MIN_RESPONDENTS = max(5, envint("VISES_AGGREGATE_MIN_RESPONDENTS", 5))
VISES_AGGREGATE_DOMINANCE = min(100, max(50, envint("VISES_AGGREGATE_DOMINANCE_PERCENT", 80)))

# The largest file an import accepts (a framework in YAML...), in megabytes: parsing a file
# takes time in a web request, and the default framework holds 0.2 MB.
VISES_IMPORT_MAX_BYTES = envint("VISES_IMPORT_MAX_MB", 2) * 1024 * 1024
# The largest file of responses or indicator values (CSV or XLSX) an import accepts, in
# megabytes: 20 MB hold some 60,000 responses to 25 questions written out as labels,
# more written as codes. Responses are imported in the background, as a stream.
VISES_DATA_IMPORT_MAX_BYTES = envint("VISES_DATA_IMPORT_MAX_MB", 20) * 1024 * 1024

# Background work (report files, e-mails, daily jobs) is queued in the database and done by
# `vises worker` processes beside the app servers (`vises serve` starts one). With
# VISES_TASKS=immediate it runs inside the request instead, as the tests do.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("VISES_TASKS", "database")]}}
# A task that fails is tried this many times in all, waiting VISES_TASK_RETRY_DELAY seconds
# between tries, before it is shown as failed with its reason.
VISES_TASK_ATTEMPTS = max(1, envint("VISES_TASK_ATTEMPTS", 3))
VISES_TASK_RETRY_DELAY = envint("VISES_TASK_RETRY_DELAY", 10)
# A task still running after this many seconds is taken for lost (its worker was killed or
# its machine stopped) and queued again: keep it well above the longest render.
VISES_TASK_TIMEOUT = envint("VISES_TASK_TIMEOUT", 15 * 60)
# Jobs the workers queue once a day, at or after the local time given ("HH:MM"), whatever
# the number of workers: the dotted path of a task, then its time. Add yours here.
VISES_DAILY_JOBS = {
    "vises.worker.housekeeping.forget_finished_tasks": "03:00",
    "vises.networks.reminders.run_reminders": "08:00",
    "vises.evaluations.retention.run_retention": "02:00",
}
# Finished tasks (their arguments hold e-mail addresses) are forgotten after this many days.
VISES_TASK_RESULTS_DAYS = envint("VISES_TASK_RESULTS_DAYS", 7)

# The largest recording (audio or video of an interview) the team may keep beside a
# transcript, in megabytes; an hour of speech in MP3 is some 60 MB.
VISES_RECORDING_MAX_BYTES = envint("VISES_RECORDING_MAX_MB", 200) * 1024 * 1024

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "VISES <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # WeasyPrint warns about every SVG presentation attribute of a chart it draws anyway.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
