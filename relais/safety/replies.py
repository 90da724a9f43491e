"""The answer to danger: short French messages, one idea each, read aloud or sent by SMS."""

from __future__ import annotations

from relais.safety.detect import DangerMatch
from relais.safety.patterns import DangerKind

NUMBER_NAMES: dict[str, str] = {
    "15": "le 15, le SAMU",
    "17": "le 17, police ou gendarmerie",
    "18": "le 18, les pompiers",
    "112": "le 112",
    "3114": "le 3114",
}

_OPENING: dict[DangerKind, str] = {
    DangerKind.FALL: "Une chute demande une aide rapide.",
    DangerKind.MEDICAL: "Cela peut être grave.",
    DangerKind.NO_SIGN_OF_LIFE: "La personne est peut-être en danger chez elle.",
    DangerKind.SUICIDAL: "Merci de me l'avoir dit. Ce que vous vivez compte.",
    DangerKind.OTHER: "Cela peut être dangereux.",
}

_ADVICE: dict[DangerKind, str | None] = {
    DangerKind.FALL: "Si vous êtes près de la personne, ne la relevez pas de force.",
    DangerKind.MEDICAL: "Restez près de la personne et suivez les conseils donnés au téléphone.",
    DangerKind.NO_SIGN_OF_LIFE: "Ils peuvent se rendre sur place et entrer si nécessaire.",
    DangerKind.SUICIDAL: None,
    DangerKind.OTHER: "Mettez-vous à l'abri si vous êtes sur place.",
}

TEAM_NOTICE = "Je transmets aussi votre message en urgence à notre équipe."


def _say(number: str) -> str:
    return NUMBER_NAMES.get(number, f"le {number}")


def _call_line(numbers: tuple[str, ...]) -> str:
    names = [_say(n) for n in numbers]
    if len(names) == 1:
        return f"Appelez tout de suite {names[0]}."
    return f"Appelez tout de suite {', '.join(names[:-1])}, ou {names[-1]}."


def emergency_reply(match: DangerMatch) -> list[str]:
    """The messages to send at once, in order: what this is, whom to call, what to do, what next.

    "vous", no emoji, one idea per message; every number of `match.numbers` is said.
    """
    lines = [_OPENING[match.kind]]
    if match.kind is DangerKind.SUICIDAL and "3114" in match.numbers:
        lines.append(
            "Appelez le 3114, à toute heure : des professionnels vous écoutent, gratuitement,"
            " vous ou vos proches."
        )
        others = tuple(n for n in match.numbers if n != "3114")
        if others:
            lines.append(
                "Si vous êtes en danger maintenant, appelez "
                + " ou ".join(_say(n) for n in others)
                + "."
            )
    else:
        lines.append(_call_line(match.numbers))
    advice = _ADVICE[match.kind]
    if advice:
        lines.append(advice)
    lines.append(TEAM_NOTICE)
    return lines


# The numbers given when a reporter says the person is in danger now (answer to the form).
REPORTED_DANGER = DangerMatch(
    kind=DangerKind.NO_SIGN_OF_LIFE, numbers=("15", "17", "112"), phrase="reported_in_form"
)
# The NLU cannot tell a fall from a malaise: the numbers for any medical emergency, then the
# suicide prevention line, said apart.
NLU_EMERGENCY = DangerMatch(kind=DangerKind.MEDICAL, numbers=("15", "17", "112"), phrase="nlu")
SUICIDE_LINE = "Si vous pensez au suicide, appelez le 3114, à toute heure."


def nlu_emergency_reply() -> list[str]:
    """What is said when the NLU alone saw an emergency."""
    return [*emergency_reply(NLU_EMERGENCY), SUICIDE_LINE]
