"""What a reporter says of the person: in danger now or not, aware and agreeing or not."""

from __future__ import annotations

import re

from relais.answers.yes_no import YesNo, yes_no
from relais.language.phrases import has_any, longest_match, words

_DANGER_SAID: tuple[tuple[YesNo, tuple[str, ...]], ...] = (
    (
        YesNo.NO,
        (
            "ne pense pas",
            "ne crois pas",
            "pense pas",
            "crois pas",
            "a priori non",
            "a priori pas",
            "pas dans l immediat",
            "pas immediat",
            "pas de danger",
            "pas en danger",
            "pas a ce point",
            "pas urgent",
            "c est pas urgent",
            "pas d urgence",
            "va bien physiquement",
            "juste tres seule",
            "juste seule",
            "juste tres seul",
            "juste seul",
        ),
    ),
    (
        YesNo.YES,
        (
            "je pense que oui",
            "je crois que oui",
            "je crois",
            "je pense",
            "peur que oui",
            "j ai peur pour",
            "j ai bien peur",
            "ca m inquiete beaucoup",
        ),
    ),
    (
        YesNo.UNKNOWN,
        ("difficile a dire", "peux pas vous dire", "peux pas dire", "pas pu entrer", "pas vue"),
    ),
)


def danger_now(text: str, intent: str | None = None, confidence: float = 0.0) -> YesNo | None:
    """ "Pensez-vous que cette personne est en danger en ce moment ?" """
    normalised = words(text)
    said = longest_match(normalised, _DANGER_SAID)
    if said is not None and not (said is YesNo.YES and has_any(normalised, ("sais pas",))):
        return said
    return yes_no(text, intent, confidence)


_NOT_ASKED = (
    "ne sait pas que",
    "sait pas que",
    "pas au courant",
    "n est pas au courant",
    "pas demande",
    "pas encore demande",
    "pas encore aborde",
    "pas aborde",
    "pas ose",
    "pas encore parle",
    "pas parle",
    "sans le lui dire",
    "sans lui dire",
    "a son insu",
)
_AGREES = (
    "est d accord",
    "son accord",
    "donne son accord",
    "a donne son accord",
    "qui m a demande",
    "m a demande de",
    "a sa demande",
    "veut bien",
    "serait contente",
    "serait content",
    "attend que ca",
    "attend votre appel",
    "attend votre visite",
    "attend que vous",
    "souhaite etre contacte*",
    "demande de l aide",
    "est demandeuse",
    "est demandeur",
)
_REFUSES = (
    "ne veut pas",
    "veut pas",
    "refuse*",
    "besoin de personne",
    "voudra jamais",
    "ne voudra pas",
    "veut voir personne",
    "veut rien",
    "pas d accord",
)


def person_consent(text: str, intent: str | None = None, confidence: float = 0.0) -> YesNo | None:
    """ "Cette personne est-elle d'accord pour que nous la contactions ?" — yes, no, or
    unknown when she was not asked or does not know about the report."""
    normalised = words(text)
    if has_any(normalised, _NOT_ASKED):
        return YesNo.UNKNOWN
    said = longest_match(normalised, ((YesNo.NO, _REFUSES), (YesNo.YES, _AGREES)))
    return said or yes_no(text, intent, confidence)


# Said in passing in a long first message, only what is clearly about being contacted.
_AGREES_TO_CONTACT = (
    "est d accord pour",
    "son accord",
    "a donne son accord",
    "avec son accord",
    "a sa demande",
    "m a demande de vous",
    "souhaite etre contacte*",
    "accepte d etre contacte*",
    "accepte qu on",
    "accepte que vous",
    "d accord pour etre",
    "d accord pour qu on",
    "d accord pour que vous",
)
_REFUSES_CONTACT = (
    "refuse toute aide",
    "refuse d etre contacte*",
    "refuse qu on",
    "ne veut pas etre contacte*",
    "ne veut pas qu on",
    "ne veut pas que vous",
    "ne veut pas d aide",
    "besoin de personne",
    "ne veut voir personne",
    "pas d accord pour",
)


def consent_in_opening(text: str) -> YesNo | None:
    """The person's agreement said in passing in a report ("elle est d'accord pour être
    contactée", "elle n'est pas au courant"); None when nothing is said of it."""
    normalised = words(text)
    if has_any(normalised, _NOT_ASKED):
        return YesNo.UNKNOWN
    return longest_match(
        normalised, ((YesNo.NO, _REFUSES_CONTACT), (YesNo.YES, _AGREES_TO_CONTACT))
    )


def no_danger_in_opening(text: str) -> bool:
    """ "pas de danger immédiat", "ce n'est pas urgent": the danger question is answered."""
    return has_any(
        words(text),
        ("pas de danger", "pas en danger", "pas urgent", "pas d urgence", "rien d urgent"),
    )


_STREET = (
    r"rue|avenue|av|boulevard|bd|place|chemin|impasse|all[ée]e|route|quai|cours|square|"
    r"r[ée]sidence|lotissement|hameau|lieu[- ]dit|faubourg|cit[ée]|villa|domaine"
)
_ADDRESS = re.compile(
    rf"\b(?:(\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?:{_STREET})\s+[^,.;:!?\n]{{2,60}})"
    rf"|((?:lieu[- ]dit|r[ée]sidence|hameau)\s+[^,.;:!?\n]{{2,60}}))",
    re.IGNORECASE,
)
_ADDRESS_END = re.compile(
    r"\s+(?:à|a|au|en|dans|sur|depuis|et|qui|mais|,)\s+.*$|\s+\d{5}\b.*$", re.IGNORECASE
)


def address_in_text(text: str) -> str | None:
    """A street address said in passing ("domiciliée 12 rue des Écoles à Saint-Vaury" ->
    "12 rue des Écoles"); None when there is none."""
    found = _ADDRESS.search(text)
    if found is None:
        return None
    address = _ADDRESS_END.sub("", found.group(0)).strip(" ,")
    return address or None
