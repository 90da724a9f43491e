"""A territory's look: its name, logo, main colour and privacy page, shown by the back-office,
the phone simulator and the web chat. The colour carries white text (the header, buttons of the
chat), so it must reach WCAG AA contrast against white."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

WCAG_AA_TEXT = 4.5
HEX_COLOUR = re.compile(r"^#([0-9a-fA-F]{6})$")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}


class InvalidTheme(ValueError):
    """The theme cannot be used; the message names the setting and what to do."""


@dataclass(frozen=True)
class Theme:
    name: str
    colour: str
    logo: Path
    privacy_url: str

    @property
    def logo_media_type(self) -> str:
        return LOGO_TYPES[self.logo.suffix.lower()]


def relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour written #rrggbb."""
    match = HEX_COLOUR.match(colour)
    if not match:
        raise InvalidTheme(f"« {colour} » is not a colour written #rrggbb")
    channels = [int(match.group(1)[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def build(name: str, colour: str, logo: Path, privacy_url: str) -> Theme:
    """The theme, or InvalidTheme saying which RELAIS_THEME_* setting to change and how."""
    if not name.strip():
        raise InvalidTheme("RELAIS_THEME_NAME is empty: give the territory's name")
    if not HEX_COLOUR.match(colour):
        raise InvalidTheme(f"RELAIS_THEME_COLOUR « {colour} » is not a colour written #rrggbb")
    ratio = contrast_ratio(colour, "#ffffff")
    if ratio < WCAG_AA_TEXT:
        raise InvalidTheme(
            f"RELAIS_THEME_COLOUR {colour} has a contrast of {ratio:.2f}:1 against white; "
            f"white text on it needs {WCAG_AA_TEXT}:1 (WCAG AA): choose a darker colour"
        )
    if logo.suffix.lower() not in LOGO_TYPES or not logo.is_file():
        raise InvalidTheme(f"RELAIS_THEME_LOGO {logo} is not a readable SVG, PNG or JPEG file")
    if not (privacy_url.startswith(("https://", "http://")) or privacy_url.startswith("/")):
        raise InvalidTheme(
            f"RELAIS_THEME_PRIVACY_URL « {privacy_url} » is not an address (https://… or /…)"
        )
    return Theme(name=name.strip(), colour=colour.lower(), logo=logo, privacy_url=privacy_url)
