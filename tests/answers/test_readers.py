"""Answers as people give them: typed on a phone, said aloud, without accents, in SMS spelling.

These sentences are our own tests, apart from the development set (eval/) and the training data."""

from __future__ import annotations

from datetime import date

import pytest

from relais.answers import assessment, contact, people
from relais.answers.contact import PreferredChannel, TimeOfDay
from relais.answers.interrupt import Interruption, interruption
from relais.answers.yes_no import YesNo, yes_no
from relais.assessment.answers import Frequency, RuptureEvent, Wish
from relais.cases.models import ReporterRelation
from relais.people.models import AgeBand
from relais.phone.numbers import spoken


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", YesNo.YES),
        ("Oui bien sûr", YesNo.YES),
        ("ouais", YesNo.YES),
        ("ok", YesNo.YES),
        ("d'accord", YesNo.YES),
        ("elle est d'accord", YesNo.YES),
        ("je pense que oui", YesNo.YES),
        ("non", YesNo.NO),
        ("non merci", YesNo.NO),
        ("nan", YesNo.NO),
        ("pas du tout", YesNo.NO),
        ("elle ne veut pas", YesNo.NO),
        ("elle n'est pas d'accord", YesNo.NO),
        ("je sais pas", YesNo.UNKNOWN),
        ("jsp", YesNo.UNKNOWN),
        ("aucune idée", YesNo.UNKNOWN),
        ("peut-être", YesNo.UNKNOWN),
        ("euh", None),
        ("elle habite à Guéret", None),
    ],
)
def test_yes_no_from_words(text: str, expected: YesNo | None) -> None:
    assert yes_no(text) is expected


def test_yes_no_from_a_payload_or_a_sure_intent() -> None:
    assert yes_no("/affirm", "affirm", 1.0) is YesNo.YES
    assert yes_no("/consent_unknown", "consent_unknown", 1.0) is YesNo.UNKNOWN
    assert yes_no("carrément volontiers", "affirm", 0.3) is YesNo.YES
    assert yes_no("bof", "affirm", 0.3) is None  # an unsure intent is no answer


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("je suis sa voisine", ReporterRelation.NEIGHBOUR),
        ("voisin du dessus", ReporterRelation.NEIGHBOUR),
        ("sa fille", ReporterRelation.FAMILY),
        ("c'est ma grand-mère", ReporterRelation.FAMILY),
        ("infirmière libérale", ReporterRelation.HEALTH_PROFESSIONAL),
        ("son kiné", ReporterRelation.HEALTH_PROFESSIONAL),
        ("je suis son aide à domicile", ReporterRelation.HOME_HELP),
        ("auxiliaire de vie", ReporterRelation.HOME_HELP),
        ("la boulangère du village", ReporterRelation.SHOPKEEPER),
        ("gardienne de l'immeuble", ReporterRelation.CARETAKER),
        ("le facteur", ReporterRelation.POSTMAN),
        ("je suis le maire", ReporterRelation.ELECTED_OFFICIAL),
        ("une amie", ReporterRelation.OTHER),
        ("qwerty", None),
    ],
)
def test_relation(text: str, relation: ReporterRelation | None) -> None:
    assert people.relation(text) is relation


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("jsuis inquiete pour ma voisine elle sort plus", ReporterRelation.NEIGHBOUR),
        ("ma voisine de 88 ans ne sort plus", ReporterRelation.NEIGHBOUR),
        ("mon pere ne mange plus", ReporterRelation.FAMILY),
        ("je suis son infirmière et je m'inquiète", ReporterRelation.HEALTH_PROFESSIONAL),
        ("une dame de mon quartier ne sort plus", None),
        ("ma voisine et ma mère sont seules", None),  # two relations: ask
    ],
)
def test_relation_said_in_passing(text: str, relation: ReporterRelation | None) -> None:
    assert people.relation_in_opening(text) is relation


TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "age", "band"),
    [
        ("88", 88, AgeBand.FROM_85),
        ("elle a 88 ans", 88, AgeBand.FROM_85),
        ("environ 75 ans", 75, AgeBand.FROM_75_TO_84),
        ("dans les 80", 83, AgeBand.FROM_75_TO_84),
        ("la quatre-vingtaine", 83, AgeBand.FROM_75_TO_84),
        ("quatre vingt cinq", 85, AgeBand.FROM_85),
        ("quatre-vingt-douze ans", 92, AgeBand.FROM_85),
        ("soixante dix huit", 78, AgeBand.FROM_75_TO_84),
        ("née en 1938", 88, AgeBand.FROM_85),
        ("plus de 90 ans", 91, AgeBand.FROM_85),
        ("moins de 60 ans", 59, AgeBand.UNDER_60),
        ("je sais pas", None, AgeBand.UNKNOWN),
    ],
)
def test_age(text: str, age: int | None, band: AgeBand) -> None:
    assert people.age(text, TODAY) == people.AgeAnswer(age, band)


@pytest.mark.parametrize("text", ["bof", "12", "elle est gentille"])
def test_no_age(text: str) -> None:
    assert people.age(text, TODAY) is None


