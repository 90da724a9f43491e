"""The isolation level and the orientation it proposes (docs/design.md, CNSA guide 4.3 and 4.5).

    urgent  danger now
    high    no sociability network, or lonely with a rupture event or a loss of autonomy
    medium  one network, or lonely
    low     otherwise

Staff confirm or change the proposal in the back-office, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from relais.assessment.answers import AssessmentAnswers
from relais.cases.models import IsolationLevel, Orientation

ORIENTATION_FOR_LEVEL: dict[IsolationLevel, Orientation] = {
    IsolationLevel.URGENT: Orientation.EMERGENCY_SERVICES,
    IsolationLevel.HIGH: Orientation.SOCIAL_EVALUATION,
    IsolationLevel.MEDIUM: Orientation.CITIZEN_VISITS,
    IsolationLevel.LOW: Orientation.ACTIVITIES_INFORMATION,
}


@dataclass(frozen=True)
class Assessment:
    level: IsolationLevel
    orientation: Orientation


def isolation_level(answers: AssessmentAnswers) -> IsolationLevel:
    if answers.danger_now:
        return IsolationLevel.URGENT
    networks = len(answers.networks)
    if networks == 0:
        return IsolationLevel.HIGH
    if answers.lonely and (answers.rupture_events or answers.loss_of_autonomy):
        return IsolationLevel.HIGH
    if networks == 1 or answers.lonely:
        return IsolationLevel.MEDIUM
    return IsolationLevel.LOW


def assess(answers: AssessmentAnswers) -> Assessment:
    level = isolation_level(answers)
    return Assessment(level=level, orientation=ORIENTATION_FOR_LEVEL[level])
