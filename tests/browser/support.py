"""What the browser tests are made of: the running product, demo logins and a checking tab."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import ConsoleMessage, Page, Request, Response

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
PORTS = range(8200, 8300)
STARTUP_TIMEOUT_SECONDS = 90
ACTION_TIMEOUT_MS = 15_000
NO_ROUTE = "(no route)"


def healthjustice_command() -> str:
    """The `healthjustice` script of the environment running these tests."""
    beside_python = Path(sys.executable).parent / "healthjustice"
    if beside_python.exists():
        return str(beside_python)
    return str(PROJECT_DIR / ".venv" / "bin" / "healthjustice")


def view_name(url: str) -> str:
    """The URL configuration's name for the page at `url`."""
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return NO_ROUTE


# Demo logins ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    roles: tuple[str, ...]
    organisations: tuple[str, ...]


@cache
def demo_logins() -> tuple[DemoLogin, ...]:
    """The demo logins as the product prints them (`healthjustice demo-users`)."""
    output = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [healthjustice_command(), "demo-users"],
        cwd=PROJECT_DIR,
        env={**os.environ, "HJ_ENVIRONMENT": "development"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    logins = []
    for line in output.splitlines():
        if not line.strip():
            continue
        email, password, roles, organisations = line.split("\t")
        logins.append(
            DemoLogin(
                email=email,
                password=password,
                roles=tuple(role.strip() for role in roles.split(",")),
                organisations=tuple(org.strip() for org in organisations.split(";")),
            )
        )
    if not logins:
        raise RuntimeError("`healthjustice demo-users` printed no demo login")
    return tuple(logins)


# The product ------------------------------------------------------------------------------------


@dataclass
class Product:
    base_url: str
    log_path: Path

    def url(self, path: str) -> str:
        return self.base_url + path

    def password_reset_links(self) -> list[str]:
        """Links from password-reset emails (the console email backend prints them to the log)."""
        log = self.log_path.read_text(encoding="utf-8", errors="replace")
        return re.findall(re.escape(self.base_url) + r"/password-reset/[^/\s]+/[^/\s]+/", log)


def free_port() -> int:
    offset = os.getpid() % len(PORTS)
    for port in [*PORTS[offset:], *PORTS[:offset]]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as candidate:
            try:
                candidate.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


@contextmanager
def fresh_database(directory: Path) -> Iterator[str]:
    """A new, empty database for this session: on the PostgreSQL server if tests use one."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{directory / 'db.sqlite3'}"
        return

    import psycopg
    from psycopg import sql

    name = f"healthjustice_browser_{os.getpid()}"
    parts = urlsplit(configured)
    server = urlunsplit(parts._replace(scheme="postgresql"))
    drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))

    def execute(statement: sql.Composed) -> None:
        # The server's maintenance database: the configured one may not exist (pytest-django
        # creates its own `test_…` database beside it).
        try:
            connection = psycopg.connect(server, dbname="postgres", autocommit=True)
        except psycopg.OperationalError:
            connection = psycopg.connect(server, autocommit=True)
        with connection:
            connection.execute(statement)

    execute(drop)
    execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        # The product has just stopped; the server may take a moment to close its connections.
        for attempt in range(20):
            try:
                execute(drop)
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 19:
                    raise
                time.sleep(0.25)


@contextmanager
def running_demo(database_url: str, log_path: Path) -> Iterator[Product]:
    """`healthjustice demo` (migrate, seed, runserver) in its own process group."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HJ_ENVIRONMENT": "development",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        # Whatever a developer's `.env` says, the demo runs as these tests expect.
        "DEBUG": "false",
        "REQUIRE_2FA": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": base_url,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        # Documents the tests upload stay with this session's database, not in the work tree.
        "MEDIA_ROOT": str(log_path.parent / "media"),
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
            [healthjustice_command(), "demo", "--port", str(port)],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_answering(base_url, process, log_path)
        yield Product(base_url=base_url, log_path=log_path)
    finally:
        _stop(process)


def _wait_until_answering(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"`healthjustice demo` exited with {process.returncode}:\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(base_url + "/", timeout=2):  # noqa: S310 (local http)
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(
        f"`healthjustice demo` did not answer within {STARTUP_TIMEOUT_SECONDS} s:\n"
        f"{log.read_text()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# The browser ------------------------------------------------------------------------------------


@dataclass
class Coverage:
    """What the whole session did, for the test that checks every route was reached."""

    requested: set[str] = field(default_factory=set)  # routes the browser requested
    scanned: set[tuple[str, int]] = field(default_factory=set)  # (route, status) axe checked
    submitted_empty: set[str] = field(default_factory=set)  # forms sent to show their errors
    finished_tests: set[str] = field(default_factory=set)


class Tab:
    """A browser page that records every accessibility and security problem it sees.

    `scan()` runs axe on the page as it is now and collects, since the last scan, console errors
    (a Content Security Policy violation is one), script errors and sub-resources that failed.
    Problems are gathered so that a failing test lists all of them; `assert_no_problems()` raises.
    """

    axe = Axe()

    def __init__(self, page: Page, product: Product, coverage: Coverage) -> None:
        self.page = page
        self.product = product
        self.coverage = coverage
        self.status = 0
        self.problems: list[str] = []
        self._pending: list[str] = []
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._pending.append(f"script error: {error}"))
        page.on("request", self._on_request)
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        # A page answering 4xx (a form with errors, a 404 page) is expected; a sub-resource that
        # fails is reported by `_on_response`, with its address.
        if message.type == "error" and not text.startswith("Failed to load resource"):
            self._pending.append(f"console error: {text}")
        elif "Content Security Policy" in text:
            self._pending.append(f"console {message.type}: {text}")

    def _on_request(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.coverage.requested.add(view_name(request.url))

    def _on_response(self, response: Response) -> None:
        request = response.request
        if request.resource_type == "document":
            if request.frame.parent_frame is None:
                self.status = response.status
        elif response.status >= 400:
            self._pending.append(f"{response.status} for {response.url}")

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    @property
    def view(self) -> str:
        return view_name(self.page.url)

    def goto(self, path: str, *, status: int = 200) -> None:
        response = self.page.goto(self.product.url(path))
        assert response is not None
        assert response.status == status, f"{path} answered {response.status}, not {status}"

    @contextmanager
    def navigation(self, *, status: int = 200) -> Iterator[None]:
        """Wrap an action that loads a page, and check the status the page answered with."""
        with self.page.expect_navigation() as navigation:
            yield
        response = navigation.value
        assert response is not None
        assert response.status == status, (
            f"{response.request.method} {response.url} answered {response.status}, not {status}"
        )

    def scan(self) -> None:
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        where = f"{self.page.url} ({self.view}, status {self.status}, lang {self.lang()!r})"
        if results.violations_count:
            self.problems.append(f"axe, {where}:\n{results.generate_report()}")
        if self._pending:
            self.problems.append(f"browser, {where}:\n  " + "\n  ".join(self._pending))
            self._pending.clear()
        self.coverage.scanned.add((self.view, self.status))

    def lang(self) -> str | None:
        return self.page.locator("html").get_attribute("lang")

    def heading(self) -> str:
        return self.page.locator("main h1").inner_text().strip()

    def assert_no_problems(self) -> None:
        problems, self.problems = self.problems, []
        assert not problems, f"{len(problems)} problem(s):\n\n" + "\n\n".join(problems)


def sign_in(tab: Tab, login: DemoLogin) -> None:
    """Sign in through the form, from the signed-out start page."""
    tab.goto("/")
    with tab.navigation():
        tab.page.locator("main").get_by_role("link", name="Sign in").click()
    form = tab.page.locator("main form")
    form.get_by_label("Email address").fill(login.email)
    form.get_by_label("Password").fill(login.password)
    with tab.navigation():
        form.get_by_role("button", name="Sign in").click()
