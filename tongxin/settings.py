"""Tongxin settings: one module, driven by environment variables.

Every variable is read through the small typed helpers below, which fail loudly on a
bad value rather than guessing. The defaults are the embedded mode: SQLite under var/,
Huey on SQLite, a local-memory cache, no server to install. docs/operations.md lists
every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


VAR_DIR = Path(env_str("TONGXIN_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("TONGXIN_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # Embedded mode: a key kept in var/ so sessions survive restarts of the demo.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

# Keys for sealed data (core.sealed): what is sealed (misconduct reports, their
# reporters, their attachments) is encrypted with a key the database never holds.
# SEALED_KEYS: comma-separated Fernet keys, newest first (older ones still open what
# they sealed; `manage.py reseal` re-encrypts with the newest); or SEALED_KEY_FILE, one
# key a line, newest first. Neither set: embedded mode, a key generated once into
# var/sealed_key, which `check --deploy` refuses (a copy of var/ would hold both).
SEALED_KEYS = env_list("SEALED_KEYS", [])
SEALED_KEY_FILE = env_str("SEALED_KEY_FILE")
SEALED_KEYS_EMBEDDED = not SEALED_KEYS and not SEALED_KEY_FILE
if SEALED_KEY_FILE:
    SEALED_KEYS = [
        line.strip()
        for line in Path(SEALED_KEY_FILE).read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
elif SEALED_KEYS_EMBEDDED:
    sealed_file = VAR_DIR / "sealed_key"
    if not sealed_file.exists():
        import base64
        import secrets

        sealed_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        sealed_file.chmod(0o600)
    SEALED_KEYS = [sealed_file.read_text().strip()]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "ninja",
    "django_htmx",
    "treebeard",
    "rules.apps.AutodiscoverRulesConfig",
    "huey.contrib.djhuey",
    "tongxin.core",
    "tongxin.people",
    "tongxin.accounts",
    "tongxin.voice",
    "tongxin.hazards",
    "tongxin.grid",
    "tongxin.care",
    "tongxin.learning",
    "tongxin.patrol",
    "tongxin.integrity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for phones on a weak signal (issue #14); below WhiteNoise, which
    # serves the static files precompressed. Django's gzip pads each response with random
    # bytes against BREACH (the CSRF token is in every form).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tongxin.accounts.middleware.IdleTimeoutMiddleware",
    "tongxin.accounts.middleware.PasswordPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "tongxin.urls"
WSGI_APPLICATION = "tongxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tongxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tongxin.core.context_processors.navigation",
                "tongxin.accounts.context_processors.account_menu",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0)
        )
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str(
        "TEST_DATABASE_NAME", "tongxin_test"
    )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "tongxin.sqlite3")),
            "OPTIONS": {
                # WAL lets the web workers read while the task worker writes; the
                # busy timeout makes a writer wait for the lock instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background work ------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tongxin"),
        }
    }
    CACHES["ratelimit"] = CACHES["default"]
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env_str("HUEY_NAME", "tongxin"),
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Rate-limit counters must be shared by every worker process and every machine,
        # which a per-process memory cache is not (each gunicorn worker counted on its
        # own): without Redis they live in the database. The table is created after
        # every migrate (core.apps), so a fresh clone has it.
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tongxin_ratelimit",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": env_str("HUEY_NAME", "tongxin"),
        "filename": env_str("HUEY_SQLITE_PATH", str(VAR_DIR / "huey.sqlite3")),
        "immediate": False,
    }
HUEY["consumer"] = {"workers": env_int("HUEY_WORKERS", 2, minimum=1), "worker_type": "thread"}

# Parallel test processes (pytest-xdist sets PYTEST_XDIST_WORKER) each get a queue and
# cache keys of their own, as they each get a test database: a test that flushes the
# queue or counts sign-in attempts must not see its neighbour's.
TEST_WORKER = env_str("PYTEST_XDIST_WORKER")
if TEST_WORKER:
    HUEY["name"] = f"{HUEY['name']}-{TEST_WORKER}"
    if "filename" in HUEY:
        HUEY["filename"] = f"{HUEY['filename']}.{TEST_WORKER}"
    for _cache in CACHES.values():
        _cache["KEY_PREFIX"] = f"{_cache.get('KEY_PREFIX', '')}{TEST_WORKER}"

# --- Authentication, passwords, sessions (等保三级) -----------------------------
AUTH_USER_MODEL = "people.Person"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "tongxin.accounts.backends.PersonBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "tongxin.accounts.validators.LengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 8, minimum=8)},
    },
    {"NAME": "tongxin.accounts.validators.CharacterClassValidator"},
    {"NAME": "tongxin.accounts.validators.ChineseCommonPasswordValidator"},
    {"NAME": "tongxin.accounts.validators.NotEmployeeNumberValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    # One-time initial passwords are long random codes; a fast hash suffices and
    # lets an administrator issue thousands of them at once.
    "tongxin.accounts.hashers.InitialCodeHasher",
]
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90, minimum=0)  # 0 = never
SIGNIN_MAX_FAILURES = env_int("SIGNIN_MAX_FAILURES", 5, minimum=1)
SIGNIN_LOCK_MINUTES = env_int("SIGNIN_LOCK_MINUTES", 15, minimum=1)
# Failures from one address across all accounts before the address is paused: generous,
# since a mine's offices may sit behind one NAT address, but far below spraying.
SIGNIN_ADDRESS_MAX_FAILURES = env_int("SIGNIN_ADDRESS_MAX_FAILURES", 30, minimum=1)
# Distinct accounts failed from one address in a day that the admin lists as spraying.
SIGNIN_SPRAY_ACCOUNTS = env_int("SIGNIN_SPRAY_ACCOUNTS", 5, minimum=2)
SIGNIN_FAILURE_KEEP_DAYS = env_int("SIGNIN_FAILURE_KEEP_DAYS", 7, minimum=1)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Off by default so the embedded demo works over plain http on 127.0.0.1; production
# behind TLS sets SECURE_COOKIES=true (docs/operations.md).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365, minimum=180)

# --- Production hardening (manage.py check --deploy) ---------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Intranet host names cannot be on the browsers' public HSTS preload list.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# How many reverse proxies in front of the platform append to X-Forwarded-For; the
# client address used for sign-in locks is read from there only when this is set.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Language and time ---------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "tongxin" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# frontend/build.mjs copies the npm packages' files here; nothing is fetched at run time.
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist", BASE_DIR / "tongxin" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ROSTER_MAX_UPLOAD_MB = env_int("ROSTER_MAX_UPLOAD_MB", 50, minimum=1)
# Rosters with more rows than this are checked and applied by the task worker, with
# progress on the page; smaller ones are handled within the request.
ROSTER_BACKGROUND_ROWS = env_int("ROSTER_BACKGROUND_ROWS", 2000, minimum=1)

# --- Logging: to stderr, structured enough for journald / a log shipper -------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
NINJA_PAGINATION_PER_PAGE = 50

# --- Photos, worker voice ---------------------------------------------------------
PHOTO_MAX_UPLOAD_MB = env_int("PHOTO_MAX_UPLOAD_MB", 8, minimum=1)
PHOTO_MAX_COUNT = env_int("PHOTO_MAX_COUNT", 6, minimum=1)
# A phone photo is 12 to 24 megapixels (50 MP sensors save 12 MP by default); anything
# above this is refused from its header before it is decoded (decompression bombs).
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 40_000_000, minimum=1_000_000)
# Files in one request, whatever the form (an inspection carries photos per item):
# Django refuses the request beyond this before any view reads the files.
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("UPLOAD_MAX_FILES", 24, minimum=1)
# Anonymous submissions and receipt look-ups per client address per window. The
# address itself is never stored: the counter's key is a keyed hash of it that
# expires with the window (core.anonymous.ratelimit).
ANON_WINDOW_MINUTES = env_int("ANON_WINDOW_MINUTES", 10, minimum=1)
ANON_SUBMISSIONS_PER_WINDOW = env_int("ANON_SUBMISSIONS_PER_WINDOW", 5, minimum=1)
RECEIPT_LOOKUPS_PER_WINDOW = env_int("RECEIPT_LOOKUPS_PER_WINDOW", 20, minimum=1)
# A reply not rated within this many working days is closed by the sweep.
VOICE_AUTO_CLOSE_WORKDAYS = env_int("VOICE_AUTO_CLOSE_WORKDAYS", 7, minimum=1)
# Outgoing chat-robot webhooks: seconds before giving up on one delivery.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5, minimum=1)

# --- Integrity (misconduct reports) -------------------------------------------------
# A report is accepted or declined (the acknowledgement) within this many working days,
# and concluded within INTEGRITY_CONCLUDE_WORKDAYS of acceptance; past either, the level
# above is told and sees the report.
INTEGRITY_ACK_WORKDAYS = env_int("INTEGRITY_ACK_WORKDAYS", 15, minimum=1)
INTEGRITY_CONCLUDE_WORKDAYS = env_int("INTEGRITY_CONCLUDE_WORKDAYS", 60, minimum=1)
# Counts of reports below this are not shown on any dashboard (a count of one points
# at someone).
INTEGRITY_MIN_COUNT = env_int("INTEGRITY_MIN_COUNT", 5, minimum=2)
# A disclosure question answered within this many working days counts as on time.
INTEGRITY_ANSWER_WORKDAYS = env_int("INTEGRITY_ANSWER_WORKDAYS", 10, minimum=1)

# --- Hazards -------------------------------------------------------------------------
# Rectification deadlines by severity, in calendar days (mines work every day).
HAZARD_DEADLINE_DAYS = {
    "general": env_int("HAZARD_DAYS_GENERAL", 7, minimum=1),
    "larger": env_int("HAZARD_DAYS_LARGER", 3, minimum=1),
    "major": env_int("HAZARD_DAYS_MAJOR", 1, minimum=1),
}
# Who may re-check (复查验收) and close a hazard, by severity; never its rectifier.
# "reporter" the person who found it; "manager" whoever assigns it (heads and safety
# officers of its unit or above, leadership, administrators, its category's department);
# "safety_officer", "department_head", "leadership", "admin" holders of that role over
# its unit; "category_department" the head or safety officer of its category's
# department (hazards.CategoryDepartment). Read by hazards/access.py only.
HAZARD_RECHECK_ROLES = {
    "general": ["reporter", "manager"],
    "larger": ["safety_officer", "department_head", "category_department", "leadership"],
    "major": ["leadership"],
}

# --- Grid and care -------------------------------------------------------------------
# A Party member covering more workers than this is listed on the coverage page.
GRID_MAX_COVERED = env_int("GRID_MAX_COVERED", 8, minimum=1)
# The current month's grid report may be filed from this day of the month on.
GRID_REPORT_OPEN_DAY = env_int("GRID_REPORT_OPEN_DAY", 25, minimum=1)
# Monthly reports are on time when submitted by this day of the next month.
GRID_REPORT_DUE_DAY = env_int("GRID_REPORT_DUE_DAY", 5, minimum=1)
# Working days to hold the talk or visit after a life event is recorded (五必谈五必访).
GRID_EVENT_WORKDAYS = {
    "illness_injury": env_int("GRID_DAYS_ILLNESS", 3, minimum=1),
    "bereavement": env_int("GRID_DAYS_BEREAVEMENT", 2, minimum=1),
    "marriage_birth": env_int("GRID_DAYS_MARRIAGE_BIRTH", 5, minimum=1),
    "hardship": env_int("GRID_DAYS_HARDSHIP", 3, minimum=1),
    "conflict_discipline": env_int("GRID_DAYS_CONFLICT", 2, minimum=1),
}
# Days before a hardship file's yearly review that its keeper is reminded.
CARE_REVIEW_REMIND_DAYS = env_int("CARE_REVIEW_REMIND_DAYS", 14, minimum=1)
