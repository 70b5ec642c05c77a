from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Technical error pages (tracebacks, URL lists, settings) only when a developer asks for them with DEBUG=true:
# the demo (./ops/up) and every deployment show the Vietnamese 404/403/500 pages of templates/.
DEBUG = env.bool("DEBUG", default=False)
# A development key only; the production layer refuses to start without SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-qlvb")

# Hosts: the province's public host (console for Sở TT&TT) and one host per agency below BASE_DOMAIN.
# *.localhost resolves to loopback in browsers and curl, so the demo needs no /etc/hosts edits.
BASE_DOMAIN = env.str("BASE_DOMAIN", default="localhost")
PUBLIC_HOSTS = env.list("PUBLIC_HOSTS", default=[BASE_DOMAIN, "127.0.0.1"])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[BASE_DOMAIN, f".{BASE_DOMAIN}", "127.0.0.1"])
SITE_URL_SCHEME = env.str("SITE_URL_SCHEME", default="http")
SITE_PORT = env.int("SITE_PORT", default=8000)


def database(url_variable: str, default: str) -> dict:
    """The database named by ``url_variable``, through django-tenants' backend. JIT compilation is off: it
    costs 100-200 ms on the lists' counts and never pays back on the short queries of this application."""
    config = env.db(url_variable, default=default)
    config["ENGINE"] = "django_tenants.postgresql_backend"
    config["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return config


DATABASES = {"default": database("DATABASE_URL", "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb")}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---- tenancy (docs/tenancy.md) -------------------------------------------------------------
TENANT_MODEL = "tenants.Agency"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# Every new agency schema is a copy of this one; the roll-out keeps it migrated.
TENANT_TEMPLATE_SCHEMA = env.str("TENANT_TEMPLATE_SCHEMA", default="agency_template")
# Set search_path once per connection and tenant switch, not before every query (half the round trips of a
# registration were these SETs). django-tenants forgets the cached path on rollback and on set_tenant.
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_URLCONF = "province.urls_public"
ROOT_URLCONF = "province.urls_tenant"

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "province.accounts",
    "province.directory",
    "province.console",
    "province.demo",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.admin",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "csp",
    "apps.core",
    "apps.workdays.public",
    "ocr",
]
# Per-agency apps; sessions too, so a session made on one agency's host means nothing on another's.
TENANT_APPS = [
    "django.contrib.sessions",
    "apps.people",
    "apps.audit",
    "apps.notifications",
    "apps.registers",
    "apps.documents",
    "apps.outgoing",
    "apps.workdays",
    "apps.direction",
]
INSTALLED_APPS = list(SHARED_APPS) + [a for a in TENANT_APPS if a not in SHARED_APPS]

# Functions that give a new agency its own defaults, called in order by tenants.services.provision_agency.
AGENCY_DEFAULTS = ["apps.people.defaults.create_defaults", "apps.registers.defaults.create_defaults"]
# Makes a user the new agency's administrator (called in the agency's schema): tenants sits below the apps, so
# the people app's service is named here rather than imported.
AGENCY_FIRST_ADMIN = "apps.people.services.ensure_first_admin"

MIDDLEWARE = [
    "tenants.middleware.AgencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.security.PolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.security.PrivateAnswersMiddleware",
    "province.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tenants.middleware.SuspendedAgencyMiddleware",
    "apps.people.middleware.MembershipMiddleware",
    "apps.core.middleware.RejectControlCharactersMiddleware",
    "axes.middleware.AxesMiddleware",
]

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
                "apps.core.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "province.wsgi.application"

