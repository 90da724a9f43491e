"""Debian's Chromium driven by Playwright, and axe-core run inside the pages it shows."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = ("critical", "serious")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@contextmanager
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    """A page whose script errors and console errors are kept, to be asserted on."""

    page: Any
    errors: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, context: Any) -> Watched:
        watched = cls(context.new_page())
        watched.page.on("pageerror", lambda error: watched.errors.append(f"script: {error}"))
        watched.page.on("console", watched._console)
        watched.page.on("response", watched._response)
        return watched

    def _console(self, message: Any) -> None:
        # A page answered 401 or 422 (a refused form) is logged as a failed load: the
        # responses are checked below, for what the page itself loads.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.url}")


def axe_violations(page: Any) -> list[str]:
    """The critical and serious violations axe-core finds in the page as it is now (WCAG 2.2
    A and AA rules and axe's best practices), one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              targets: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    return [
        f"{v['impact']} {v['id']} ({v['help']}): {json.dumps(v['targets'], ensure_ascii=False)}"
        for v in result
        if v["impact"] in BLOCKING
    ]


def login(page: Any, url: str, email: str, password: str) -> None:
    page.goto(f"{url}/backoffice/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def scrolls_sideways(page: Any) -> bool:
    """Whether the page itself scrolls horizontally (WCAG 1.4.10 reflow); a wide table may
    scroll inside its own region."""
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
    )


# A value shown as stored instead of in words: "third_party", "case.read".
RAW_CODE = re.compile(
    r"\b[a-z]+(?:_[a-z]+)+\b|\b(?:case|staff|login|structure|task|territory|followup)\.[a-z_]+"
)


def raw_codes(page: Any) -> list[str]:
    """Codes a coordinator would read on the page (text of <main>, <code> excepted)."""
    text = page.evaluate(
        """() => {
            const main = document.querySelector("main").cloneNode(true);
            main.querySelectorAll("code, script, style").forEach(e => e.remove());
            return main.innerText;
        }"""
    )
    return sorted(set(RAW_CODE.findall(text)))
