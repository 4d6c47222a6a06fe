"""The one settings file. Every deployment-specific value comes from the environment.

Development reads a local `.env` if there is one; production sets real environment
variables (or `<NAME>_FILE` for secrets). `.env.example` lists every variable.
"""

import json
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_dotenv(path: Path) -> None:
    """Load KEY=VALUE lines from a local .env without overriding the environment."""
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


_read_dotenv(BASE_DIR / ".env")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value not in ("true", "false"):
        raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}")
    return value == "true"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be an integer, not {value!r}"
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str:
    """A secret from NAME, or from the file named by NAME_FILE; never from the repo."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set")
    return value


# --- Core -------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
# Development without a .env gets a per-machine key written by `make install`
# (.secret_key, git-ignored); production must set SECRET_KEY or SECRET_KEY_FILE.
_dev_key_file = BASE_DIR / ".secret_key"
_no_key = "SECRET_KEY" not in os.environ and "SECRET_KEY_FILE" not in os.environ
if _no_key and _dev_key_file.exists():
    os.environ["SECRET_KEY_FILE"] = str(_dev_key_file)
SECRET_KEY = env_secret("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# A production database refuses demo data (see seed_demo and docs/operations.md).
DEMO_DATA = env_bool("DEMO_DATA", False)
ENVIRONMENT = env_str("ENVIRONMENT", "development")
if ENVIRONMENT not in ("development", "production", "test"):
    raise ImproperlyConfigured("ENVIRONMENT must be development, production or test")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # Project modules, bottom of the dependency diagram first (docs/architecture.md).
    "ecobureau.core",
    "ecobureau.accounts",
    "ecobureau.notifications",
    "ecobureau.casework",
    "ecobureau.enterprises",
    "ecobureau.permits",
    "ecobureau.complaints",
    "ecobureau.rewards",
    "ecobureau.grid",
    "ecobureau.monitoring",
    "ecobureau.air",
    "ecobureau.enforcement",
    "ecobureau.rectification",
    "ecobureau.credit",
    "ecobureau.engagement",
    "ecobureau.quality",
    "ecobureau.emergencies",
    "ecobureau.leadership",
    "ecobureau.portal",
    "ecobureau.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ecobureau.core.middleware.ChineseFirstLocaleMiddleware",
    "ecobureau.core.middleware.RefuseNullCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ecobureau.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ecobureau.core.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ecobureau.urls"
WSGI_APPLICATION = "ecobureau.wsgi.application"

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
                "ecobureau.core.context_processors.site",
                "ecobureau.notifications.context_processors.unread",
                "ecobureau.portal.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------
# DATABASE_URL unset: the SQLite file db.sqlite3 beside manage.py. SQLite is opened
# for several processes (web, worker, scheduler, listener share the file): WAL,
# a busy timeout, and IMMEDIATE transactions so writers queue instead of failing.

_SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
    ),
}


def _sqlite_test_name() -> str:
    """The SQLite test database: a file, as in production, not Django's in-memory
    default. An in-memory database shared between threads uses SQLite's shared
    cache, whose table locks fail at once ("database table is locked") instead of
    waiting out the busy timeout, so tests where a gateway's writer and its
    heartbeat write at the same moment failed at random. On /dev/shm where there
    is one (memory speed), one file per process, so two test runs — in two checkouts
    or in one — never meet (the root conftest removes files of runs that were
    killed)."""
    if os.environ.get("TEST_SQLITE_NAME"):
        return os.environ["TEST_SQLITE_NAME"]
    return str(TEST_SQLITE_FOLDER / f"{TEST_SQLITE_PREFIX}{os.getpid()}.sqlite3")


_SHM = Path("/dev/shm")  # noqa: S108
TEST_SQLITE_FOLDER = _SHM if _SHM.is_dir() else Path(tempfile.gettempdir())
TEST_SQLITE_PREFIX = f"ecobureau-test-{os.getuid()}-"


def _database_config(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(dj_database_url.parse(url))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = dict(_SQLITE_OPTIONS)
        config["TEST"] = {"NAME": _sqlite_test_name()}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise ImproperlyConfigured("DATABASE_URL must name SQLite or PostgreSQL")
    return config


DATABASES = {
    "default": _database_config(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
# DATABASE_REPLICA_URL: a PostgreSQL streaming replica of DATABASE_URL. Report views
# wrapped in core.replica.reports_from_replica read from it; everything else, and
# every write, uses the primary (docs/deployment.md, "Read replica").
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **_database_config(os.environ["DATABASE_REPLICA_URL"]),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["ecobureau.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sessions --------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["ecobureau.accounts.backends.ThrottledLoginBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "casework:workbench"
LOGOUT_REDIRECT_URL = "portal:home"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
    {"NAME": "ecobureau.accounts.passwords.CharacterClassValidator"},
]

# A session ends after SESSION_IDLE_SECONDS without a request, and at the latest
# SESSION_COOKIE_AGE after log-in (one working day by default).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Log-in throttling: failures per account name, and per client address, in a window.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)

# --- Security headers -------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Language and time ------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads larger than this are refused by the attachment service with a message.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Background work --------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A claimed outbox row whose worker has not finished after this many seconds is
# presumed dead (e.g. killed) and handed out again by the sweep.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300)

# --- Notifications ----------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@ecobureau.invalid")
SMS_ENABLED = env_bool("SMS_ENABLED", False)
SMS_BACKEND = env_str("SMS_BACKEND", "ecobureau.notifications.sms.LoggingSmsBackend")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = env_secret("SMS_GATEWAY_KEY", "") if SMS_ENABLED else ""
if SMS_ENABLED and SMS_BACKEND.endswith("HttpSmsBackend") and not SMS_GATEWAY_URL:
    raise ImproperlyConfigured("SMS_GATEWAY_URL is required when SMS_ENABLED=true")

# --- Reference data ---------------------------------------------------------------

# The city whose divisions and units `load_reference` loads (anshan | panjin);
# empty: the city already in the database, else Anshan.
REFERENCE_CITY = env_str("REFERENCE_CITY", "")

# --- Casework core ----------------------------------------------------------------

# Share of a clock's span after which it counts as "due soon" (临期), and the
# least warning in hours, so a 2-hour incident clock still warns.
CLOCK_DUE_SOON_FRACTION = 0.2
CLOCK_DUE_SOON_MIN_HOURS = 1
# The bureau's name on documents and pages (the demo city sets its own).
BUREAU_NAME = env_str("BUREAU_NAME", "鞍山市生态环境局")
# 全过程记录实施办法 第三十九条 gives its start as "2019年9月日" with no day; the
# administrator enters the effective date here (requirements A29).
RECORDING_RULES_EFFECTIVE_DATE = env_str("RECORDING_RULES_EFFECTIVE_DATE", "")

# --- Modules ----------------------------------------------------------------------
# Each module reads its settings with getattr(settings, NAME, default) and the same
# default; they are set here so that .env.example documents every one. Values the
# law does not fix are the bureau's choice (示例配置), named so in docs/modules/*.md.

# Services (permits): the largest file an applicant may upload, in bytes.
PERMITS_UPLOAD_MAX_BYTES = env_int("PERMITS_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# The provincial authority named where an item is decided by the province.
PERMITS_PROVINCE_AUTHORITY = env_str("PERMITS_PROVINCE_AUTHORITY", "辽宁省生态环境厅")

# Complaints: duplicate lookup window and radius, repeat-complaint window, the unit
# that receives intake, revisit sampling (seed 000 与群众互动: at least 10 %), and the
# monthly ranking's deduction.
COMPLAINT_DUPLICATE_WINDOW_DAYS = env_int("COMPLAINT_DUPLICATE_WINDOW_DAYS", 30)
COMPLAINT_DUPLICATE_RADIUS_M = env_int("COMPLAINT_DUPLICATE_RADIUS_M", 300)
COMPLAINT_REPEAT_WINDOW_DAYS = env_int("COMPLAINT_REPEAT_WINDOW_DAYS", 365)
COMPLAINT_INTAKE_UNIT_CODE = env_str("COMPLAINT_INTAKE_UNIT_CODE", "emergency")
COMPLAINT_REVISIT_RATE = env_str("COMPLAINT_REVISIT_RATE", "0.10")
COMPLAINT_REVISIT_SEED = env_str("COMPLAINT_REVISIT_SEED", "")
COMPLAINT_RANKING_BOTTOM_COUNT = env_int("COMPLAINT_RANKING_BOTTOM_COUNT", 1)
COMPLAINT_RANKING_DEDUCTION_POINTS = env_str("COMPLAINT_RANKING_DEDUCTION_POINTS", "2")
# Leadership's quarterly assessment: a 与基层互动 supervision deduction at or above
# this many points is poor implementation and opens an accountability follow-up
# (seed 000 与基层互动 10 "落实不力的，启动问责程序"; 示例配置, 0 = off).
LEADERSHIP_POOR_SUPERVISION_DEDUCTION = env_str(
    "LEADERSHIP_POOR_SUPERVISION_DEDUCTION", "10"
)
# Reply limit for Weibo / WeChat / 民心网 messages, working days from assignment (示例配置:
# the seed asks for a limit and names none).
COMPLAINT_MESSAGE_REPLY_WORKDAYS = env_int("COMPLAINT_MESSAGE_REPLY_WORKDAYS", 5)
# Reply limit for enterprise demands (企业诉求), working days from filing (示例配置:
# seed 000 与企业互动（五） names no limit).
ENGAGEMENT_DEMAND_REPLY_WORKDAYS = env_int("ENGAGEMENT_DEMAND_REPLY_WORKDAYS", 5)
# Demands of enterprises on the green channel (seed 004): a shorter limit, 示例配置.
ENGAGEMENT_GREEN_CHANNEL_REPLY_WORKDAYS = env_int(
    "ENGAGEMENT_GREEN_CHANNEL_REPLY_WORKDAYS", 3
)
# Supervisors' reports answered within (working days; 示例配置, 工作规则第十一条 "及时").
ENGAGEMENT_SUPERVISOR_REPORT_WORKDAYS = env_int(
    "ENGAGEMENT_SUPERVISOR_REPORT_WORKDAYS", 10
)
# Business-environment social supervisors are chosen by year (seed 004 "2025年度"):
# how many calendar years one choice covers (示例配置), the term ending 31 December.
ENGAGEMENT_BUSINESS_SUPERVISOR_TERM_YEARS = env_int(
    "ENGAGEMENT_BUSINESS_SUPERVISOR_TERM_YEARS", 1
)
# Which week is "the month's second week" for the reception day: calendar | full | second_tuesday.
ENGAGEMENT_RECEPTION_WEEK_RULE = env_str("ENGAGEMENT_RECEPTION_WEEK_RULE", "calendar")
# Credit: bad records are published by 环发〔2015〕161号 (C9, ≥ 5 years from full
# execution) before this date and by the 信用修复管理办法 (C10) from it; how the two
# meet is to be settled with the province (示例配置).
CREDIT_C10_PUBLICATION_FROM = env_str("CREDIT_C10_PUBLICATION_FROM", "2026-04-01")
# Working days to enter a credit fact after it arose (C7, Liaoning draft art. 4; 示例配置).
CREDIT_ENTRY_WORKDAYS = env_int("CREDIT_ENTRY_WORKDAYS", 10)
# Working days to answer an objection to a credit result (rules.md §2.1; 示例配置).
CREDIT_OBJECTION_REPLY_WORKDAYS = env_int("CREDIT_OBJECTION_REPLY_WORKDAYS", 10)
# Public notice (公示) before a credit result is final, calendar days; 0 = none
# (rules.md §2.1 example: 15; 示例配置).
CREDIT_NOTICE_DAYS = env_int("CREDIT_NOTICE_DAYS", 0)
# Open311 API keys allowed to post requests (comma-separated); empty: none.
OPEN311_API_KEYS = env_str("OPEN311_API_KEYS", "")
# The key ring that encrypts reporters' identities (rewards). Production must set
# one (or the file); development derives one from SECRET_KEY.
REWARD_IDENTITY_KEY = env_str("REWARD_IDENTITY_KEY", "")
REWARD_IDENTITY_KEY_FILE = env_str("REWARD_IDENTITY_KEY_FILE", "")
# Where rewards are claimed (seed 000 gives two addresses; requirements A115).
REWARD_OFFICE_ADDRESS = env_str(
    "REWARD_OFFICE_ADDRESS",
    "鞍山市生态环境保护综合行政执法队（鞍山市铁东区千山中路153号软件园4楼403房间）",
)

# Grid: problem and transfer limits in working days, escalation, reminders, the
# draw's team size and the yearly cap on routine checks of one enterprise.
GRID_PROBLEM_ACCEPT_WORKDAYS = env_int("GRID_PROBLEM_ACCEPT_WORKDAYS", 2)
GRID_PROBLEM_HANDLE_WORKDAYS = env_int("GRID_PROBLEM_HANDLE_WORKDAYS", 15)
GRID_TRANSFER_WORKDAYS = env_int("GRID_TRANSFER_WORKDAYS", 15)
GRID_TRANSFER_ESCALATE_AGAIN_DAYS = env_int("GRID_TRANSFER_ESCALATE_AGAIN_DAYS", 5)
GRID_REMIND_DAYS_BEFORE = env_int("GRID_REMIND_DAYS_BEFORE", 7)
GRID_SUPERVISION_REPORT_MONTHS = env_int("GRID_SUPERVISION_REPORT_MONTHS", 3)
GRID_DRAW_TEAM_SIZE = env_int("GRID_DRAW_TEAM_SIZE", 2)
GRID_ROUTINE_CHECK_CAP = env_int("GRID_ROUTINE_CHECK_CAP", 2)
# Fallbacks when no level has set its own patrol period (days), report limit
# (hours) and monthly work-report day (示例配置; each level edits its own).
GRID_PATROL_DAYS = env_int("GRID_PATROL_DAYS", 7)
GRID_REPORT_HOURS = env_int("GRID_REPORT_HOURS", 24)
GRID_WORK_REPORT_DAY = env_int("GRID_WORK_REPORT_DAY", 5)

# Rectification: an open item this many days before its deadline with work
# outstanding is "at risk" (预警; 示例配置, the seed gives no threshold).
RECTIFICATION_WARNING_DAYS = env_int("RECTIFICATION_WARNING_DAYS", 30)
# Rectification: the event that stops the 5-day 组织复核期限 (seed 001 附件2 三3,
# B32): "organise" (the review group organised; default) or "pass_review".
RECTIFICATION_REVIEW_CLOCK_STOP = env_str("RECTIFICATION_REVIEW_CLOCK_STOP", "organise")

# Monitoring: the HJ 212 gateway, instrument links, data retention (months; 0
# keeps forever), and the demo simulator.
HJ212_LISTENER_ENABLED = env_bool("HJ212_LISTENER_ENABLED", False)
HJ212_HOST = env_str("HJ212_HOST", "0.0.0.0")  # noqa: S104 (instruments connect from outside)
HJ212_PORT = env_int("HJ212_PORT", 9212)
HJ212_STRICT = env_bool("HJ212_STRICT", False)
HJ212_BATCH_SIZE = env_int("HJ212_BATCH_SIZE", 300)
HJ212_BATCH_MS = env_int("HJ212_BATCH_MS", 20)
HJ212_IDLE_TIMEOUT = env_int("HJ212_IDLE_TIMEOUT", 600)
HJ212_MAX_CONNECTIONS_PER_ADDRESS = env_int("HJ212_MAX_CONNECTIONS_PER_ADDRESS", 64)
HJ212_OFFLINE_MINUTES = env_int("HJ212_OFFLINE_MINUTES", 60)
HJ212_PARTITION_MONTHS_AHEAD = env_int("HJ212_PARTITION_MONTHS_AHEAD", 3)
HJ212_DETAIL_RETENTION_MONTHS = env_int("HJ212_DETAIL_RETENTION_MONTHS", 13)
HJ212_SUMMARY_RETENTION_MONTHS = env_int("HJ212_SUMMARY_RETENTION_MONTHS", 0)
HJ212_FRAME_RETENTION_MONTHS = env_int("HJ212_FRAME_RETENTION_MONTHS", 13)
HJ212_SIMULATOR_DEVICES = env_int("HJ212_SIMULATOR_DEVICES", 20)
HJ212_SIMULATOR_INTERVAL = env_int("HJ212_SIMULATOR_INTERVAL", 30)
# Minor-violation list: how far back a first offence is looked for.
MINOR_VIOLATION_LOOKBACK_MONTHS = env_int("MINOR_VIOLATION_LOOKBACK_MONTHS", 12)
# Penalty decisions published on the portal within (working days; 示例配置: 国办发〔2018〕118号
# sets "7个工作日内" for 行政执法决定信息; no rules.md row).
ENFORCEMENT_PUBLICATION_WORKDAYS = env_int("ENFORCEMENT_PUBLICATION_WORKDAYS", 7)
# The legal-review body named on review pages and opinions (A56).
ENFORCEMENT_LEGAL_REVIEW_UNIT = env_str("ENFORCEMENT_LEGAL_REVIEW_UNIT", "执法科")

# Air: forecast ranges, the forecasting and plan units, model age, and an optional
# folder of research data for the backtest.
AIR_FORECAST_RANGE_WIDTH = env_int("AIR_FORECAST_RANGE_WIDTH", 30)
AIR_FORECAST_MAX_WIDTH = env_int("AIR_FORECAST_MAX_WIDTH", 50)
AIR_FORECAST_UNIT = env_str("AIR_FORECAST_UNIT", "monitoring-centre")
AIR_PLAN_UNIT = env_str("AIR_PLAN_UNIT", "air")
AIR_MODEL_MAX_AGE_DAYS = env_int("AIR_MODEL_MAX_AGE_DAYS", 30)
AIR_RESEARCH_DATA_DIR = env_str("AIR_RESEARCH_DATA_DIR", "")
# Overrides of the data-validity rules (GB 3095-2012 表4, HJ 663-2013 are the
# defaults), as JSON, e.g. {"daily_min_hours": 20}; docs/modules/air.md.
AIR_VALIDITY_RULES = json.loads(env_str("AIR_VALIDITY_RULES", "{}") or "{}")
# Minimum opinion-collection period in days (重大行政决策程序暂行条例 第十五条: 一般不少于30日).
PORTAL_CONSULTATION_MIN_DAYS = env_int("PORTAL_CONSULTATION_MIN_DAYS", 30)
# quality.statistics.Rules overrides, e.g. {"water_rule": "2020", "air_month_min_days": 27} (示例配置)
QUALITY_STATISTICS_RULES = json.loads(env_str("QUALITY_STATISTICS_RULES", "{}") or "{}")
# The home city's name as the province's bulletins write it (ranking; 示例配置)
QUALITY_HOME_CITY = env_str("QUALITY_HOME_CITY", "鞍山市")
# Emergencies — 示例配置 (第17号令 gives no hours for 续报/处理结果报告; seed 000 none
# for opinion replies).
EMERGENCY_FOLLOWUP_HOURS = env_int("EMERGENCY_FOLLOWUP_HOURS", 24)
EMERGENCY_FINAL_HOURS = env_int("EMERGENCY_FINAL_HOURS", 72)
# Hours from grading an incident 重大 or above to the local government's report to
# the people's congress standing committee (示例配置: seed 002 四（三）2（1） says only
# "及时").
EMERGENCY_CONGRESS_REPORT_HOURS = env_int("EMERGENCY_CONGRESS_REPORT_HOURS", 168)
EMERGENCY_OPINION_REPLY_HOURS = {
    "general": env_int("EMERGENCY_OPINION_REPLY_HOURS_GENERAL", 24),
    "larger": env_int("EMERGENCY_OPINION_REPLY_HOURS_LARGER", 12),
    "major": env_int("EMERGENCY_OPINION_REPLY_HOURS_MAJOR", 4),
}
# Days the old and new names, phones and contact text of plan changes (PlanChange)
# are kept; the record entry keeps their digest. 示例配置 (no seed gives a period):
# 3 years; 0 keeps them.
EMERGENCY_PLAN_CHANGE_RETENTION_DAYS = env_int(
    "EMERGENCY_PLAN_CHANGE_RETENTION_DAYS", 1095
)
# Enterprise opinion help (舆情帮扶): hours from the request to naming a helper and
# to the first joint analysis or measure; the largest file on the enterprise's
# reply. 示例配置 (seed 000 与企业互动（七） sets no limit).
EMERGENCY_HELP_ASSIGN_HOURS = env_int("EMERGENCY_HELP_ASSIGN_HOURS", 24)
EMERGENCY_HELP_FIRST_ACTION_HOURS = env_int("EMERGENCY_HELP_FIRST_ACTION_HOURS", 72)
EMERGENCY_HELP_FILE_MAX_BYTES = env_int(
    "EMERGENCY_HELP_FILE_MAX_BYTES", 20 * 1024 * 1024
)
# The bureau's values for grading criteria marked 示例配置 (NOT CONFIRMED) in
# emergencies/grading.py, as JSON {"field:grade": minimum}, e.g. {"water:larger":
# "county"}; a criterion read in the plan's text cannot be overridden (checked at
# start-up by `manage.py check`). docs/modules/emergencies.md.
EMERGENCY_GRADING_OVERRIDES = json.loads(
    env_str("EMERGENCY_GRADING_OVERRIDES", "{}") or "{}"
)

# --- Logging ----------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
# Missed clocks open accountability follow-ups handled by this unit (法制科 by
# default: seed 000 全过程记录 第六条 gives it the supervision of enforcement records).
ACCOUNTABILITY_UNIT_CODE = env_str("ACCOUNTABILITY_UNIT_CODE", "legal")