# ---- people and login ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.people.backends.MembershipBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Argon2id at the OWASP cheat sheet's parameters (province/accounts/hashers.py, docs/security.md); PBKDF2 second, so
# that hashes stored before the switch still verify and are rehashed with Argon2id at the person's next login.
PASSWORD_HASHERS = [
    "province.accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Throttling: after AXES_FAILURE_LIMIT failures for one username from one address, wait AXES_COOLOFF_MINUTES.
# The address is the client's as our own proxies saw it (province.accounts.throttling): behind the shipped nginx
# TRUSTED_PROXY_COUNT is 1 (ansible sets it); 0 when gunicorn faces the browsers itself (the demo).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "province.accounts.throttling.client_address"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# No axes screens in the Django admin (English only, and nothing to do there: locks end after the cool-off;
# manage.py axes_reset_username lifts one at once).
AXES_ENABLE_ADMIN = False

# A password reset link (sent from the province console) works once, for this long.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_HOURS", default=24) * 3600

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
CSRF_COOKIE_HTTPONLY = False

# ---- browser security (docs/security.md) -----------------------------------------------------
# Every page: scripts and styles from our own origin only (no inline script, style or on*= handler, no eval:
# htmx is configured in templates/base.html to work without them), no plugins, never framed. Bootstrap's CSS
# draws a few icons as data: SVG images. Stored files carry their own stricter policy (apps/documents/serving.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Third-party pages whose templates carry inline styles (never inline scripts): Django's admin, the API docs
# (Swagger UI, its script served as a file by SpectacularSwaggerSplitView).
CSP_INLINE_STYLE_PREFIXES = ["/admin/", "/api/docs/"]

# ---- language and time ---------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Vietnamese habits: dates dd/mm/yyyy in both languages (apps/core/formats).
FORMAT_MODULE_PATH = "apps.core.formats"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# ---- static files: front-end libraries come from npm at set-up, never a CDN ----------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules/bootstrap-icons/font"),
    ("vendor/chart.js", BASE_DIR / "node_modules/chart.js/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    # pdf.js (the file viewer, apps/core/viewer.py): the library and its worker, its JavaScript decoders (wasm/, used
    # without WebAssembly), character maps and the standard fonts' data; not its legacy build, viewer or types.
    ("vendor/pdfjs/build", BASE_DIR / "node_modules/pdfjs-dist/build"),
    ("vendor/pdfjs/wasm", BASE_DIR / "node_modules/pdfjs-dist/wasm"),
    ("vendor/pdfjs/cmaps", BASE_DIR / "node_modules/pdfjs-dist/cmaps"),
    ("vendor/pdfjs/standard_fonts", BASE_DIR / "node_modules/pdfjs-dist/standard_fonts"),
    ("vendor/tom-select", BASE_DIR / "node_modules/tom-select/dist"),
    BASE_DIR / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Development serves static files straight from the finders; production serves collectstatic's output.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Largest file accepted into a document (intake refuses bigger ones with a clear message).
MAX_UPLOAD_MB = env.int("MAX_UPLOAD_MB", default=50)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# ---- services ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Cache keys carry the schema so one agency never reads another's cached values.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic work: a public dispatcher that fans out one task per agency (docs/tenancy.md).
CELERY_BEAT_SCHEDULE = {
    # Due-soon and overdue reminders, every working morning before office hours (Vietnam time).
    "direction-reminders": {
        "task": "apps.direction.tasks.remind_everywhere",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
        "options": {"queue": "periodic"},
    },
    # Files whose intake worker died, or stored before the chain existed, are queued again (apps/documents/intake.py).
    "documents-sweep-intake": {
        "task": "apps.documents.tasks.sweep_intake_everywhere",
        "schedule": 600.0,
        "options": {"queue": "periodic"},
    },
    # Each agency's watched folder (a network scanner's drop), every minute (apps/documents/bulk.py).
    "documents-watch-folders": {
        "task": "apps.documents.tasks.import_watched_folders_everywhere",
        "schedule": 60.0,
        "options": {"queue": "periodic"},
    },
    "registers-expire-exports": {
        "task": "apps.registers.tasks.expire_exports_everywhere",
        "schedule": 3600.0,
        "options": {"queue": "periodic"},
    },
}
# Printed registers: how long a printout made in the background is kept for the person who asked for it.
REGISTER_EXPORT_KEEP_HOURS = env.int("REGISTER_EXPORT_KEEP_HOURS", default=24)
# Mail (password help from the console) goes through an SMTP server; ./ops/up starts a local one (aiosmtpd)
# that keeps every message in .run/mail/ instead of delivering it.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=8025)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="QLVB&ĐH <no-reply@localhost>")
# Each agency's watched folder for scans is INTAKE_WATCH_ROOT/<schema>/ (apps/documents/bulk.py).
INTAKE_WATCH_ROOT = env.str("INTAKE_WATCH_ROOT", default=str(BASE_DIR / ".run" / "watch"))
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default=str(BASE_DIR / ".run" / "clamd.sock"))

# ---- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["province.api_filters.FilterBackend"],
    "EXCEPTION_HANDLER": "province.restapi.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "QLVB&ĐH API",
    "DESCRIPTION": "REST API of the province's document management and work-direction system (per agency host).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request and response components apart, so that a request states its constraints (minLength, writeOnly).
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents its error answers, in one shape, and what each media type of a request body
    # carries (province.restapi, province.api_schema).
    # One stable, meaningful name for each choice set that shares a field name with another.
    "ENUM_NAME_OVERRIDES": {
        "SecrecyEnum": "apps.registers.models.Secrecy",
        "RegisterKindEnum": "apps.registers.models.Register.Kind",
        "HandlingStatusEnum": "apps.documents.models.IncomingDocument.Status",
        "DraftStateEnum": "apps.outgoing.models.drafts.Draft.State",
        "WorkStateEnum": "apps.direction.models.State",
        "NoteKindEnum": "apps.direction.models.Note.Kind",
        "PreferenceKindEnum": "apps.direction.models.Preference.Kind",
        "DayKindEnum": "apps.workdays.models.DayKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "province.api_schema.split_request_bodies",
        "province.api_schema.document_errors",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # weasyprint logs every page it lays out: kept out of the logs, read by the printed registers' progress.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "INFO", "propagate": False}},
}