def test_age_said_in_passing_only_when_plausible() -> None:
    assert people.age_in_opening("ma voisine de 88 ans ne sort plus") == 88
    assert people.age_in_opening("elle ne sort plus depuis 2 ans") is None
    assert people.age_in_opening("ma voisine ne sort plus") is None


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("souvent", Frequency.OFTEN),
        ("tout le temps", Frequency.OFTEN),
        ("de temps en temps", Frequency.SOME_OF_THE_TIME),
        ("parfois oui", Frequency.SOME_OF_THE_TIME),
        ("pas souvent", Frequency.HARDLY_EVER),
        ("presque jamais", Frequency.HARDLY_EVER),
        ("je ne comprends pas", None),
    ],
)
def test_frequency(text: str, frequency: Frequency | None) -> None:
    assert assessment.frequency(text) is frequency


def test_rupture_events_and_wishes() -> None:
    assert assessment.rupture_events("mon mari est décédé l'an dernier") == {
        RuptureEvent.BEREAVEMENT
    }
    assert assessment.rupture_events("retraitée et j'ai déménagé") == {
        RuptureEvent.RETIREMENT,
        RuptureEvent.MOVE,
    }
    assert assessment.rupture_events("j'ai été hospitalisée en mars") == {
        RuptureEvent.HOSPITAL_STAY
    }
    assert assessment.rupture_events("non rien de cela") == frozenset()
    assert assessment.rupture_events("bleu") is None
    assert assessment.wishes("quelqu'un pour discuter au téléphone") == {Wish.CALLS}
    assert assessment.wishes("un club de belote et des sorties") == {Wish.ACTIVITIES, Wish.OUTINGS}
    assert assessment.wishes("je sais pas") == frozenset()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 45 78 12 90", "+33645781290"),
        ("0033612345678", "+33612345678"),
        ("mon numéro c'est le 05 55 52 12 34", "+33555521234"),
        ("0590 12 34 56", "+590590123456"),
        ("12", None),
        ("06 12 34", None),
    ],
)
def test_phone_numbers_are_normalised(text: str, number: str | None) -> None:
    assert contact.phone(text) == number


def test_phone_numbers_are_written_back_the_french_way() -> None:
    assert spoken("+33612345678") == "06 12 34 56 78"


def test_channel_time_and_first_name() -> None:
    assert contact.preferred_channel("par texto plutôt") is PreferredChannel.SMS
    assert contact.preferred_channel("au téléphone fixe") is PreferredChannel.CALL
    assert contact.time_of_day("plutôt le matin") is TimeOfDay.MORNING
    assert contact.time_of_day("vers 15h") is TimeOfDay.AFTERNOON
    assert contact.time_of_day("quand vous voulez") is TimeOfDay.ANY
    assert people.first_name("je m'appelle Colette") == "Colette"
    assert people.first_name("jean-pierre") == "Jean-Pierre"
    assert people.first_name("je préfère ne pas le dire") == ""
    assert people.first_name("elle est tombée hier dans la cuisine, aidez-moi") is None


@pytest.mark.parametrize(
    ("intent", "confidence", "text", "understood", "free_text", "expected"),
    [
        (
            "request_human",
            0.95,
            "je veux parler à quelqu'un",
            False,
            False,
            Interruption.ANSWER_ELSEWHERE,
        ),
        ("request_human", 0.4, "euh", False, False, Interruption.NONE),
        ("affirm", 0.99, "oui", True, False, Interruption.NONE),
        ("opt_out", 0.99, "STOP", False, False, Interruption.CONFIRM_STOP),
        ("goodbye", 0.9, "au revoir", False, True, Interruption.CONFIRM_STOP),
        ("erase_data", 0.9, "supprimez mes données", False, False, Interruption.CONFIRM_STOP),
        ("ask_activities", 0.9, "il y a un club ?", False, False, Interruption.ANSWER_ELSEWHERE),
        # A description that sounds like a request is still a description.
        (
            "request_human",
            0.7,
            "elle a besoin de voir quelqu'un, elle ne parle plus à personne",
            False,
            True,
            Interruption.NONE,
        ),
        (
            "emergency",
            0.7,
            "elle ne répond plus au téléphone depuis deux jours et ses volets restent fermés",
            False,
            True,
            Interruption.ANSWER_ELSEWHERE,
        ),
        ("greet", 0.99, "bonjour", False, False, Interruption.GREETING),
        (
            "EXTERNAL_danger",
            1.0,
            "EXTERNAL: EXTERNAL_danger",
            False,
            False,
            Interruption.ANSWER_ELSEWHERE,
        ),
        ("report_someone", 0.9, "ma voisine", False, False, Interruption.NONE),
    ],
)
def test_interruptions(
    intent: str,
    confidence: float,
    text: str,
    understood: bool,
    free_text: bool,
    expected: Interruption,
) -> None:
    assert (
        interruption(intent, confidence, text, understood=understood, free_text=free_text)
        is expected
    )
