"""What a case holds, in French for staff: the typed values the assistant collected
(`Case.collected`, by kind of intake) and the assessment (`Case.assessment`), as lines of
(label, text). The words a person said are shown beside what was read from them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from relais.answers.contact import PreferredChannel, TimeOfDay
from relais.answers.yes_no import YesNo
from relais.assessment.answers import Frequency, RuptureEvent, Wish
from relais.cases import wording
from relais.cases.models import (
    CallbackReason,
    CaseDanger,
    IntakeKind,
    IsolationLevel,
    Orientation,
    ReporterRelation,
)
from relais.followups.models import CheckinOutcome
from relais.people.models import AgeBand
from relais.phone.numbers import spoken

Line = tuple[str, str]
Record = Mapping[str, Any]
NOT_DETERMINED = "Non déterminé"


def with_words(reading: str, said: str | None) -> str:
    """A reading with the words it was read from, so that staff see both."""
    if not said or said.casefold() == reading.casefold():
        return reading
    return f"{reading} (« {said} »)"


def _commune(record: Record) -> list[Line]:
    commune = record.get("commune")
    if commune:
        postcode = f" ({commune['postcode']})" if commune.get("postcode") else ""
        return [("Commune", f"{commune['name']}{postcode}")]
    said = record.get("commune_said")
    return [("Commune (non reconnue)", said)] if said else []


def _incomplete(record: Record, label: str) -> list[Line]:
    if record.get("complete", True):
        return []
    reason = record.get("stop_reason")
    return [(label, wording.STOP_REASON.get(reason or "", "Conversation interrompue"))]


def report_lines(record: Record, timezone: str) -> list[Line]:
    said = record.get("said") or {}
    lines: list[Line] = []
    if record.get("opening"):
        lines.append(("Premier message", record["opening"]))
    if record.get("relation"):
        relation = wording.RELATION[ReporterRelation(record["relation"])]
        words = record.get("relation_said")
        if words and record["relation"] in {"other", "social_worker"}:
            relation += f" ({words})"
        lines.append(("Lien avec la personne", relation))
    lines += _commune(record)
    if record.get("address") is not None:
        lines.append(("Adresse", record["address"] or "Non connue"))
    age = record.get("age")
    band = AgeBand(record.get("age_band") or AgeBand.UNKNOWN)
    age_words = f"environ {age} ans" if age is not None else wording.AGE_BAND_PHRASE[band]
    lines.append(("Âge", with_words(age_words, said.get("age_band"))))
    if record.get("observation"):
        lines.append(("Ce qui a été observé", record["observation"]))
    if record.get("danger_now") is not None or record.get("complete", True):
        danger = wording.yes_no(record.get("danger_now"))
        lines.append(("Danger immédiat", with_words(danger, said.get("danger_now"))))
    consent = wording.YES_NO[YesNo(record.get("person_consent") or YesNo.UNKNOWN)]
    lines.append(
        (
            "Accord de la personne (selon le signalant)",
            with_words(consent, said.get("person_consent")),
        )
    )
    phone = record.get("reporter_phone")
    if phone:
        lines.append(("Le signalant peut être rappelé", f"Oui, au {spoken(phone)}"))
        lines.append(
            ("Le signalant souhaite des nouvelles", wording.yes_no(record.get("wants_feedback")))
        )
    elif record.get("reporter_contact_ok") is False:
        lines.append(("Le signalant peut être rappelé", "Non"))
    return lines + _incomplete(record, "Signalement incomplet")


def referral_lines(record: Record, timezone: str) -> list[Line]:
    """What a self-referral says besides its assessment (shown with `assessment_lines`)."""
    said = record.get("said") or {}
    lines: list[Line] = []
    if record.get("story"):
        lines.append(("Ce que la personne a confié", record["story"]))
    contact = wording.yes_no(record.get("contact_consent"))
    lines.append(("Accepte d'être contacté", with_words(contact, said.get("contact_consent"))))
    if record.get("share_consent") is not None:
        share = wording.yes_no(record["share_consent"])
        lines.append(
            (
                "Accepte le partage avec une structure partenaire",
                with_words(share, said.get("share_consent")),
            )
        )
    if record.get("preferred_channel"):
        channel = wording.PREFERRED_CHANNEL[PreferredChannel(record["preferred_channel"])]
        lines.append(("Préfère être contacté", with_words(channel, said.get("preferred_channel"))))
    if record.get("preferred_time"):
        when = wording.TIME_OF_DAY[TimeOfDay(record["preferred_time"])].capitalize()
        lines.append(("Moment préféré", with_words(when, record.get("preferred_time_said"))))
    return lines + _commune(record) + _incomplete(record, "Demande incomplète")


def checkin_lines(record: Record, timezone: str) -> list[Line]:
    answer = wording.CHECKIN_ANSWER[CheckinOutcome(record["answer"])]
    lines = [("Réponse à l'appel de suivi", answer)]
    if record.get("detail"):
        lines.append(("Ce qui ne va pas", record["detail"]))
    if record.get("phone"):
        lines.append(("Téléphone", spoken(record["phone"])))
    return lines


def danger_lines(record: Record, timezone: str) -> list[Line]:
    lines = [("Type de danger", wording.DANGER[CaseDanger(record["danger"])])]
    for key, title in (
        ("in_progress", "Recueilli avant l'urgence"),
        (IntakeKind.REPORT.value, "Signalement ajouté"),
        (IntakeKind.SELF_REFERRAL.value, "Demande de la personne ajoutée"),
    ):
        nested = record.get(key)
        if nested:
            lines.append((title, ""))
            lines += collected_lines(nested, timezone)
    return lines


def callback_lines(record: Record, timezone: str) -> list[Line]:
    lines = [("Demande", wording.CALLBACK_REASON[CallbackReason(record["reason"])])]
    if record.get("said"):
        lines.append(("Ce qui a été dit", record["said"]))
    if record.get("number_said"):
        lines.append(("Numéro donné, non reconnu", record["number_said"]))
    if record.get("phone"):
        lines.append(("Téléphone", spoken(record["phone"])))
    if record.get("recording_url"):
        lines.append(("Message vocal", record["recording_url"]))
    if record.get("call_back_from"):
        when = datetime.fromisoformat(record["call_back_from"])
        lines.append(("Rappel à partir de", wording.day_and_hour(when, timezone)))
    return lines


def followup_lines(record: Record, timezone: str) -> list[Line]:
    return [("Origine", "Suivi par appels mis en place par un professionnel")]


def unreached_lines(record: Record, timezone: str) -> list[Line]:
    streak = int(record.get("streak") or 1)
    lines = [
        ("Alerte", "Personne injoignable lors de l'appel de suivi"),
        ("Tentatives", f"{record.get('tries')} (appels et SMS) sans réponse"),
    ]
    if streak >= 2:
        lines.append(("Appels de suivi manqués d'affilée", str(streak)))
    if record.get("phone"):
        lines.append(("Téléphone", spoken(record["phone"])))
    return lines


_BY_KIND: dict[str, Callable[[Record, str], list[Line]]] = {
    IntakeKind.FOLLOWUP.value: followup_lines,
    IntakeKind.UNREACHED.value: unreached_lines,
    IntakeKind.REPORT.value: report_lines,
    IntakeKind.SELF_REFERRAL.value: referral_lines,
    IntakeKind.CHECKIN.value: checkin_lines,
    IntakeKind.DANGER.value: danger_lines,
    IntakeKind.CALLBACK.value: callback_lines,
}


def collected_lines(collected: Record, timezone: str = "Europe/Paris") -> list[Line]:
    """What the assistant collected, in French. A record without a kind (written before
    records were typed) is shown key by key, as it was stored."""
    render = _BY_KIND.get(str(collected.get("kind")))
    if render is not None:
        return render(collected, timezone)
    return [(str(key), _plain(value)) for key, value in collected.items()]


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value) or "—"
    if isinstance(value, dict):
        return " ; ".join(f"{k} : {_plain(v)}" for k, v in value.items())
    return str(value)


def _listing(labels: list[str], empty: str) -> str:
    return wording.listing(labels).capitalize() if labels else empty


def assessment_lines(
    assessment: Record,
    said: Mapping[str, str] | None = None,
    undetermined: frozenset[str] = frozenset(),
) -> list[Line]:
    """The isolation assessment, each answer with the words it was read from (`said`, by
    question), "Non déterminé" for answers nobody could read."""
    said = said or {}
    lines: list[Line] = []

    def item(question: str, label: str, reading: str) -> None:
        shown = NOT_DETERMINED if question in undetermined else reading
        lines.append((label, with_words(shown, said.get(question))))

    networks = set(assessment.get("networks") or [])
    for network, label in wording.NETWORK.items():
        item(f"network_{network.value}", label, wording.yes_no(network.value in networks))
    ucla = assessment.get("ucla") or {}
    for ucla_item, label in wording.UCLA.items():
        answer = ucla.get(ucla_item.value)
        reading = wording.FREQUENCY[Frequency(answer)] if answer else NOT_DETERMINED
        item(f"ucla_{ucla_item.value}", label, reading)
    score = assessment.get("ucla_score")
    lines.append(
        ("Score de solitude (UCLA-3, de 3 à 9)", str(score) if score is not None else "Incomplet")
    )
    lines.append(("Se sent seul (UCLA-3 de 6 ou plus)", wording.yes_no(assessment.get("lonely"))))
    events = [
        wording.RUPTURE_EVENT[RuptureEvent(e)] for e in assessment.get("rupture_events") or []
    ]
    item("rupture_events", "Changements récents", _listing(events, "Aucun"))
    item(
        "caregiving",
        "S'occupe d'un proche malade ou dépendant",
        _maybe(assessment.get("caregiving")),
    )
    health = _maybe(assessment.get("health_or_mobility_limits"))
    item("health_limits", "Santé ou mobilité limitent les sorties", health)
    wishes = [wording.WISH[Wish(w)] for w in assessment.get("wishes") or []]
    item("wishes", "Ce qui aiderait", _listing(wishes, "Ne sait pas"))
    if assessment.get("level"):
        lines.append(("Niveau proposé", wording.LEVEL[IsolationLevel(assessment["level"])]))
    if assessment.get("proposed_orientation"):
        orientation = Orientation(assessment["proposed_orientation"])
        lines.append(("Orientation proposée", wording.ORIENTATION[orientation]))
    if assessment.get("complete") is False:
        lines.append(("Évaluation complète", "Non : la conversation s'est arrêtée avant la fin"))
    return lines


def _maybe(value: bool | None) -> str:
    return NOT_DETERMINED if value is None else wording.yes_no(value)


def case_lines(
    collected: Record, timezone: str = "Europe/Paris"
) -> tuple[list[Line], Record, frozenset[str]]:
    """The lines of what was collected, and the words and undetermined answers of the
    self-referral behind the assessment (if any)."""
    referral = collected
    if collected.get("kind") == IntakeKind.DANGER.value:
        referral = collected.get(IntakeKind.SELF_REFERRAL.value) or {}
    if referral.get("kind") != IntakeKind.SELF_REFERRAL.value:
        return collected_lines(collected, timezone), {}, frozenset()
    said = referral.get("said") or {}
    return collected_lines(collected, timezone), said, frozenset(referral.get("undetermined") or [])


def event_summary(kind: str, detail: Mapping[str, Any]) -> str:
    """What follows the label of a timeline line written by the assistant or by Relais
    itself (staff actions have their own words in the page): "par SMS", "— incomplet"…"""
    parts: list[str] = []
    if detail.get("channel"):
        parts.append(f"par {wording.label(wording.CHANNEL, detail['channel']).lower()}")
    if detail.get("danger"):
        parts.append(wording.label(wording.DANGER, detail["danger"]).lower())
    if detail.get("by") == "safety_net":
        parts.append("détecté par le filet de sécurité")
    if kind in {"callback_requested", "callback_requested_again"} and detail.get("reason"):
        parts.append(wording.label(wording.CALLBACK_REASON, detail["reason"]).lower())
    if kind == "call_ended":
        parts.append(_call(detail))
    if kind.startswith(("checkin_", "followup_")):
        parts.append(_followup(kind, detail))
    if detail.get("level"):
        parts.append(f"niveau {wording.label(wording.LEVEL, detail['level']).lower()}")
    if detail.get("incomplete"):
        parts.append("incomplet")
    return " — ".join(p for p in parts if p)


def _call(detail: Mapping[str, Any]) -> str:
    direction = wording.label(wording.CALL_DIRECTION, detail.get("direction"))
    outcome = (
        wording.label(wording.CALL_OUTCOME, detail.get("outcome")) if detail.get("outcome") else ""
    )
    seconds = detail.get("duration_seconds")
    length = f", {seconds} s" if isinstance(seconds, int) and seconds > 0 else ""
    return f"{direction.lower()}{' : ' + outcome if outcome else ''}{length}"


def _followup(kind: str, detail: Mapping[str, Any]) -> str:
    """A follow-up's line: the schedule set, the pause, the attempt and what came of it."""
    parts: list[str] = []
    if detail.get("days"):
        days = ", ".join(wording.WEEKDAY.get(d, d) for d in detail["days"])
        channel = _lowered(wording.label(wording.FOLLOWUP_CHANNEL, detail.get("calls_by")))
        parts.append(f"{days} à {detail.get('at')} ({channel})")
    if kind == "followup_paused":
        until = f" au {detail['until']}" if detail.get("until") else ""
        reason = wording.label(wording.PAUSE_REASON, detail.get("reason")).lower()
        parts.append(f"du {detail.get('from')}{until} : {reason}")
    if kind == "followup_stopped" and detail.get("reason"):
        parts.append(wording.label(wording.FOLLOWUP_STOP_REASON, detail["reason"]).lower())
    if detail.get("try"):
        reason = wording.label(wording.ATTEMPT_REASON, detail.get("reason"))
        parts.append(f"essai n°{detail['try']} ({reason})")
    if detail.get("result") and kind != "checkin_answered":
        parts.append(_lowered(wording.label(wording.ATTEMPT_STATE, detail["result"])))
    if detail.get("outcome"):
        parts.append(wording.label(wording.ATTEMPT_OUTCOME, detail["outcome"]).lower())
    if detail.get("reference"):
        parts.append(f"dossier {detail['reference']}")
    return " — ".join(parts)


def _lowered(label: str) -> str:
    """A label inside a sentence: its first letter lowered ("SMS" keeps its capitals)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label
