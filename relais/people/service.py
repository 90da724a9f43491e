"""People: creation with data minimisation, age bands."""

from __future__ import annotations

from relais.people.models import AgeBand


def age_band(age: int | None) -> AgeBand:
    """The band of an approximate age; nonsense ages give UNKNOWN rather than a wrong band."""
    if age is None or age < 0 or age > 120:
        return AgeBand.UNKNOWN
    if age < 60:
        return AgeBand.UNDER_60
    if age < 75:
        return AgeBand.FROM_60_TO_74
    if age < 85:
        return AgeBand.FROM_75_TO_84
    return AgeBand.FROM_85
