"""The isolation level and its orientation (docs/design.md): answers and what they give."""

from __future__ import annotations

import pytest

from relais.assessment.answers import (
    AssessmentAnswers,
    Frequency,
    Network,
    RuptureEvent,
    UclaItem,
)
from relais.assessment.level import assess, isolation_level
from relais.cases.models import IsolationLevel, Orientation

HARDLY, SOMETIMES, OFTEN = Frequency.HARDLY_EVER, Frequency.SOME_OF_THE_TIME, Frequency.OFTEN
ALL_NETWORKS = frozenset(Network)


def ucla(
    companionship: Frequency, left_out: Frequency, isolated: Frequency
) -> dict[UclaItem, Frequency]:
    return {
        UclaItem.COMPANIONSHIP: companionship,
        UclaItem.LEFT_OUT: left_out,
        UclaItem.ISOLATED: isolated,
    }


NOT_LONELY = ucla(SOMETIMES, SOMETIMES, HARDLY)  # 5: just under the threshold
LONELY = ucla(SOMETIMES, SOMETIMES, SOMETIMES)  # 6: the threshold
VERY_LONELY = ucla(OFTEN, OFTEN, OFTEN)  # 9

CASES = [
    # (what the person answered, the level)
    (
        "danger now, whatever else",
        AssessmentAnswers(networks=ALL_NETWORKS, danger_now=True),
        IsolationLevel.URGENT,
    ),
    ("no network at all", AssessmentAnswers(ucla=NOT_LONELY), IsolationLevel.HIGH),
    (
        "no network, not even lonely",
        AssessmentAnswers(ucla=ucla(HARDLY, HARDLY, HARDLY)),
        IsolationLevel.HIGH,
    ),
    (
        "lonely after a bereavement",
        AssessmentAnswers(
            networks=frozenset({Network.FAMILY, Network.FRIENDS}),
            ucla=LONELY,
            rupture_events=frozenset({RuptureEvent.BEREAVEMENT}),
        ),
        IsolationLevel.HIGH,
    ),
    (
        "lonely and cannot go out",
        AssessmentAnswers(networks=ALL_NETWORKS, ucla=VERY_LONELY, health_or_mobility_limits=True),
        IsolationLevel.HIGH,
    ),
    (
        "lonely after a hospital stay",
        AssessmentAnswers(
            networks=frozenset({Network.GROUPS, Network.FAMILY}),
            ucla=LONELY,
            rupture_events=frozenset({RuptureEvent.HOSPITAL_STAY}),
        ),
        IsolationLevel.HIGH,
    ),
    (
        "one network only",
        AssessmentAnswers(networks=frozenset({Network.FAMILY}), ucla=NOT_LONELY),
        IsolationLevel.MEDIUM,
    ),
    (
        "one network, a move, not lonely",
        AssessmentAnswers(
            networks=frozenset({Network.NEIGHBOURS}),
            ucla=NOT_LONELY,
            rupture_events=frozenset({RuptureEvent.MOVE}),
        ),
        IsolationLevel.MEDIUM,
    ),
    (
        "lonely with two networks and nothing else",
        AssessmentAnswers(networks=frozenset({Network.FAMILY, Network.FRIENDS}), ucla=LONELY),
        IsolationLevel.MEDIUM,
    ),
    (
        "a rupture without loneliness is not enough",
        AssessmentAnswers(
            networks=frozenset({Network.FAMILY, Network.FRIENDS}),
            ucla=NOT_LONELY,
            rupture_events=frozenset({RuptureEvent.RETIREMENT}),
        ),
        IsolationLevel.LOW,
    ),
    (
        "limits without loneliness",
        AssessmentAnswers(networks=ALL_NETWORKS, ucla=NOT_LONELY, health_or_mobility_limits=True),
        IsolationLevel.LOW,
    ),
    (
        "two networks, not lonely",
        AssessmentAnswers(networks=frozenset({Network.FAMILY, Network.GROUPS}), ucla=NOT_LONELY),
        IsolationLevel.LOW,
    ),
    (
        "caregiving alone does not raise the level",
        AssessmentAnswers(
            networks=ALL_NETWORKS, ucla=ucla(HARDLY, HARDLY, HARDLY), caregiving=True
        ),
        IsolationLevel.LOW,
    ),
    (
        "loneliness not fully answered counts as not lonely",
        AssessmentAnswers(networks=ALL_NETWORKS, ucla={UclaItem.COMPANIONSHIP: OFTEN}),
        IsolationLevel.LOW,
    ),
]


@pytest.mark.parametrize(("answers", "level"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_level(answers: AssessmentAnswers, level: IsolationLevel) -> None:
    assert isolation_level(answers) is level


@pytest.mark.parametrize(
    ("level", "orientation"),
    [
        (IsolationLevel.URGENT, Orientation.EMERGENCY_SERVICES),
        (IsolationLevel.HIGH, Orientation.SOCIAL_EVALUATION),
        (IsolationLevel.MEDIUM, Orientation.CITIZEN_VISITS),
        (IsolationLevel.LOW, Orientation.ACTIVITIES_INFORMATION),
    ],
)
def test_the_orientation_follows_the_level(level: IsolationLevel, orientation: Orientation) -> None:
    answers = next(c[1] for c in CASES if c[2] is level)
    assert assess(answers).orientation is orientation


@pytest.mark.parametrize(
    ("answers", "score", "lonely"),
    [
        (ucla(HARDLY, HARDLY, HARDLY), 3, False),
        (NOT_LONELY, 5, False),
        (LONELY, 6, True),
        (VERY_LONELY, 9, True),
    ],
)
def test_ucla_score_and_threshold(
    answers: dict[UclaItem, Frequency], score: int, lonely: bool
) -> None:
    assessment = AssessmentAnswers(ucla=answers)
    assert assessment.ucla_score == score
    assert assessment.lonely is lonely


def test_the_stored_record_keeps_every_answer() -> None:
    answers = AssessmentAnswers(
        networks=frozenset({Network.FRIENDS}),
        ucla=LONELY,
        rupture_events=frozenset({RuptureEvent.BEREAVEMENT}),
        caregiving=False,
        health_or_mobility_limits=True,
    )
    record = answers.as_record()
    assert record["networks"] == ["friends"]
    assert record["network_count"] == 1
    assert record["ucla"] == {
        "companionship": "some_of_the_time",
        "left_out": "some_of_the_time",
        "isolated": "some_of_the_time",
    }
    assert record["ucla_score"] == 6
    assert record["rupture_events"] == ["bereavement"]
    assert record["health_or_mobility_limits"] is True
    assert record["version"] == "relais-isolation-v1"
