"""Settings for Passerelle, read from the environment (see README, "Settings").

Defaults are safe for production: DEBUG is off and SECRET_KEY must be given.
`make run` turns DEBUG on for local use.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.env import (
    env_bool,
    env_int,
    env_list,
    env_site_url,
    env_str,
    parse_cache_url,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY to a long random "
            "value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The search vector field that search's first migrations name (the index that
    # replaced it is plain tables); harmless on SQLite.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    # After modeltranslation: history tables are built once the translated fields
    # exist (portal.history).
    "simple_history",
    # Organizations and memberships imported from CSV or Excel (organizations.imports);
    # import only: the portal's pages have their own exports.
    "import_export",
    "axes",
    # The queue of background work (TASKS below) and its worker, `manage.py db_worker`.
    "django_tasks_db",
    "portal",
    "accounts",
    "api",
    "organizations",
    "agreements",
    "events",
    "search",
    "members",
    "partners",
    "demo",
]

MIDDLEWARE = [
    # First, so that every answer and every log line carries the request's id, and
    # the request log times and records the whole answer (portal.request_log).
    "portal.request_id.RequestIdMiddleware",
    "portal.request_log.RequestLogMiddleware",
    # /health/ and /health/ready/, before the HTTPS redirect, the host check and the
    # page cache (portal.health says why).
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' pages from the cache (portal.page_cache), stored as the
    # compression middleware below made them.
    "portal.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Admin addresses with control characters (400) or non-ASCII digits (404).
    "portal.admin_input.AdminInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.viewer: the audience (anonymous, member, staff, administrator) pages
    # and querysets of every app filter by.
    "accounts.middleware.ViewerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user as the author of each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into a 429 page.
    "axes.middleware.AxesMiddleware",
]

# Accounts: members and association staff sign in on the site; staff and
# administrators also in the admin. django-axes checks every attempt first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 60 * 60, minimum=60)

# Login throttling: after AXES_FAILURE_LIMIT failed attempts for one username from
# one address, both are locked out for AXES_COOLOFF_TIME — the right password
# included — and answered 429. The failures are counted in the default cache, shared
# by every server when CACHE_URL names a Redis: a count per digest of the username and
# address, gone with the cool-off, and no row in the database for anyone to keep.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True
# The cache handler writes none of axes' tables, so the admin would list them empty;
# `manage.py axes_reset_ip_username ADDRESS USERNAME` lifts a lockout.
AXES_ENABLE_ADMIN = False

# Admin notices live in the session: no cookie beyond session and CSRF.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Email (password resets): printed on the console unless an SMTP server is set.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587, minimum=1),
                "username": env_str("EMAIL_HOST_USER") or None,
                "password": env_str("EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
                "timeout": env_int("EMAIL_TIMEOUT", 10, minimum=1),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Passerelle <no-reply@passerelle.invalid>"

# Background work (django.tasks): every email is a task. In production the tasks wait
# in the database until `manage.py db_worker` runs them, so no response waits on SMTP.
# TASKS_IMMEDIATE=1 runs each task inside the request instead; it is the default with
# DEBUG on (`make run`), where the console prints the email at once and no worker runs.
if env_bool("TASKS_IMMEDIATE", default=DEBUG):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The site's address, for the links of emails sent outside a request (the reminders of
# `manage.py send_reminders`): SITE_URL, else https:// and the first of ALLOWED_HOSTS
# (http://localhost:8000 with DEBUG on). Empty when neither says it: reminders then
# refuse to go out rather than send links to nowhere.
_named_hosts = [host.lstrip(".") for host in ALLOWED_HOSTS if "*" not in host]
SITE_URL = env_site_url(
    "SITE_URL",
    "http://localhost:8000" if DEBUG else (f"https://{_named_hosts[0]}" if _named_hosts else ""),
)
del _named_hosts

# Who answers for personal information (Québec's Law 25), named on the privacy page.
PRIVACY_OFFICER_NAME = env_str("PRIVACY_OFFICER_NAME") or ""
PRIVACY_OFFICER_TITLE = env_str("PRIVACY_OFFICER_TITLE") or ""
PRIVACY_OFFICER_EMAIL = env_str("PRIVACY_OFFICER_EMAIL") or ""

# Imports in the admin (portal.admin_base.imports): CSV and Excel (the formats are
# set there), in one transaction that writes nothing if a row fails; uploads up to
# 2 MB (thousands of rows).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_MAX_UPLOAD_SIZE = 2 * 1024 * 1024
# The upload waits for its confirmation in the database, which every app server shares.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "portal.import_storage.DatabaseStorage"

# History: the admin's history pages list who changed what; reverting needs the
# change permission on the record.
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = False

# Security headers and cookies. The portal has no inline script or style and no
# third-party resource, and the admin needs none either, so the policy is strict
# everywhere; a script that must be inline carries nonce="{{ csp_nonce }}".
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Production answers plain HTTP with a redirect to HTTPS; turn it off when a proxy
# in front already redirects. The test suite runs with DEBUG off over the test
# client's plain HTTP and sets it off (Makefile).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Trust X-Forwarded-Proto only when a proxy in front of Django sets it (and strips
# it from clients); trusting it otherwise lets anyone pretend to be on HTTPS.
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if not DEBUG:
    # Browsers only send HSTS-protected requests over HTTPS for a year, on every
    # subdomain; the header is only sent on HTTPS responses.
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure,
    # has Path=/ and no Domain, so a sibling subdomain cannot plant or shadow it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Preloading is a promise to the browsers' lists that is slow to take back, for
# the owner of the whole domain to make; the check that asks for it is silenced.
# django-axes' own warning that local memory cannot count failures for several
# processes is passerelle.W001's (portal/checks.py), raised where it matters: by
# check --deploy. `make run` and the tests are one process, where local memory counts
# right.
SILENCED_SYSTEM_CHECKS = ["security.W021", "axes.W001"]
SESSION_COOKIE_HTTPONLY = True
# No script on the site or in the admin reads the CSRF token from the cookie (forms
# carry it in a hidden field), so scripts need not see it at all.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL") or "sqlite:///db.sqlite3", base_dir=BASE_DIR
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Web requests' queries are cancelled after this long (portal.statement_timeout);
# management commands have no limit. 0: no limit.
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 5000, minimum=0)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # An unreachable server fails a connection in seconds, not after the system's TCP
    # timeout of minutes (a readiness check included); a URL's ?connect_timeout= wins.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the development server read while a management command writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# The cache: local memory in each process by default; CACHE_URL=redis://host:6379/1
# shares one Redis between every server (the page cache, its content version, the
# API's anonymous limit and the sign-in lockouts then count once for the fleet).
CACHES = {"default": parse_cache_url(env_str("CACHE_URL"))}
# How long an anonymous page stays in the cache at most; a write retires it sooner
# (portal.page_cache). 0 turns the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600, minimum=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalization: English and French are equals.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE") or "America/Toronto"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
# A text missing in one language is shown in the other rather than left blank.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "fr"), "fr": ("en",), "en": ("fr",)}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.static_storage.MinifiedCompressedManifestStorage"
        )
    },
}

# Logs go to standard error, as readable text by default or one JSON object a line
# with LOG_FORMAT=json (portal.request_log); each record carries its request's id.
LOG_FORMAT = (env_str("LOG_FORMAT") or "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "portal.request_id.RequestIdFilter"},
        # The private calendar's token, in Django's 404 and 500 lines (portal.request_log).
        "secret_paths": {"()": "portal.request_log.SecretPathFilter"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "portal.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {
        # django-axes logs every sign-in at INFO; failures and lockouts are warnings.
        "axes": {"level": "WARNING"},
        # One line per request. In text, gunicorn's access log has that line already
        # (gunicorn.conf.py), with the request id; in JSON it is this one.
        "portal.requests": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
}

# The read-only JSON API (/api/v1/, documented at /<lang>/api/).
API_ANON_RATE = env_str("API_ANON_RATE") or "120/minute"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Requests are told apart by address: REMOTE_ADDR, unless API_NUM_PROXIES proxies
    # in front add X-Forwarded-For (a client could send its own otherwise).
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0, minimum=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Passerelle API",
    "DESCRIPTION": (
        "Read-only data of Passerelle: organizations, agreements with their parties and "
        "benefits, events, event series, member benefits and sectors."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"DatePrecisionEnum": "portal.dates.DatePrecision"},
}
