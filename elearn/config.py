"""Configuration: defaults, then ELEARN_* environment variables, then the dict given."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from .domain.colours import brand_colour

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """A folder shipped with the platform (migrations, courses, demo): inside the installed
    package when a wheel brought it (see setup.py), else at the top of the checkout."""
    inside = PACKAGE_DIR / "_shipped" / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


DEFAULTS = {
    "INSTITUTION_NAME": "BKPSDM Pemerintah Daerah",
    "INSTITUTION_LOGO": None,  # URL of the logo in the page header
    # The header's, buttons' and installed app's colour (#rrggbb, dark enough for white text)
    "INSTITUTION_COLOR": "#0b4f8a",
    "INSTITUTION_LOGO_FILE": None,  # PNG/JPEG file drawn on certificates
    "SIGNATORY_NAME": "Kepala BKPSDM",
    "SIGNATORY_POSITION": "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "CERTIFICATE_NUMBER_PATTERN": "ELN/{year}/{seq:06d}",
    # Base of the verification URL in QR codes, e.g. https://elearn.example.go.id;
    # empty: the address the request came in on. When it starts with https://, the site is
    # taken to be served over https only: the session and remember cookies get the Secure
    # flag and the __Host- name prefix (__Host-session, __Host-remember_token: Path=/, no
    # Domain, so no other host or path can set or read them), and every response carries
    # Strict-Transport-Security for HSTS_MAX_AGE seconds (see session_cookies below).
    "PUBLIC_URL": "",
    "HSTS_MAX_AGE": 365 * 24 * 3600,
    # The public front (docs/public-front.md): whether visitors who are not logged in may
    # read the landing page, the catalog and the course overviews. This is the deploy-time
    # default; once an admin saves the choice on /admin/situs-publik, the admin's wins.
    "PUBLIC_SITE": True,
    # Seconds each worker keeps the landing page's figures and course lists.
    "PUBLIC_FIGURES_SECONDS": 300,
    # Unknown certificate codes one address may look up (valid codes are never counted).
    "VERIFY_RATE_LIMIT": "30 per minute",
    # The public citizens' survey (/skm/<code>, docs/skm.md): the period an answer counts
    # in ("year", "semester", "quarter" or "month" of the day it was given: semesters are
    # what most units report), the answers one client address may send (a loket's shared
    # Wi-Fi stays far below it; a flood does not), and the fewest seconds between opening
    # the form and sending it (nine questions take a person longer; a script does not).
    "SKM_PERIOD": "semester",
    "SKM_RATE_LIMIT": "20 per hour",
    "SKM_MIN_FILL_SECONDS": 5,
    # Requests one API token may make (/api/v1), counted in the RATELIMIT_STORAGE_URI store.
    "API_RATE_LIMIT": "600 per minute",
    "JP_MINUTES": 45,
    "ANNUAL_JP_TARGET": 20,
    "TIMEZONE": "Asia/Jakarta",
    "COURSES_DIR": str(shipped("courses")),
    "DEMO_DIR": str(shipped("demo")),
    "MIGRATIONS_DIR": str(shipped("migrations")),
    # Hosts whose <iframe> embeds survive sanitizing (e.g. an internal video server).
    "ALLOWED_IFRAME_HOSTS": [],
    "MEDIA_MAX_BYTES": 5 * 1024 * 1024,
    # Authoring: one uploaded image, and course folder zips (upload size, then what
    # unpacking may yield: entries, bytes per file and in all, and the inflation ratio).
    "AUTHOR_MEDIA_MAX_BYTES": 2 * 1024 * 1024,
    "AUTHOR_ZIP_MAX_BYTES": 20 * 1024 * 1024,
    "AUTHOR_ZIP_MAX_ENTRIES": 500,
    "AUTHOR_ZIP_MAX_FILE_BYTES": 10 * 1024 * 1024,
    "AUTHOR_ZIP_MAX_TOTAL_BYTES": 50 * 1024 * 1024,
    "AUTHOR_ZIP_MAX_RATIO": 100,
    # Workplace task: files a learner may attach to one submission, the size of each, and
    # the days a reviewer has to decide (after that HR sees the review as overdue).
    "TASK_MAX_FILES": 3,
    "TASK_FILE_MAX_BYTES": 5 * 1024 * 1024,
    "TASK_REVIEW_DAYS": 7,
    # Forms are small; a bigger body is refused with 413 before any parsing.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
    "CATALOG_PAGE_SIZE": 12,
    # Live course versions (modules and HTML) each worker keeps in memory; a version is a
    # few hundred KB at most, so 256 stay well under 100 MB.
    "LIVE_VERSION_CACHE_SIZE": 256,
    # Failed logins and activations, per account and per client address; a success is never
    # counted, and resets its account. The address ceiling is high: an office behind one NAT
    # shares it.
    "LOGIN_FAILURES_PER_ACCOUNT": "10 per 15 minutes",
    "LOGIN_FAILURES_PER_ADDRESS": "100 per 15 minutes",
    # Account recovery (issue 17): how long a reset link, an e-mail confirmation link and a
    # reset code from HR stay good, and how many reset links one account and one address may
    # ask for (every request counts, existing account or not, so the limit tells nothing).
    "PASSWORD_RESET_MINUTES": 45,
    "EMAIL_CONFIRM_HOURS": 24,
    "RESET_CODE_DAYS": 7,
    "PASSWORD_RESETS_PER_ACCOUNT": "3 per hour",
    "PASSWORD_RESETS_PER_ADDRESS": "30 per hour",
    # Previews (the editor's live one and the page) one author may ask for; the editor asks
    # at most once per 0.7 s pause in typing.
    "PREVIEW_RATE_LIMIT": "40 per minute",
    # Questions to the trainer, per learner or author: asking, answering and reporting. A
    # learner asks a few questions a day; the ceilings stop a flood, not a curious learner.
    "QUESTION_ASK_RATE_LIMIT": "10 per hour",
    "QUESTION_ANSWER_RATE_LIMIT": "120 per hour",
    "QUESTION_REPORT_RATE_LIMIT": "20 per hour",
    # How many reverse proxies in front of the app set X-Forwarded-For (and -Proto); 0 trusts
    # none, so a client cannot choose the address its failures are counted against.
    "PROXY_FIX_X_FOR": 0,
    "PROXY_FIX_X_PROTO": 0,
    # Where the limits above are counted. memory:// counts per worker process: production with
    # more than one worker needs a shared store, e.g. redis://localhost:6379/0 (pip install
    # 'elearn[redis]').
    "RATELIMIT_STORAGE_URI": "memory://",
    # While that store is unreachable each worker counts on its own (a warning is logged)
    # rather than every login failing with a 500.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_HEADERS_ENABLED": True,
    "BABEL_DEFAULT_LOCALE": "id",
    # The language of what runs outside a request: the `elearn` commands' output and the
    # jobs' reports ("id" or "en", ELEARN_CLI_LOCALE=en). E-mails follow each recipient.
    "CLI_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
    # Login sessions live on the server (auth/sessions.py): logging out ends the session
    # everywhere a copy of its cookie is. A session ends after SESSION_IDLE_MINUTES without
    # a request and SESSION_MAX_HOURS after login however busy (also the longest life of
    # the signed cookie and of a remember-me cookie); "last seen" is written at most once
    # per SESSION_TOUCH_SECONDS, so idle expiry may come up to that much early.
    "SESSION_IDLE_MINUTES": 60,
    "SESSION_MAX_HOURS": 12,
    "SESSION_TOUCH_SECONDS": 60,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "SQLALCHEMY_ENGINE_OPTIONS": {},  # see engine_options()
    "WTF_CSRF_TIME_LIMIT": None,
    # Mandatory training: learners are reminded this many days before a due date.
    "REMINDER_DAYS_BEFORE": 7,
    # Whether a final exam may show its key and explanations (`review: full`) once the
    # learner can no longer take it; False shows at most right/wrong marks (domain/review.py).
    "EXAM_FULL_REVIEW": False,
    # E-mail for notices; nothing is sent while MAIL_SERVER is empty. MAIL_USE_TLS is
    # STARTTLS on MAIL_PORT (e.g. ELEARN_MAIL_SERVER=smtp.example.go.id, ELEARN_MAIL_PORT=587,
    # ELEARN_MAIL_USE_TLS=true).
    "MAIL_SERVER": "",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_FROM": "elearn@localhost",
    "MAIL_TIMEOUT": 10,
    # Observability (deploy/OBSERVABILITY.md): the per-request log line as "plain" key=value
    # or "json"; who may read /metrics: a bearer token (empty: none) or a client in one of
    # these networks (CIDRs or addresses, comma-separated; empty: no network). Loopback by
    # default: a scraper on the same host.
    "LOG_FORMAT": "plain",
    "METRICS_TOKEN": "",
    "METRICS_ALLOW": "127.0.0.0/8, ::1/128",
    # Seconds /readyz waits for the database and Redis together before it answers 503: a
    # server that accepts connections and never answers must not hang the probe.
    "READYZ_TIMEOUT": 2,
    # xAPI (docs/xapi.md): statements go to the LRS at XAPI_ENDPOINT (e.g.
    # https://lrs.example.go.id/xAPI) only when the endpoint, username and password are all
    # set. Learners are named by an account on XAPI_HOMEPAGE (empty: PUBLIC_URL) whose name
    # is their user id; XAPI_ACTOR=mbox sends the SHA-1 of their e-mail instead (opt-in).
    # `elearn xapi flush` sends XAPI_BATCH_SIZE per POST, waits XAPI_TIMEOUT seconds per
    # request, and parks a statement as failed after XAPI_MAX_ATTEMPTS tries.
    "XAPI_ENDPOINT": "",
    "XAPI_USERNAME": "",
    "XAPI_PASSWORD": "",
    "XAPI_HOMEPAGE": "",
    "XAPI_ACTOR": "account",
    "XAPI_BATCH_SIZE": 50,
    "XAPI_TIMEOUT": 10,
    "XAPI_MAX_ATTEMPTS": 10,
    # Single sign-on (docs/sso.md): on when the issuer, client id and secret are all set;
    # elearn/auth/oidc.py reads them, empty meaning its default (claim `nip`, scopes
    # `openid profile`, 5 seconds per call to the provider).
    "OIDC_ISSUER": "",
    "OIDC_CLIENT_ID": "",
    "OIDC_CLIENT_SECRET": "",
    "OIDC_NIP_CLAIM": "",
    "OIDC_SCOPES": "",
    "OIDC_BUTTON_LABEL": "",
    "OIDC_TIMEOUT": "",
}


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key_from_instance(instance_path: str) -> str:
    """Read the instance secret key, creating it once with owner-only permissions."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def load_config(app, overrides: dict | None) -> None:
    """Fill app.config from defaults, the ELEARN_* environment and overrides."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("ELEARN")
    if overrides:
        app.config.from_mapping(overrides)
    # A database given in the dict wins over ELEARN_DATABASE_URL, as every other key does.
    given = overrides or {}
    url = (
        given.get("DATABASE_URL")
        or given.get("SQLALCHEMY_DATABASE_URI")
        or app.config.get("DATABASE_URL")
        or app.config.get("SQLALCHEMY_DATABASE_URI")
    )
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        url = "sqlite:///" + str(Path(app.instance_path) / "elearn.db")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(str(url))
    engine_options(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key_from_instance(app.instance_path)
    session_cookies(app.config)
    app.config["INSTITUTION_COLOR"] = brand_colour(app.config["INSTITUTION_COLOR"])
    hosts = app.config["ALLOWED_IFRAME_HOSTS"]
    if isinstance(hosts, str):
        app.config["ALLOWED_IFRAME_HOSTS"] = [h.strip() for h in hosts.split(",") if h.strip()]


def engine_options(config) -> None:
    """Test a pooled connection before each use (`pool_pre_ping`, a `SELECT 1` at every
    checkout, so once per request) on a database server, where it lets a worker live
    through a PostgreSQL restart; not on SQLite, whose file connection cannot drop, where it
    would be a statement per request for nothing. Options given in the config win."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options.setdefault("pool_pre_ping", True)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def session_cookies(config) -> None:
    """Cookie lifetimes from SESSION_MAX_HOURS, and https-only cookies on an https site."""
    lifetime = timedelta(hours=float(config["SESSION_MAX_HOURS"]))
    config["PERMANENT_SESSION_LIFETIME"] = lifetime  # Flask refuses older signed cookies
    config["REMEMBER_COOKIE_DURATION"] = lifetime
    if https_only(config):
        config.update(
            SESSION_COOKIE_SECURE=True,
            REMEMBER_COOKIE_SECURE=True,
            # __Host- cookies must be Secure, Path=/ and carry no Domain attribute.
            SESSION_COOKIE_NAME="__Host-session",
            REMEMBER_COOKIE_NAME="__Host-remember_token",
            SESSION_COOKIE_PATH="/",
            REMEMBER_COOKIE_PATH="/",
            SESSION_COOKIE_DOMAIN=None,
            REMEMBER_COOKIE_DOMAIN=None,
        )


def https_only(config) -> bool:
    """Whether the deployment says it is served over https (PUBLIC_URL)."""
    return str(config.get("PUBLIC_URL") or "").lower().startswith("https://")
