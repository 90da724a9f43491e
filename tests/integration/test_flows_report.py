"""A neighbour's report through the web chat, with the real Rasa and action server."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.orm import Session

from relais.cases.models import CaseStatus, Channel, Origin, ReporterRelation
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import consent_records_for_case
from tests.conftest import shown
from tests.integration.flows import Chat, only_case

pytestmark = pytest.mark.integration


def test_a_neighbours_report_with_the_persons_consent(api: httpx.Client, session: Session) -> None:
    chat = Chat(api)
    # Relation and age are in the first message: they are not asked again.
    assert "commune" in chat.say("bonjour, ma voisine de 88 ans ne sort plus de chez elle")
    assert "adresse" in chat.say("Guéret")
    assert "remarqué" in chat.say("12 rue des Lilas")
    assert "danger" in chat.say("elle ne fait plus ses courses et ne voit plus personne")
    assert chat.buttons == ["/affirm", "/deny", "/consent_unknown"]
    assert "d'accord pour que nous la contactions" in chat.press(2)
    assert chat.buttons == ["/affirm", "/deny", "/consent_unknown"]
    assert "numéro de téléphone" in chat.press(1)
    assert "message" in chat.say("06 12 34 56 78")
    done = chat.press(1)

    case = only_case(session)
    assert case.reference in done
    assert "environ 88 ans, à Guéret" in done
    assert case.status is CaseStatus.NEW
    assert (case.channel, case.origin) == (Channel.WEB, Origin.THIRD_PARTY)
    assert case.reporter_relation is ReporterRelation.NEIGHBOUR
    assert case.commune_insee == "23096"
    assert case.reporter_phone == "+33612345678"
    assert case.reporter_wants_feedback
    assert case.danger_now is False
    assert case.isolation_level is None  # a report is not an assessment: staff qualify it
    assert shown(case)["Adresse"] == "12 rue des Lilas"
    records = {(r.subject, r.scope): r for r in consent_records_for_case(session, case.id)}
    person = records[(ConsentSubject.PERSON, ConsentScope.CONTACT)]
    assert (person.source, person.decision) == (ConsentSource.THIRD_PARTY, ConsentDecision.GIVEN)
    assert (
        records[(ConsentSubject.REPORTER, ConsentScope.REPORTER_FEEDBACK)].decision
        is ConsentDecision.GIVEN
    )


def test_a_report_without_the_persons_consent_is_aller_vers(
    api: httpx.Client, session: Session
) -> None:
    chat = Chat(api)
    assert "Qui êtes-vous" in chat.say("je voudrais signaler une personne âgée isolée")
    assert len(chat.buttons) == 9
    assert "commune" in chat.press(5)  # the postman
    assert "adresse" in chat.say("la souterraine")
    assert "âge" in chat.say("non")
    assert "remarqué" in chat.say("dans les quatre-vingts")
    assert "danger" in chat.say("il ne relève plus son courrier depuis une semaine")
    assert "d'accord" in chat.say("non je ne pense pas")
    assert "numéro" in chat.say("non il ne veut pas qu'on l'embête")
    done = chat.say("je préfère ne pas le donner")

    case = only_case(session)
    assert case.status is CaseStatus.AWAITING_CONTACT
    assert case.reporter_relation is ReporterRelation.POSTMAN
    assert case.commune_insee == "23176"
    assert case.person is not None
    assert case.person.first_name is None
    assert case.reporter_phone is None
    assert "délicatesse" in done
    decisions = {
        (r.subject, r.scope): (r.source, r.decision)
        for r in consent_records_for_case(session, case.id)
    }
    assert decisions[(ConsentSubject.PERSON, ConsentScope.CONTACT)] == (
        ConsentSource.THIRD_PARTY,
        ConsentDecision.REFUSED,
    )
    assert decisions[(ConsentSubject.REPORTER, ConsentScope.CONTACT)] == (
        ConsentSource.SELF,
        ConsentDecision.REFUSED,
    )


def test_an_ambiguous_commune_is_settled_by_a_choice(api: httpx.Client, session: Session) -> None:
    chat = Chat(api)
    chat.say("je m'inquiète pour mon voisin")
    ambiguous = chat.say("Saint-Martin")
    assert "Plusieurs communes" in ambiguous
    assert chat.buttons[-1] == "/deny"
    offered = [b for b in chat.buttons if "insee:" in b]
    assert len(offered) >= 2
    assert "adresse" in chat.press(1)
    chat.say("non")
    chat.say("85 ans ou plus")
    chat.say("il ne sort plus")
    chat.say("non")
    chat.say("oui")
    chat.say("06 12 34 56 78")
    chat.say("non merci")

    case = only_case(session)
    chosen = offered[0].split("insee:")[1].split('"')[0]
    assert case.commune_insee == chosen
    assert case.status is CaseStatus.NEW
    assert not case.reporter_wants_feedback


def test_a_newcomers_words_end_in_a_correct_case(api: httpx.Client, session: Session) -> None:
    chat = Chat(api)
    assert "commune" in chat.say("jsuis inquiete pour ma voisine elle sort plus")
    assert "adresse" in chat.say("a gueret")
    assert "âge" in chat.say("jsp")
    assert "remarqué" in chat.say("80 ans a peu pres")
    assert "danger" in chat.say("elle sort plus fait ses courses plus rien depuis 1 mois")
    assert "d'accord" in chat.say("non")
    assert "numéro" in chat.say("jsp")
    assert "message" in chat.say("0612345678")
    done = chat.say("oui stp")

    case = only_case(session)
    assert case.reporter_relation is ReporterRelation.NEIGHBOUR
    assert case.commune_insee == "23096"
    assert shown(case)["Âge"] == "environ 80 ans (« 80 ans a peu pres »)"  # words kept
    assert "courses" in (case.observation or "")
    assert case.status is CaseStatus.AWAITING_CONTACT  # the neighbour does not know her wishes
    assert case.reporter_phone == "+33612345678"
    assert case.reporter_wants_feedback
    assert case.reference in done
