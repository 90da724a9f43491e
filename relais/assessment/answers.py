"""What a person answers to the assessment, in a form the level can be computed from."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

ASSESSMENT_VERSION = "relais-isolation-v1"


class Network(StrEnum):
    """Sociability networks (Fondation de France) the person is in touch with monthly."""

    FAMILY = "family"  # family outside the home
    FRIENDS = "friends"
    NEIGHBOURS = "neighbours"
    GROUPS = "groups"  # an association, a club, a group


class Frequency(StrEnum):
    """The three answers of each UCLA question."""

    HARDLY_EVER = "hardly_ever"
    SOME_OF_THE_TIME = "some_of_the_time"
    OFTEN = "often"


class UclaItem(StrEnum):
    COMPANIONSHIP = "companionship"  # how often do you feel you lack companionship?
    LEFT_OUT = "left_out"  # ... left out?
    ISOLATED = "isolated"  # ... isolated from others?


class RuptureEvent(StrEnum):
    BEREAVEMENT = "bereavement"  # widowhood, loss of a close one
    RETIREMENT = "retirement"
    MOVE = "move"
    HOSPITAL_STAY = "hospital_stay"


class Wish(StrEnum):
    """What would help, as the person says it."""

    VISITS = "visits"
    CALLS = "calls"
    ACTIVITIES = "activities"
    OUTINGS = "outings"
    TRANSPORT = "transport"


UCLA_POINTS = {Frequency.HARDLY_EVER: 1, Frequency.SOME_OF_THE_TIME: 2, Frequency.OFTEN: 3}
# Total of the three items, 3 to 9; 6 or more is commonly read as lonely (Hughes et al., 2004).
LONELY_FROM = 6


@dataclass(frozen=True)
class AssessmentAnswers:
    """The answers given. A network not confirmed counts as absent: when in doubt, the level
    errs towards more attention, never less."""

    networks: frozenset[Network] = frozenset()
    ucla: dict[UclaItem, Frequency] = field(default_factory=dict)
    rupture_events: frozenset[RuptureEvent] = frozenset()
    caregiving: bool | None = None
    health_or_mobility_limits: bool | None = None
    wishes: frozenset[Wish] = frozenset()
    danger_now: bool = False

    @property
    def ucla_score(self) -> int | None:
        """3 (hardly ever lonely) to 9 (often); None until the three questions are answered."""
        if set(self.ucla) != set(UclaItem):
            return None
        return sum(UCLA_POINTS[answer] for answer in self.ucla.values())

    @property
    def lonely(self) -> bool:
        """UCLA-3 of 6 or more. With one item not determined (an answer nobody could read),
        the two others are prorated (scored as if the third were their mean), the usual
        practice for a short scale; with fewer than two answers, not lonely by the scale."""
        score = self.ucla_score
        if score is not None:
            return score >= LONELY_FROM
        if len(self.ucla) < len(UclaItem) - 1:
            return False
        points = sum(UCLA_POINTS[answer] for answer in self.ucla.values())
        return points * len(UclaItem) >= LONELY_FROM * len(self.ucla)

    @property
    def loss_of_autonomy(self) -> bool:
        return bool(self.health_or_mobility_limits)

    def as_record(self) -> dict[str, Any]:
        """The answers as stored in `Case.assessment` (stable keys, JSON values)."""
        return {
            "version": ASSESSMENT_VERSION,
            "networks": sorted(n.value for n in self.networks),
            "network_count": len(self.networks),
            "ucla": {item.value: answer.value for item, answer in self.ucla.items()},
            "ucla_score": self.ucla_score,
            "lonely": self.lonely,
            "rupture_events": sorted(e.value for e in self.rupture_events),
            "caregiving": self.caregiving,
            "health_or_mobility_limits": self.health_or_mobility_limits,
            "wishes": sorted(w.value for w in self.wishes),
            "danger_now": self.danger_now,
        }
