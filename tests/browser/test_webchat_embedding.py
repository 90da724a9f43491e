"""The widget on the département's site: only the sites listed in RELAIS_WEBCHAT_ORIGINS may
show the chat, a page of another origin cannot talk to the chat API for a visitor, and the
panel fits a 320 px screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from relais.config import Settings
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, scrolls_sideways
from tests.integration.conftest import serve_api

ALLOWED = "http://departement.localhost"  # *.localhost: loopback, like the test server
OTHER = "http://autre-site.localhost"


@pytest.fixture(scope="module")
def sites(browser: Any) -> Iterator[Any]:
    """A Chromium where the mock sites, which Playwright serves from no address at all, may
    load Relais from the loopback address (Chromium's local network access checks)."""
    launched = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"],
    )
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def relais_url(settings: Settings) -> Iterator[str]:
    with serve_api(settings.model_copy(update={"webchat_origins": ALLOWED}), "/chat") as url:
        yield url


def _host_page(context: Any, origin: str, relais_url: str) -> Any:
    """A page of `origin` carrying the one line a web team pastes."""
    html = (
        "<!doctype html><html lang='fr'><head><title>Site</title></head><body>"
        f"<p>Accueil</p><script src='{relais_url}/widget.js' defer></script></body></html>"
    )
    page = context.new_page()
    page.route(f"{origin}/**", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(f"{origin}/accueil")
    page.get_by_role("button", name="Une question ? Écrivez-nous").click()
    return page


def _chat_shown(page: Any) -> bool:
    frame = page.frame(url=lambda url: url.endswith("/chat/widget"))
    if frame is None:
        return False
    try:
        return bool(frame.locator("#chat-text").count())
    except Exception:  # the frame was refused: Chromium shows its error page
        return False


def test_only_the_listed_sites_may_show_the_chat(sites: Any, relais_url: str) -> None:
    context = sites.new_context(locale="fr-FR")
    allowed = _host_page(context, ALLOWED, relais_url)
    allowed.wait_for_timeout(1500)
    assert _chat_shown(allowed)
    other = _host_page(context, OTHER, relais_url)
    other.wait_for_timeout(1500)
    assert not _chat_shown(other)
    context.close()


def test_a_page_of_another_origin_cannot_talk_to_the_chat_api(sites: Any, relais_url: str) -> None:
    context = sites.new_context()
    page = _host_page(context, OTHER, relais_url)
    outcome = page.evaluate(
        """async (url) => {
            try {
                const r = await fetch(url + "/api/chat/sessions", {method: "POST"});
                return "read " + r.status;
            } catch (error) { return "refused"; }
        }""",
        relais_url,
    )
    context.close()
    assert outcome == "refused"


@pytest.mark.parametrize(
    ("width", "height"),
    [(320, 640), (640, 400)],  # a phone; a 1280 × 800 screen zoomed to 200 %
)
def test_the_open_widget_fits_a_small_screen(
    sites: Any, relais_url: str, width: int, height: int
) -> None:
    context = sites.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = _host_page(context, ALLOWED, relais_url)
    page.wait_for_timeout(1000)
    box = page.locator("#relais-chat-panel").bounding_box()
    assert box is not None
    assert (box["x"], box["y"], box["width"]) == (0, 0, width)
    assert not scrolls_sideways(page)
    frame = page.frame(url=lambda url: url.endswith("/chat/widget"))
    assert frame is not None
    assert not scrolls_sideways(frame)
    context.close()
