"""When something happened, as said: long ago ("l'an dernier", "il y a deux ans", "en 2019")
or just now ("ce matin", "depuis hier", "tout à l'heure"). Normalised text."""

from __future__ import annotations

import re

from relais.language.numbers import words_to_digits
from relais.language.phrases import has_any

_LONG_AGO = (
    "l an dernier",
    "l annee derniere",
    "l an passe",
    "l annee passee",
    "l annee d avant",
    "l hiver dernier",
    "l ete dernier",
    "l automne dernier",
    "le printemps dernier",
    "il y a longtemps",
    "y a longtemps",
    "il y a des annees",
    "il y a des mois",
    "il y a quelques mois",
    "il y a plusieurs mois",
    "depuis des annees",
    "le mois dernier",
    "le mois passe",
    "autrefois",
    "jadis",
    "dans le temps",
    "a l epoque",
    "il y a bien longtemps",
    "avant son deces",
    "avant sa mort",
    "de son vivant",
    "ca fait longtemps",
    "a noel",
    "cet ete",
    "cet hiver",
    "au printemps",
    "en janvier",
    "en fevrier",
    "en mars",
    "en avril",
    "en mai",
    "en juin",
    "en juillet",
    "en aout",
    "en septembre",
    "en octobre",
    "en novembre",
    "en decembre",
)
_AGO = re.compile(
    r" (?:il y a|y a|ca fait|cela fait|depuis) (?:plus de |pres de |environ )?"
    r"(\d+|quelques|plusieurs|des) (ans?|annees?|mois|semaines?) "
)
_YEAR = re.compile(r" (?:en|depuis|de|d) (19\d\d|20\d\d) ")
# "maintenant" and "aujourd'hui" are not here: "ça va maintenant" says an event is over.
_NOW = (
    "ce matin",
    "cette nuit",
    "ce soir",
    "cet apres midi",
    "tout a l heure",
    "a l instant",
    "depuis hier",
    "hier",
    "avant hier",
    "depuis ce matin",
    "il y a une heure",
    "il y a deux heures",
    "il y a quelques minutes",
    "la tout de suite",
    "en train de",
    "vient de",
    "viens de",
    "toujours par terre",
    "encore par terre",
    "de nouveau",
    "a nouveau",
    "retomb*",
    "encore",
    "toujours",
    "depuis deux jours",
    "depuis trois jours",
    "ces jours ci",
)


def long_ago(normalised: str) -> bool:
    """A time placed weeks, months or years back ("il y a trois ans", "l'an dernier")."""
    if has_any(normalised, _LONG_AGO) or _YEAR.search(normalised):
        return True
    found = _AGO.search(f" {words_to_digits(normalised)} ")
    if found is None:
        return False
    amount, unit = found.groups()
    if unit.startswith("semaine"):
        return not amount.isdigit() or int(amount) >= 2
    return True


def just_now(normalised: str) -> bool:
    """A time placed today or yesterday, or a state that is still going on."""
    return has_any(normalised, _NOW)
