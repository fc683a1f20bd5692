"""Settings of the ANTQ portal, read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)

# The key below is public; it exists so a developer can start the portal without a .env.
# With DEBUG off the portal refuses to start on it (see the check at the end of this file).
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-antq-portal-development-key-do-not-use"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_celery_beat",
    "import_export",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "organizations",
    "directives",
    "models_registry",
    "safety_ratings",
    "reporting",
    "printing",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation asks, so that it sees the final response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "antq_portal.urls"
WSGI_APPLICATION = "antq_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organizations.context_processors.navigation",
                "reporting.context_processors.notification_bell",
            ],
        },
    },
]

# The embedded default is SQLite in var/, so `make run` needs no database server;
# `make test` and production set DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'antq.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles large plans for a few hundred milliseconds, more than the
    # short page queries it would speed up (measured on the register's search).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

# Shared between web and workers (heartbeat, later dashboard figures): Redis when there is
# one, otherwise a file cache that every local process can read.
CACHES = {
    "default": env.cache(
        "CACHE_URL",
        default=(REDIS_URL if REDIS_URL else f"filecache://{VAR_DIR / 'cache'}"),
    )
}
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="antq")
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX

AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
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

# Repeated failed logins are throttled per user name and address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers as the province writes them: "3.321" and "94,75".
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["antq_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")

# Official PDFs: the address printed in QR codes, the folder of signing keys (<name>.p12 and
# <name>.pass, never in the database or the repository) and the pinned trust roots that
# verification accepts (not the operating system's store).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
PRINTING_KEYS_DIR = env.path("PRINTING_KEYS_DIR", default=VAR_DIR / "keys")
PRINTING_TRUST_ROOTS = env.list(
    "PRINTING_TRUST_ROOTS", default=[str(VAR_DIR / "keys" / "ca.pem")]
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# E-mail: SMTP in production; locally a file outbox (var/outbox) that staff can read.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "outbox")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cổng ANTQ <khongtraloi@antq.local>")

# Celery: Redis in production and tests; with no REDIS_URL (the embedded `make run`) a
# filesystem broker under var/ so reminders still work without any server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem"):
    FILESYSTEM_QUEUE_DIR = VAR_DIR / "celery" / "queue"
    FILESYSTEM_PROCESSED_DIR = VAR_DIR / "celery" / "processed"
    # Broadcast (pidbox) exchanges; kombu would otherwise write them to ./control.
    FILESYSTEM_CONTROL_DIR = VAR_DIR / "celery" / "control"
    # The filesystem transport expects its folders to exist before web or worker use them.
    for folder in (FILESYSTEM_QUEUE_DIR, FILESYSTEM_PROCESSED_DIR, FILESYSTEM_CONTROL_DIR):
        folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(FILESYSTEM_QUEUE_DIR),
        "data_folder_out": str(FILESYSTEM_QUEUE_DIR),
        "processed_folder": str(FILESYSTEM_PROCESSED_DIR),
        "control_folder": str(FILESYSTEM_CONTROL_DIR),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = env.str(
    "CELERY_BEAT_SCHEDULER", default="django_celery_beat.schedulers:DatabaseScheduler"
)
HEARTBEAT_INTERVAL_SECONDS = env.float("HEARTBEAT_INTERVAL_SECONDS", default=60.0)
# /healthz reports the heartbeat as stale past this age.
HEARTBEAT_MAX_AGE_SECONDS = env.float("HEARTBEAT_MAX_AGE_SECONDS", default=300.0)
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "organizations.tasks.heartbeat_task",
        "schedule": HEARTBEAT_INTERVAL_SECONDS,
    },
    "directives-extend-recurring-deadlines": {
        "task": "directives.tasks.task_occurrences_extend_task",
        "schedule": crontab(minute=30, hour=1, day_of_month=1),
    },
    "reporting-extend-periods": {
        "task": "reporting.tasks.periods_extend_task",
        "schedule": crontab(minute=45, hour=1, day_of_month=1),
    },
    # Morning, so a reminder reaches people at the start of their working day.
    "reporting-reminders-sweep": {
        "task": "reporting.tasks.reminders_sweep_task",
        "schedule": crontab(minute=0, hour=7),
    },
    # Pending e-mails (a failed SMTP send) are retried every ten minutes.
    "reporting-outbox-send": {
        "task": "reporting.tasks.outbox_send_task",
        "schedule": crontab(minute="*/10"),
    },
    "reporting-weekly-digest": {
        "task": "reporting.tasks.digest_send_task",
        "schedule": crontab(minute=30, hour=7, day_of_week=1),
    },
}

# Content Security Policy: every asset is served by the portal itself (no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools report every render step at INFO; keep their warnings only.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for the operator's domain, set through the environment.
    "security.W021",
    # SQLite (the embedded default) cannot make NULL deadlines distinct-free in a unique
    # constraint; PostgreSQL enforces it, and the services check before inserting anyway.
    "models.W047",
]

if not DEBUG and SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set: the portal refuses to run with DEBUG off on the "
        "public development key. Set DJANGO_SECRET_KEY (see .env.example)."
    )
