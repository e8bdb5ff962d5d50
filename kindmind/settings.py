"""kindmind's one settings module, read from the environment.

Every variable is listed in README.md ("Configuration"). A value we cannot use stops
start-up with a message naming it (see kindmind.lib.env).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from kindmind.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent

# Where the embedded default keeps its SQLite file and generated secret key.
DATA_DIR = Path(env_str("KINDMIND_DATA_DIR") or Path.cwd() / "data").resolve()
# The language module's built encoder graph (kindmind/language/encoder.py) lives beside the
# data unless the deployer says otherwise: the service's home may not be writable.
os.environ.setdefault("KINDMIND_CACHE_DIR", str(DATA_DIR / "cache"))

DEBUG = env_bool("KINDMIND_DEBUG", False)

# The address people reach kindmind at. It decides the allowed host, the origin that
# CSRF trusts, the links in emails and, when it is https, the production protections.
SITE_ROOT = env_str("KINDMIND_SITE_ROOT", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_ROOT)
if _site.scheme not in ("http", "https") or not _site.hostname:
    raise ImproperlyConfigured(f"KINDMIND_SITE_ROOT must be an http(s) address, not {SITE_ROOT!r}.")
HTTPS = _site.scheme == "https"
SITE_NAME = "kindmind"

ALLOWED_HOSTS = env_list("KINDMIND_ALLOWED_HOSTS", [_site.hostname, "127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = [SITE_ROOT]

# Databases: SQLite in the data directory unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL")
_SQLITE_OPTIONS = {
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
    # the start of a transaction, so two workers never deadlock on a lock upgrade; the
    # timeout makes a busy writer wait instead of failing. secure_delete overwrites what a
    # delete frees with zeros, so a deleted account's words do not linger in free pages
    # of the file (docs/decisions/0009-deletion.md).
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
# Each server thread keeps its database connection between requests (a minute at most,
# checked before reuse), on SQLite as on PostgreSQL. Opening a SQLite connection for every
# request, running the PRAGMAs above and closing it again (which can checkpoint the WAL)
# cost about 2 ms of CPU a request: more than a signed-in /healthz does in all.
_CONN_MAX_AGE = 60
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(
            DATABASE_URL, conn_max_age=_CONN_MAX_AGE, conn_health_checks=True
        )
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database address we know: {exc}"
        ) from None
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db["OPTIONS"] = {**_SQLITE_OPTIONS, **_db.get("OPTIONS", {})}
    DATABASES = {"default": _db}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "kindmind.sqlite3"),
            "OPTIONS": _SQLITE_OPTIONS,
            "CONN_MAX_AGE": _CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests get a file, never Django's shared in-memory database: the browser tests' live
    # server answers several requests at once, each in its own thread, and an in-memory
    # database would make them all share one connection (savepoints then cross, and a
    # test fails one run in a few). A file gives every thread its own connection, as
    # gunicorn's workers have in production. The test runner creates and removes it.
    _live = Path(str(DATABASES["default"]["NAME"] or "kindmind.sqlite3"))
    _folder = _live.parent if _live.is_absolute() else DATA_DIR
    DATABASES["default"]["TEST"] = {"NAME": str(_folder / f"test-{_live.name}")}
EMBEDDED = not DATABASE_URL
if EMBEDDED:
    # First run: the embedded default makes its own home, readable by kindmind's own user
    # only, whatever the umask: the folder 0700, the database and its WAL and shared-memory
    # files 0600. SQLite gives the -wal and -shm files the database file's own mode, so
    # creating that file (empty is a valid database) with 0600 covers all three.
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    DATA_DIR.chmod(0o700)
    _database = Path(DATABASES["default"]["NAME"])
    if _database.parent == DATA_DIR:
        os.close(os.open(_database, os.O_CREAT | os.O_WRONLY, 0o600))
        for _file in DATA_DIR.glob(f"{_database.name}*"):
            _file.chmod(0o600)


def _secret_key() -> str:
    key = env_str("KINDMIND_SECRET_KEY")
    if key:
        return key
    key_file = env_str("KINDMIND_SECRET_KEY_FILE")
    if key_file:
        return Path(key_file).read_text().strip()
    if DEBUG or EMBEDDED:
        # The embedded default keeps a generated key beside its database, so a restart
        # does not sign everybody out.
        path = DATA_DIR / "secret_key"
        if not path.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()
    raise ImproperlyConfigured(
        "KINDMIND_SECRET_KEY (or KINDMIND_SECRET_KEY_FILE) is required when DATABASE_URL is set."
    )


SECRET_KEY = _secret_key()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    # Not django.contrib.sessions: sessions live in accounts.Session (kindmind.lib.sessions).
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "kindmind.accounts",
    "kindmind.front",
    "kindmind.clinic",
    "kindmind.checkins",
    "kindmind.learn",
    "kindmind.practice",
    "kindmind.safety",
    "kindmind.measures",
    "kindmind.critic",
    "kindmind.quickhelp",
    "kindmind.reminders",
    "kindmind.report",
    "kindmind.course",
    "kindmind.formulation",
    "kindmind.casenotes",
    "kindmind.homework",
    "kindmind.drafts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, reading the person with the session's own query (kindmind.lib.sessions).
    "kindmind.accounts.middleware.AuthenticationMiddleware",
    "kindmind.accounts.middleware.TimezoneMiddleware",
    # After the session middleware in this list, so it answers before the session is saved.
    "kindmind.accounts.middleware.SessionRefreshMiddleware",
    # A signed-in person's pages are never cached (Cache-Control: no-store).
    "kindmind.lib.private.PrivatePagesMiddleware",
    # Before any view or the CSRF check reads a form: refuses a character set we cannot read.
    "kindmind.lib.charset.FormCharsetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees every failed sign-in the views report.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kindmind.urls"
WSGI_APPLICATION = "kindmind.wsgi.application"

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
            ],
        },
    }
]

# Forms render with our own field template (kindmind/templates/django/forms/field.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading a signed-in person's account on each request with
    # SQL that needs no building (kindmind/accounts/backends.py says why).
    "kindmind.accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:signin"
LOGIN_REDIRECT_URL = "front:today"
LOGOUT_REDIRECT_URL = "accounts:signin"
# A reset link works for one hour: long enough to find the email, short enough that an
# old email left in an inbox cannot open the account (the emails and pages say so).
PASSWORD_RESET_TIMEOUT = 60 * 60

# Sign-in throttling (django-axes): after this many failures for one email address from
# one network address, that pair waits out the cool-off; attempts are kept in the
# database, so every worker sees them.
AXES_FAILURE_LIMIT = env_int("KINDMIND_SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("KINDMIND_SIGNIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Behind a reverse proxy, say which header carries the client's address.
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("KINDMIND_CLIENT_IP_HEADERS", ["REMOTE_ADDR"])
# Password spraying: one network address trying a few passwords on many addresses stays
# under the limit above for each. After this many failed sign-ins from one network
# address, whatever the addresses tried, sign-in from there pauses for the same cool-off.
# Higher than the per-address limit, so that a clinic behind one address is not stopped
# by a few people's mistyped passwords (kindmind.accounts.views.LoginView).
SIGNIN_NETWORK_FAILURE_LIMIT = env_int("KINDMIND_SIGNIN_NETWORK_FAILURE_LIMIT", 30, minimum=1)

# Rate limits on the forms that send email or touch other people's accounts: (per email
# address or account, per network address) in each RATE_LIMIT_WINDOW_MINUTES. Counted in
# the cache below, which every worker shares (kindmind.lib.ratelimit).
RATE_LIMIT_WINDOW_MINUTES = env_int("KINDMIND_RATE_LIMIT_WINDOW_MINUTES", 60, minimum=1)
RATE_LIMITS = {
    "signup": (
        env_int("KINDMIND_SIGNUP_LIMIT_PER_ADDRESS", 5, minimum=1),
        env_int("KINDMIND_SIGNUP_LIMIT_PER_NETWORK", 20, minimum=1),
    ),
    "password_reset": (
        env_int("KINDMIND_RESET_LIMIT_PER_ADDRESS", 3, minimum=1),
        env_int("KINDMIND_RESET_LIMIT_PER_NETWORK", 20, minimum=1),
    ),
    "signup_link_again": (
        env_int("KINDMIND_SIGNUP_LINK_LIMIT_PER_ADDRESS", 3, minimum=1),
        env_int("KINDMIND_SIGNUP_LINK_LIMIT_PER_NETWORK", 20, minimum=1),
    ),
    "sharing": (
        env_int("KINDMIND_SHARING_LIMIT_PER_ACCOUNT", 20, minimum=1),
        env_int("KINDMIND_SHARING_LIMIT_PER_NETWORK", 60, minimum=1),
    ),
    # Invitations a clinician sends by email, per clinician and per network address.
    "invitation_send": (
        env_int("KINDMIND_INVITATION_LIMIT_PER_CLINICIAN", 30, minimum=1),
        env_int("KINDMIND_INVITATION_LIMIT_PER_NETWORK", 60, minimum=1),
    ),
    # Invitation codes looked up (typed, or opened as a link), per account (or, signed
    # out, per network address) and per network address: guessing a code is hopeless
    # at this pace (kindmind.accounts.invitations).
    "invitation_code": (
        env_int("KINDMIND_INVITATION_CODE_LIMIT_PER_ACCOUNT", 20, minimum=1),
        env_int("KINDMIND_INVITATION_CODE_LIMIT_PER_NETWORK", 60, minimum=1),
    ),
    # Password tries on "Delete my account": a stolen session alone cannot guess its way
    # to deleting someone's account.
    "delete_account": (
        env_int("KINDMIND_DELETE_LIMIT_PER_ACCOUNT", 5, minimum=1),
        env_int("KINDMIND_DELETE_LIMIT_PER_NETWORK", 20, minimum=1),
    ),
    # Group codes typed on the course's Join page: nobody can guess their way into a
    # group (a code is one of about 850 billion).
    "course_join": (10, 30),
}
# Django's database cache: shared by every worker on SQLite and on PostgreSQL, with no
# other service to run. Its table is made by a migration (accounts 0003).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kindmind_cache",
    },
    # A person's pages as last drawn, kept until anything is written
    # (kindmind.lib.pagecache). In each worker's own memory, never in the database or on
    # disk: they hold decrypted words. At most 300 pages (about 15 MB) a worker, each for
    # at most 5 minutes.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kindmind-pages",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
# KINDMIND_PAGE_CACHE=0 draws every page afresh (for measuring what a first visit costs).
KINDMIND_PAGE_CACHE = env_bool("KINDMIND_PAGE_CACHE", True)
# The record of sign-ins (email address, network address, browser) is kept this many
# days, then removed by `kindmind housekeeping`, which `kindmind serve` runs every hour.
SIGNIN_LOG_DAYS = env_int("KINDMIND_SIGNIN_LOG_DAYS", 30, minimum=1)

# When a person deletes their account, what becomes of the notes a clinician they shared
# with wrote about them: "keep" (the clinician's own record, which they are usually
# obliged to keep) or "delete". Applies once clinicians' session notes exist (issue 15);
# why "keep" is the default: docs/decisions/0009-deletion.md.
DELETION_CLINICIAN_NOTES = env_str("KINDMIND_DELETION_CLINICIAN_NOTES", "keep").lower()
if DELETION_CLINICIAN_NOTES not in ("keep", "delete"):
    raise ImproperlyConfigured(
        "KINDMIND_DELETION_CLINICIAN_NOTES must be keep or delete, "
        f"not {DELETION_CLINICIAN_NOTES!r}."
    )

# Sessions end after this many minutes without a request.
SESSION_IDLE_MINUTES = env_int("KINDMIND_SESSION_IDLE_MINUTES", 60, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Not on every request: kindmind.accounts.middleware.SessionRefreshMiddleware moves the
# expiry forward at most once a minute.
SESSION_SAVE_EVERY_REQUEST = False
# Database sessions, their data encrypted with the key ring: a session can hold words a
# person typed (kindmind.lib.sessions).
SESSION_ENGINE = "kindmind.lib.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Crisis services: a deployer's own file (same shape as kindmind/safety/data/
# crisis_services.json), and the country shown to people who have not chosen one.
CRISIS_SERVICES_FILE = Path(
    env_str("KINDMIND_CRISIS_SERVICES") or DATA_DIR / "crisis_services.json"
)
DEFAULT_COUNTRY = env_str("KINDMIND_DEFAULT_COUNTRY").upper()

# The timezone for people who have not chosen one yet.
TIME_ZONE = env_str("KINDMIND_TIME_ZONE", "UTC")

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collectstatic (development, tests), WhiteNoise serves from the apps directly.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Email: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("KINDMIND_EMAIL_HOST")
EMAIL_PORT = env_int("KINDMIND_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("KINDMIND_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("KINDMIND_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KINDMIND_EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("KINDMIND_EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("KINDMIND_FROM_EMAIL", f"kindmind <noreply@{_site.hostname}>")
# Sign-up confirms the address by email before signing anyone in, so that a new address
# and a taken one get the same "Check your email" answer (docs/decisions/0006). Only
# where a mail server is set up: with console email nobody could ever confirm.
SIGNUP_CONFIRMS_BY_EMAIL = env_bool("KINDMIND_SIGNUP_CONFIRM_EMAIL", bool(EMAIL_HOST))
# A sign-up link works for a day; an older one offers to send a new one.
SIGNUP_CONFIRM_TIMEOUT = 24 * 60 * 60
# Whether sign-up offers "I am a clinician": off, clinicians' accounts are made with
# `kindmind createuser --clinician`. A deployer who turns it on trusts whoever signs up
# to say so truthfully (a clinician sees only what a person chooses to share with them).
CLINICIANS_MAY_SIGN_UP = env_bool("KINDMIND_CLINICIAN_SIGNUP", False)
# A clinician's invitation (emailed link or code given in person) works once, for a week:
# long enough to reach the next session, short enough that a forgotten one lapses.
INVITATION_DAYS = 7

# Security headers. HSTS and secure cookies only when kindmind is reached over https,
# so the embedded default still works on http://127.0.0.1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "kindmind.front.views.csrf_failure"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("KINDMIND_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KINDMIND_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_SSL_REDIRECT = env_bool("KINDMIND_SSL_REDIRECT", False)
if env_bool("KINDMIND_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: scripts and styles only from our own files, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The service worker (/sw.js) and the web-app manifest: our own only.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Logs carry what happened and where (paths hold opaque ids only), never what a person
# wrote: no request bodies, no query strings, no form values.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "line": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        # The access log (kindmind.lib.accesslog): its lines carry their own time.
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "kindmind.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# The largest form a browser may send. Generous for long letters, small enough that a
# runaway upload cannot exhaust a worker.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
