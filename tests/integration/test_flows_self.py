"""A self-referral with the whole assessment, through the web chat and the real Rasa."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import CaseStatus, IsolationLevel, Orientation, Origin
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import consent_records_for_case
from relais.followups.models import FollowUp
from tests.integration.flows import Chat, only_case

pytestmark = pytest.mark.integration


def test_a_self_referral_with_the_full_assessment(api: httpx.Client, session: Session) -> None:
    chat = Chat(api)
    assert "un peu plus" in chat.say("depuis la mort de mon mari je ne vois plus personne")
    assert "famille" in chat.say("mes enfants habitent à Lyon, ils appellent à Noël")
    assert chat.buttons == ["/affirm", "/deny"]
    assert "amis" in chat.say("non pas vraiment")
    assert "voisins" in chat.press(2)
    assert "association" in chat.say("oui la voisine d'en face passe le dimanche")
    assert "compagnie" in chat.say("non")
    assert len(chat.buttons) == 3
    assert "côté" in chat.say("souvent")
    assert "isolement" in chat.press(2)
    # The loss said in the first message answers "a recent change?": it is not asked again.
    assert "proche malade" in chat.say("tout le temps")
    assert "santé" in chat.say("non")
    assert "ferait du bien" in chat.say("oui je marche mal depuis mon opération de la hanche")
    assert "professionnel vous contacte" in chat.say(
        "quelqu'un qui passe me voir de temps en temps"
    )
    assert "partenaire" in chat.say("oui")
    assert "Comment préférez-vous" in chat.say("d'accord")
    assert "moment" in chat.press(1)
    assert "nouvelles" in chat.say("plutôt le matin")
    assert "numéro" in chat.say("non merci, ma fille m'appelle déjà tous les soirs")
    assert "prénom" in chat.say("05 55 52 12 34")
    assert "commune" in chat.say("je m'appelle Colette")
    done = chat.say("Aubusson")

    case = only_case(session)
    assert case.origin is Origin.SELF
    assert case.status is CaseStatus.NEW
    # One network (neighbours), lonely (8/9) after a bereavement and with mobility limits.
    assert case.isolation_level is IsolationLevel.HIGH
    assert case.proposed_orientation is Orientation.SOCIAL_EVALUATION
    assert case.assessment is not None
    assert case.assessment["networks"] == ["neighbours"]
    assert case.assessment["ucla_score"] == 8
    assert case.assessment["rupture_events"] == ["bereavement"]
    assert case.assessment["health_or_mobility_limits"] is True
    assert case.assessment["wishes"] == ["visits"]
    assert case.commune_insee == "23008"
    assert case.person is not None
    assert (case.person.first_name, case.person.phone) == ("Colette", "+33555521234")
    assert "mort de mon mari" in (case.observation or "")
    records = {r.scope: r for r in consent_records_for_case(session, case.id)}
    for scope in (ConsentScope.CONTACT, ConsentScope.SHARE_WITH_PARTNER):
        record = records[scope]
        assert (record.subject, record.source, record.decision) == (
            ConsentSubject.PERSON,
            ConsentSource.SELF,
            ConsentDecision.GIVEN,
        )
    assert case.reference in done
    assert "plutôt le matin" in done
    # She declined regular calls: recorded as such, and no follow-up is proposed.
    assert records[ConsentScope.CHECKIN_CALLS].decision is ConsentDecision.REFUSED
    assert session.scalars(select(FollowUp)).all() == []
