"""Brobygger settings: one file, driven by environment variables.

Debug is off unless asked for: ``make demo``, ``make run``, ``make check`` and the test
suite set ``BROBYGGER_DEBUG=1``. Production sets ``SECRET_KEY``, ``DATABASE_URL``,
``ALLOWED_HOSTS`` and the email variables, and a forgotten variable fails loudly instead of
running in debug. See docs/deploy.md.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/brobygger
REPO_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("BROBYGGER_DEBUG", default=False)
TESTING = env_bool("BROBYGGER_TESTING", default=False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-use-in-production")
else:
    SECRET_KEY = env_str("SECRET_KEY")
    if not SECRET_KEY:  # required in production: fail loudly, never fall back
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs SECRET_KEY (docs/deploy.md); "
            "for development set BROBYGGER_DEBUG=1 (the Makefile does)."
        )
# Old keys still accepted after a rotation (sessions, signed links, two-factor secrets).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("BROBYGGER_SITE_URL", "http://127.0.0.1:8000")

DATA_DIR = Path(env_str("BROBYGGER_DATA_DIR", str(REPO_DIR / "data")))

INSTALLED_APPS = [
    "brobygger.core",
    "brobygger.people",
    "brobygger.programs",
    "brobygger.gatherings",
    "brobygger.applications",
    "brobygger.matching",
    "brobygger.pairs",
    "brobygger.surveys",
    "brobygger.privacy",
    "brobygger.api",
    "brobygger.coordination",
    "brobygger.company",
    "brobygger.demo",
    "brobygger.core.admin_site.NetworkAdminConfig",  # django.contrib.admin, network admins only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # outside WhiteNoise, so static files get the Permissions-Policy header too
    "brobygger.core.middleware.PrivateResponsesMiddleware",
    "brobygger.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "brobygger.core.middleware.PreferredLanguageMiddleware",
    "brobygger.core.middleware.RefuseNulBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "brobygger.people.middleware.CoordinatorMfaMiddleware",
]

ROOT_URLCONF = "brobygger.config.urls"
WSGI_APPLICATION = "brobygger.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "brobygger.core.context_processors.site",
                "brobygger.core.navigation.navigation",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'brobygger.sqlite3'}"),
        # persistent connections: a new PostgreSQL connection costs ~6 ms a request; the
        # health check replaces one the server closed (docs/deploy.md)
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a web server and a worker: a transaction takes the write lock when it
    # begins (IMMEDIATE), so two writers queue instead of one failing half-way with
    # "database is locked"; a writer waits up to 20 s (busy timeout); readers never block
    # the writer (WAL). See docs/deploy.md.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds sign-in rate limits, wrong-code counts and the two-factor replay guard, so
# every worker process of a site must share it: Redis when BROBYGGER_CACHE_URL names one
# (redis://host:6379/0), else files in the data directory (all workers on one host). In
# development and tests: memory.
CACHE_URL = env_str("BROBYGGER_CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL or not DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://") or str(DATA_DIR / "cache"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def env_rate(name: str, default: str) -> str:
    """A rate limit such as ``120/m``: requests per second, minute, hour or day (s, m, h, d;
    ``100/5m`` is 100 per five minutes)."""
    rate = env_str(name, default).strip()
    count, _slash, period = rate.partition("/")
    every, unit = period[:-1] or "1", period[-1:]
    numbers = count.isdigit() and every.isdigit() and int(count) * int(every) > 0
    if not numbers or unit not in {"s", "m", "h", "d"}:
        raise ImproperlyConfigured(f"{name} must be a rate such as '120/m', not {rate!r}.")
    return rate


# The REST API's rate limits (docs/api.md), counted in the cache above: per token, and per
# client address for requests without a token (GET /api/v1/programmes).
BROBYGGER_API_RATE_TOKEN = env_rate("BROBYGGER_API_RATE_TOKEN", "120/m")
BROBYGGER_API_RATE_ANON = env_rate("BROBYGGER_API_RATE_ANON", "60/m")

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "programs:home"

# django-allauth: email is the login; a one-time code by email needs no password.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Brobygger] "
ACCOUNT_ADAPTER = "brobygger.people.adapters.AccountAdapter"
# Security notices by email: password or address changed, two-factor turned on or off.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, made explicit: repeated failures are throttled. The "key" of a
    # failed sign-in is the account *and* the client address (people/adapters.py): five
    # wrong passwords lock that address out of that account, never the person herself.
    "login_failed": "10/m/ip,5/5m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "confirm_email": "1/3m/key",
    "signup": "20/m/ip",
}

# Two-factor authentication: a passkey or an authenticator app (TOTP), with recovery codes.
# Anyone may turn it on from her profile. Coordinators and administrators see many people's
# personal data: when BROBYGGER_COORDINATOR_MFA is "required" (the default unless debugging)
# they are sent to set it up before anything else (people/middleware.py). "optional" leaves it
# to them.
BROBYGGER_COORDINATOR_MFA = env_str(
    "BROBYGGER_COORDINATOR_MFA", "optional" if DEBUG else "required"
).lower()
if BROBYGGER_COORDINATOR_MFA not in {"required", "optional"}:
    raise ImproperlyConfigured("BROBYGGER_COORDINATOR_MFA must be 'required' or 'optional'.")
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_ADAPTER = "brobygger.people.adapters.MfaAdapter"  # secrets encrypted at rest, QR without style
# Passkeys (WebAuthn): one tap with Face ID, a fingerprint or the screen lock signs her in,
# no password and no code; the phone checked it was her, so it counts as both factors. Every
# passkey added here is one (resident key, user verification required: people/forms.py).
# Nobody signs up with a passkey: people join by applying.
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_PASSKEY_SIGNUP_ENABLED = False
# WebAuthn checks that the page's origin is the site's https:// address (or http://localhost).
# Django's test client calls itself http://testserver: only in development and tests is the
# origin taken on trust. Never in production (BROBYGGER_DEBUG=0, tests not running).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or TESTING
MFA_TOTP_TOLERANCE = 1  # a code from the previous or next 30 seconds (clock drift); never twice
# After the second step, she may trust this browser for 30 days: it then signs her in without
# it. The signed cookie holds a fingerprint of her password and authenticators, so a new
# password, a new app, a passkey added or removed or new recovery codes end every trust at
# once (allauth.mfa).
MFA_TRUST_ENABLED = True
MFA_TRUST_COOKIE_AGE = dt.timedelta(days=30)
MFA_TRUST_COOKIE_NAME = "brobygger_trusted_browser"
MFA_FORMS = {
    "activate_totp": "brobygger.people.forms.ActivateTotpForm",
    "authenticate": "brobygger.people.forms.MfaAuthenticateForm",
    "reauthenticate": "brobygger.people.forms.MfaReauthenticateForm",
    "add_webauthn": "brobygger.people.forms.AddPasskeyForm",
    "login_webauthn": "brobygger.people.forms.PasskeyLoginForm",
    "reauthenticate_webauthn": "brobygger.people.forms.PasskeyReauthenticateForm",
}

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
# dates through the built-in `date` filter and named formats: config/formats/<language>/formats.py
FORMAT_MODULE_PATH = "brobygger.config.formats"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("BROBYGGER_STATIC_ROOT", str(REPO_DIR / "staticfiles")))
# Materials (the handbook, slides): private files, served only through a view that checks
# who may see them. In the data directory by default; S3-compatible storage in production
# (docs/deploy.md): install the ``s3`` extra (``uv sync --frozen --no-dev --extra s3``), set
# BROBYGGER_MATERIALS_STORAGE to "storages.backends.s3.S3Storage", the bucket in
# AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_LOCATION as
# needed); boto3 reads the keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) itself.
MATERIALS_STORAGE = env_str(
    "BROBYGGER_MATERIALS_STORAGE", "django.core.files.storage.FileSystemStorage"
)
MATERIALS_MAX_BYTES = 20 * 1024 * 1024
MATERIALS_FILE_TYPES = (".pdf", ".docx", ".pptx", ".xlsx", ".odt", ".odp", ".png", ".jpg", ".txt")


def materials_storage_options(backend: str) -> dict[str, object]:
    """The ``OPTIONS`` of ``STORAGES["materials"]`` for ``backend``, from the environment."""
    if backend.endswith("FileSystemStorage"):
        # no base_url: a file has no URL of its own; the view streams it
        return {"location": str(DATA_DIR / "materials"), "base_url": None}
    if not backend.startswith("storages.backends.s3"):
        return {}  # another backend reads its own settings
    # django-storages reads the bucket, endpoint and region from Django's settings, not from
    # the environment: pass them on here. A forgotten extra or bucket fails loudly at start.
    if importlib.util.find_spec("storages") is None or importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured(
            "BROBYGGER_MATERIALS_STORAGE asks for S3, but django-storages is not installed: "
            "uv sync --frozen --no-dev --extra s3 (docs/deploy.md)."
        )
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured(
            "BROBYGGER_MATERIALS_STORAGE asks for S3, but AWS_STORAGE_BUCKET_NAME is not set."
        )
    return {
        "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "location": env_str("AWS_LOCATION"),  # a key prefix inside the bucket, if shared
        # The bucket stays private: no per-object ACL (the bucket's own policy holds; buckets
        # with ACLs disabled, R2 and MinIO refuse or ignore one), and any URL the storage
        # could make is signed. The app never hands one out: the view streams the file.
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "materials": {
        "BACKEND": MATERIALS_STORAGE,
        "OPTIONS": materials_storage_options(MATERIALS_STORAGE),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: console in development, locmem in tests (set by the test runner), SMTP in production.
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    "brobygger.core.console_email.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Brobygger <noreply@brobygger.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: Django's tasks framework. The database backend needs no extra
# service (`make worker` runs `db_worker`); tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "BROBYGGER_TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}
# The worker (``manage.py worker``) also runs the scheduled jobs at their times (see
# ``core.scheduler``). 0 for deployments where cron or systemd timers run the commands.
BROBYGGER_SCHEDULER = env_bool("BROBYGGER_SCHEDULER", True)

# Content Security Policy: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# What the browser may use on our pages: nothing but passkeys (WebAuthn) on our own origin.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(self), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-create=(self), publickey-credentials-get=(self), usb=()"
)
# The largest request the site reads (bytes): a spreadsheet import fits many times over;
# beyond it the answer is 413 before the body is read (docs/deploy.md).
BROBYGGER_MAX_REQUEST_BYTES = env_int("BROBYGGER_MAX_REQUEST_BYTES", 10 * 1024 * 1024)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("BROBYGGER_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the proxy's own check may come over plain http
    # Trusted only when the deployment says a proxy in front sets it (and strips a client's
    # own): otherwise anyone could claim https.
    if env_bool("BROBYGGER_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # __Host- cookies: only over https, only for this exact host, path / (no subdomain can
    # set or shadow them).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
    MFA_TRUST_COOKIE_NAME = "__Host-trusted_browser"
    SECURE_HSTS_SECONDS = env_int("BROBYGGER_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BROBYGGER_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

BROBYGGER_NETWORK_NAME = env_str("BROBYGGER_NETWORK_NAME", "Bølge – kvinner i tech (demo)")
MFA_TOTP_ISSUER = BROBYGGER_NETWORK_NAME  # how authenticator apps name the account
