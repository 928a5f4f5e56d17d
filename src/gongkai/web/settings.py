"""One settings module, driven by environment variables with safe defaults.

GONGKAI_DEBUG=1          debug pages (off unless asked; refused in production)
GONGKAI_SECRET_KEY       required in production (50 characters or more); a development key otherwise
DATABASE_URL             postgres://… selects PostgreSQL; default: SQLite in the project folder
GONGKAI_ALLOWED_HOSTS    comma-separated; default: localhost names
GONGKAI_DATA_DIR         where the SQLite file and uploads live; default: the project folder
GONGKAI_ATTACHMENT_MAX_BYTES   largest attachment of a catalogue item; default 20 MB
GONGKAI_ATTACHMENTS_PER_ITEM   most attachments one catalogue item may carry; default 20
GONGKAI_SITE_NAME        the site's name in every tab and the header; default an example (示例县…平台)
GONGKAI_SITE_SPONSOR     主办单位 in the footer; GONGKAI_SITE_CODE 网站标识码 (10 digits);
GONGKAI_SITE_ICP         ICP 备案号; GONGKAI_SITE_PSB 公安机关备案号: defaults are plain examples,
                         an empty value leaves its line out of the footer

GONGKAI_SQLITE_TIMEOUT   seconds a writer waits for another's transaction on SQLite; default 20
GONGKAI_LOG_DIR          where gongkai.log (rotated) is written; default var/log/ under the data folder
GONGKAI_LOG_LEVEL        the least level written to the console and the file; default INFO
GONGKAI_REDIS_URL        redis://… for the shared cache (throttling); default: a table in the database
GONGKAI_CLIENT_ADDRESS_HEADER   the header a trusted reverse proxy puts the client's address in
                         (X-Forwarded-For, X-Real-IP); default: none, REMOTE_ADDR is the client
GONGKAI_SITE_URL         the site's address in e-mails' links; default http://127.0.0.1:8000
E-mail (docs/deployment.md): EMAIL_HOST, EMAIL_PORT (25), EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
EMAIL_USE_TLS or EMAIL_USE_SSL (1), EMAIL_TIMEOUT (30 s), DEFAULT_FROM_EMAIL (the address; the name
                         shown is the agency's). Without EMAIL_HOST no mail leaves the machine: each is
                         kept in var/mail/ (EMAIL_FILE_PATH) and summed up on the worker's console
GONGKAI_HUEY_IMMEDIATE=1 run background tasks in the request instead of the worker (no run_huey)
GONGKAI_LIMIT_<NAME>     a limit of GONGKAI_LIMITS as attempts/seconds, e.g. GONGKAI_LIMIT_TRACK_ADDRESS=20/600
Production (docs/deployment.md):
GONGKAI_PRODUCTION=1     production mode: the server refuses to start without GONGKAI_SECRET_KEY and
                         GONGKAI_ALLOWED_HOSTS; static files from collectstatic (WhiteNoise); the demo
                         cannot be loaded. Set by default for anything served through gongkai.web.wsgi.
GONGKAI_HTTPS            1 (the default in production): redirect to HTTPS, cookies only over HTTPS, HSTS
GONGKAI_HSTS_SECONDS     default 31536000 (a year); GONGKAI_HSTS_PRELOAD=0 leaves out "preload"
GONGKAI_BEHIND_PROXY=1   a reverse proxy terminates HTTPS and sets X-Forwarded-Proto (and strips a
                         client's own); without it, behind such a proxy every form would answer 403
GONGKAI_CSRF_TRUSTED_ORIGINS   comma-separated origins (https://gk.example.gov.cn); default: https:// and
                         each allowed host, when HTTPS is on
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()  # lets admin and querysets take type parameters at run time

BASE_DIR = Path(__file__).resolve().parents[3]
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", BASE_DIR))


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = _flag("GONGKAI_DEBUG")
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "gongkai-development-key-not-for-production")
ALLOWED_HOSTS = _list("GONGKAI_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "testserver"]

# --- production mode (issue 13) ----------------------------------------------------------------
GONGKAI_PRODUCTION = _flag("GONGKAI_PRODUCTION")
if GONGKAI_PRODUCTION:
    _missing = [
        reason
        for reason, wrong in (
            (
                'GONGKAI_SECRET_KEY（至少50个字符的随机串，例如 python -c "import secrets; print(secrets.token_urlsafe(50))"）',
                len(os.environ.get("GONGKAI_SECRET_KEY", "")) < 50,
            ),
            ("GONGKAI_ALLOWED_HOSTS（网站的域名，逗号分隔）", not _list("GONGKAI_ALLOWED_HOSTS")),
            ("GONGKAI_DEBUG 须关闭（生产环境不得显示调试页面）", DEBUG),
        )
        if wrong
    ]
    if _missing:
        raise ImproperlyConfigured("生产模式（GONGKAI_PRODUCTION=1）无法启动，请设置：" + "；".join(_missing))

GONGKAI_HTTPS = _flag("GONGKAI_HTTPS", default=GONGKAI_PRODUCTION)
if GONGKAI_HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _flag("GONGKAI_HSTS_PRELOAD", default=True)
if _flag("GONGKAI_BEHIND_PROXY"):
    # Only behind a proxy that sets this header itself, dropping any the client sent.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = _list("GONGKAI_CSRF_TRUSTED_ORIGINS") or (
    [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"] if GONGKAI_HTTPS else []
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy: scripts, styles, fonts and pictures from this site only, no inline script
# or style anywhere (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# --- end of production mode ----------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # sitemap.xml of the public catalogue
    "ninja",  # serves the API docs page from its own static files (no CDN)
    "gongkai.core",
    "gongkai.agencies",
    "gongkai.applications",
    "gongkai.search",
    "gongkai.catalogue",
    "gongkai.registers",
    "gongkai.reports",
    "gongkai.oversight",
    "gongkai.demo",  # the demo data and `manage.py load_demo`; no app imports it
    "huey.contrib.djhuey",  # the background worker: `manage.py run_huey` (applications/tasks.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongkai.agencies.login_throttle.LoginThrottleMiddleware",  # 429 once log-ins failed too often
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.core.busy.BusyDatabaseMiddleware",  # a busy database: 503 with when to retry
]

ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.web.context_processors.workbench",
                "gongkai.web.identity.portal_identity",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}",
        conn_max_age=int(os.environ.get("GONGKAI_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people writing at once must queue, not fail. A deferred transaction reads first and
    # asks for the write lock later; SQLite then refuses the second writer at once (waiting could
    # deadlock) and the busy timeout never helps. BEGIN IMMEDIATE takes the write lock first, so a
    # second writer waits its turn for up to `timeout` seconds. WAL lets readers go on meanwhile
    # (an in-memory database stays in its own mode: the concurrency tests use a file).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("GONGKAI_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [Path(__file__).resolve().parent / "static"]
STATIC_ROOT = DATA_DIR / "static"
if GONGKAI_PRODUCTION:  # hashed, compressed copies made by collectstatic, cached for a year (WhiteNoise)
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
MEDIA_ROOT = DATA_DIR / "media"

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/work/"
LOGOUT_REDIRECT_URL = "/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "gongkai.web.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# The payment period of a fee notice does not count against the reply deadline
# (DOMAIN.md §2: unverified, so a setting).
GONGKAI_FEE_PERIOD_PAUSES_CLOCK = os.environ.get("GONGKAI_FEE_PERIOD_PAUSES_CLOCK", "1") != "0"

# The portal's identity (政府网站 标识): the site's name in every tab, and the footer's 主办单位,
# 网站标识码 and the ICP and 公安 备案 numbers. The defaults are examples, plainly so; a deployment
# sets its own. An empty value leaves its line out of the footer.
GONGKAI_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "示例县政府信息公开平台")
GONGKAI_SITE_SPONSOR = os.environ.get("GONGKAI_SITE_SPONSOR", "示例县人民政府办公室")
GONGKAI_SITE_CODE = os.environ.get("GONGKAI_SITE_CODE", "0000000000")
GONGKAI_SITE_ICP = os.environ.get("GONGKAI_SITE_ICP", "示ICP备00000000号")
GONGKAI_SITE_PSB = os.environ.get("GONGKAI_SITE_PSB", "示公网安备00000000000000号")

# Attachments of catalogue items (主动公开目录): the largest file and how many one item may carry.
GONGKAI_ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
GONGKAI_ATTACHMENTS_PER_ITEM = int(os.environ.get("GONGKAI_ATTACHMENTS_PER_ITEM", "20"))

# --- logging -------------------------------------------------------------------------------------
# Errors with their traceback, to the console (the service manager's journal) and to a file that
# rotates at 10 MB, ten kept. Under gunicorn's several processes each rotates on its own; a
# deployment that wants one writer points GONGKAI_LOG_DIR at a folder logrotate looks after.
LOG_DIR = Path(os.environ.get("GONGKAI_LOG_DIR", DATA_DIR / "var" / "log"))
LOG_DIR.mkdir(parents=True, exist_ok=True)
LOG_LEVEL = os.environ.get("GONGKAI_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [pid %(process)d] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "level": LOG_LEVEL},
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": str(LOG_DIR / "gongkai.log"),
            "maxBytes": 10 * 1024 * 1024,
            "backupCount": 10,
            "encoding": "utf-8",
            "delay": True,
            "formatter": "plain",
            "level": LOG_LEVEL,
        },
    },
    "root": {"handlers": ["console", "file"], "level": "WARNING"},
    "loggers": {
        "gongkai": {"level": LOG_LEVEL},
        # Every 4xx is a WARNING line here ("Conflict: /work/…"); the errors are what matter.
        "django.request": {"level": "ERROR"},
    },
}

# --- the shared cache and throttling -------------------------------------------------------------
# What every process must see alike (how often a client has tried something) is counted in Redis
# when configured, otherwise in a table of its own (core.ThrottleCount: the database cache's
# increment is not atomic); the shared cache below, a table in the database by default (created by
# a migration), keeps the locks on a case's tracking.
_REDIS_URL = os.environ.get("GONGKAI_REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": "gongkai",
        }
        if _REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gongkai_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}
GONGKAI_THROTTLE_CACHE = "default"
GONGKAI_CLIENT_ADDRESS_HEADER = os.environ.get("GONGKAI_CLIENT_ADDRESS_HEADER", "")


def _limit(name: str, attempts: int, seconds: int) -> tuple[int, int]:
    """(attempts, seconds), or as GONGKAI_LIMIT_<NAME>=attempts/seconds says."""
    given = os.environ.get("GONGKAI_LIMIT_" + name.upper().replace(".", "_"), "")
    if not given:
        return attempts, seconds
    count, _, window = given.partition("/")
    return int(count), int(window)


# Each limit: so many attempts within so many seconds; past it, 429 until the window ends.
GONGKAI_LIMITS = {
    # wrong look-ups on /track/ from one client address
    "track.address": _limit("track.address", 20, 10 * 60),
    # wrong contacts given for one case: then its tracking locks for the window (staff see it)
    "track.case": _limit("track.case", 5, 60 * 60),
    # applications filed from one client address, and with one phone number or e-mail address
    "apply.address": _limit("apply.address", 10, 60 * 60),
    "apply.contact": _limit("apply.contact", 5, 24 * 60 * 60),
    # failed log-ins for one user name (then even the right password waits), and from one address
    "login.account": _limit("login.account", 10, 15 * 60),
    "login.address": _limit("login.address", 30, 15 * 60),
}


# --- e-mail and the background worker --------------------------------------------------------------
# Mail goes out through SMTP when EMAIL_HOST is set; otherwise nothing leaves the machine: each mail
# is kept whole in var/mail/ (EMAIL_FILE_PATH) and summed up on the worker's console, which is the
# terminal of `make run` (gongkai.core.mail). The sender's name is the agency's.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = _flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "gongkai.core.mail.KeepAndShowBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "var" / "mail"))
EMAIL_HOST = EMAIL_HOST or "localhost"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000")

# huey: its queue in a SQLite file in the data folder (var/huey.sqlite3), or in Redis when
# GONGKAI_REDIS_URL is set. Periodic tasks (the outbox sweep, the 08:00 digest) run on the
# server's local time, which Django sets to TIME_ZONE.
(DATA_DIR / "var").mkdir(parents=True, exist_ok=True)
HUEY = {
    "name": "gongkai",
    "huey_class": "huey.RedisHuey" if _REDIS_URL else "huey.SqliteHuey",
    **({"url": _REDIS_URL} if _REDIS_URL else {"filename": str(DATA_DIR / "var" / "huey.sqlite3")}),
    "immediate": _flag("GONGKAI_HUEY_IMMEDIATE"),
    "results": False,
    "utc": False,
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True, "check_worker_health": True},
}
