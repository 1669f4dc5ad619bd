"""Take the README's screenshots of collaboration pages from a running demo.

    .venv/bin/healthjustice demo --port 8300 &      # in another terminal
    .venv/bin/python scripts/take_screenshots.py http://127.0.0.1:8300

Uses Debian's Chromium (`apt-get install -y chromium`), never a downloaded browser.
"""

import os
import re
import sys
from pathlib import Path

import django
from playwright.sync_api import Page, sync_playwright

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthjustice.config.settings")
django.setup()

from healthjustice.core.demo import DEMO_PASSWORD  # noqa: E402 (needs the settings above)

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM_OPTIONS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# (who, page path, the heading to scroll to or "", file name)
SHOTS = [
    (
        "coordinator@riverside-advice.example",
        "/analytics/",
        "^Health teams in",
        "collaboration-analytics.png",
    ),
    ("gp@riverside-medical.example", "/evidence/received/", "", "evidence-requests.png"),
]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in/")
    form = page.locator("main form")
    form.get_by_label("Email address").fill(email)
    form.get_by_label("Password").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_OPTIONS
        )
        for email, path, heading, name in SHOTS:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            sign_in(page, base, email)
            page.goto(f"{base}{path}")
            if heading:
                page.get_by_role("heading", name=re.compile(heading)).evaluate(
                    "h => h.scrollIntoView()"
                )
            page.screenshot(path=str(SCREENSHOTS / name), full_page=False)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
