"""Browser tests: the real product, started as `healthjustice demo`, driven by Chromium.

The product runs in a subprocess on a fresh database of its own, so these tests need nothing from
pytest-django (its `live_server` would flush the database between tests, which the append-only
audit table refuses). One Chromium serves the whole session; each demo login signs in once and its
browser context is kept for the tests that come after.
"""

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Coverage,
    DemoLogin,
    Product,
    Tab,
    demo_logins,
    fresh_database,
    running_demo,
    sign_in,
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`demo_login`: one test per login that `healthjustice demo-users` prints."""
    if "demo_login" in metafunc.fixturenames:
        logins = demo_logins()
        metafunc.parametrize("demo_login", logins, ids=[login.email for login in logins])


@pytest.fixture(scope="session")
def product(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Product]:
    """The product, migrated and seeded with the demo data, answering on 127.0.0.1."""
    directory = tmp_path_factory.mktemp("browser")
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database(directory))
        yield stack.enter_context(running_demo(database_url, directory / "server.log"))


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: `apt-get install -y chromium` "
            "(CI installs it) to run the browser tests."
        )
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def coverage() -> Coverage:
    return Coverage()


@pytest.fixture(scope="session")
def open_tab(
    browser: Browser, product: Product, coverage: Coverage
) -> Iterator[Callable[..., Tab]]:
    """Open a page in a new browser context (its own cookies), kept until the session ends."""
    contexts: list[BrowserContext] = []

    def open_tab(**context_options: Any) -> Tab:
        context = browser.new_context(locale="en-GB", **context_options)
        contexts.append(context)
        return Tab(context.new_page(), product, coverage)

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def signed_in_tabs() -> dict[str, Tab]:
    """A signed-in tab per demo login, kept once a test has signed in."""
    return {}


@pytest.fixture
def signed_in(
    open_tab: Callable[..., Tab], signed_in_tabs: dict[str, Tab]
) -> Callable[[DemoLogin], Tab]:
    """The session's signed-in tab of a demo login, on the home page; signs in if need be."""

    def signed_in(login: DemoLogin) -> Tab:
        tab = signed_in_tabs.get(login.email)
        if tab is not None:
            tab.goto("/")
            if tab.page.locator("header").get_by_role("button", name="Sign out").count():
                return tab
        tab = open_tab()
        sign_in(tab, login)
        signed_in_tabs[login.email] = tab
        return tab

    return signed_in
