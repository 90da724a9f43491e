"""The sender of an SMS or a call as an E.164 number, or None when nobody can be answered.

Twilio gives `From` in E.164, but a number typed by hand (the simulator, a form) may be
national: French metropolitan numbers read with region FR, overseas ones (0690…, 0262…)
with their own region. A withheld number ("anonymous", Twilio's "+266696687", empty) or a
number that is not valid gives None: the message is kept, and no SMS is ever sent back.
"""

from __future__ import annotations

import phonenumbers

# Metropolitan France and the overseas départements and collectivités.
FRENCH_REGIONS = ("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC")
WITHHELD = frozenset({"", "anonymous", "unknown", "restricted", "private", "+266696687"})


def is_withheld(raw: str) -> bool:
    return raw.strip().lower() in WITHHELD


def _parse(raw: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise(raw: str) -> str | None:
    """E.164 for a valid number (French, overseas or abroad), None if withheld or invalid."""
    text = raw.strip()
    if is_withheld(text) or len(text) > 40:
        return None
    if text.startswith("+") or text.startswith("00"):
        number = _parse("+" + text.lstrip("+0") if text.startswith("00") else text, None)
    else:
        number = next(
            (found for region in FRENCH_REGIONS if (found := _parse(text, region)) is not None),
            None,
        )
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_french(e164: str) -> bool:
    """Whether the number belongs to France, metropolitan or overseas."""
    number = _parse(e164, None)
    return number is not None and phonenumbers.region_code_for_number(number) in FRENCH_REGIONS


def spoken(e164: str) -> str:
    """How a number is written back to a French person: "06 12 34 56 78"; abroad, with its
    country code."""
    number = _parse(e164, None) if e164.startswith("+") else _parse(e164, "FR")
    if number is None:
        return e164
    if phonenumbers.region_code_for_number(number) == "FR":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def find_in_text(text: str) -> str | None:
    """The first valid number written inside a sentence ("mon numéro c'est le 05 55 52 12 34"),
    in E.164; the digits of the whole text are tried too ("0 6 1 2 3 4 5 6 7 8")."""
    for region in FRENCH_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            if phonenumbers.is_valid_number(match.number):
                return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    digits = "".join(char for char in text if char.isdigit() or char == "+")
    return normalise(digits) if len(digits) >= 9 else None


def is_french_mobile(raw: str) -> bool:
    """A French mobile number (06, 07): not allowed as the sender of automated calls and A2P
    SMS. ValueError when it is not a phone number at all."""
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"not a phone number: {error}") from error
    mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    return mobile and phonenumbers.region_code_for_number(number) == "FR"
