"""Whole conversations in people's own words, through the real API, Rasa and action server:
a widow who answers every question with a story, a hospital social worker's formal report, a
neighbour's SMS, a voice transcript. Nobody presses a button or says a bare "oui".

These sentences are written for these tests only: not in nlu_data/ (training) nor in eval/
(the development sets).
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Case, CaseStatus, IsolationLevel, Origin, ReporterRelation
from relais.followups.models import FollowUp, FollowUpStatus
from tests.conftest import shown
from tests.integration.conftest import Stack
from tests.integration.flows import Chat, only_case
from tests.integration.sms import Phone
from tests.phone.voice_client import Caller

pytestmark = pytest.mark.integration


def cases(session: Session) -> list[Case]:
    session.expire_all()
    return list(session.scalars(select(Case).order_by(Case.id)))


def test_a_widow_answers_only_with_stories_and_gets_a_case_at_the_right_level(
    api: httpx.Client, session: Session
) -> None:
    chat = Chat(api)
    said = chat.say("Bonjour, depuis que mon mari est parti en mars je ne vois plus grand monde")
    assert "un peu plus" in said
    assert "écoute" in chat.say("oui")  # listening first: the story, not the questionnaire
    assert "famille" in chat.say("les journées sont longues, je tourne en rond dans la maison")
    assert "amis" in chat.say("mon fils habite à Lyon, il m'appelle tous les dimanches")
    assert "voisins" in chat.say(
        "mes amies sont presque toutes parties, les autres je les vois à la Toussaint"
    )
    assert "association" in chat.say("la voisine d'en face passe de temps en temps me dire bonjour")
    assert "compagnie" in chat.say(
        "j'allais au club des anciens mais avec mes jambes je n'y vais plus"
    )
    assert "côté" in chat.say("surtout le soir, quand la nuit tombe")
    assert "isolement" in chat.say("ça m'arrive de temps en temps")
    # The loss said in the first message is not asked again.
    assert "proche malade" in chat.say("ah ça oui, très souvent")
    assert "santé" in chat.say("non, je n'ai plus personne de qui m'occuper")
    assert "ferait du bien" in chat.say("mes genoux me font souffrir, je ne vais plus bien loin")
    assert "professionnel vous contacte" in chat.say(
        "j'aimerais que quelqu'un vienne me voir et qu'on discute un peu"
    )
    assert "partenaire" in chat.say("ça me ferait plaisir qu'on m'appelle")
    assert "Comment préférez-vous" in chat.say("si ça peut m'aider, ça ne me dérange pas")
    assert "moment" in chat.say("j'entends encore bien, appelez-moi sur le fixe")
    assert "nouvelles" in chat.say("plutôt après ma sieste")
    assert "numéro" in chat.say(
        "oh oui, un petit coup de fil de temps en temps ça me ferait du bien"
    )
    assert "prénom" in chat.say(
        "c'est le zéro cinq cinquante-cinq cinquante-deux douze trente-quatre"
    )
    assert "commune" in chat.say("Je m'appelle Madeleine")
    done = chat.say("j'habite à Felletin, près de l'église")

    case = only_case(session)
    assert case.origin is Origin.SELF
    assert case.isolation_level is IsolationLevel.HIGH  # lonely, after a bereavement
    assert case.assessment is not None
    assert sorted(case.assessment["networks"]) == ["family", "neighbours"]
    assert case.assessment["ucla_score"] == 7
    assert case.assessment["rupture_events"] == ["bereavement"]
    assert case.assessment["health_or_mobility_limits"] is True
    assert case.assessment["wishes"] == ["calls", "visits"]
    assert case.commune_insee == "23079"
    assert case.person is not None
    assert (case.person.first_name, case.person.phone) == ("Madeleine", "+33555521234")
    # Staff read the words beside each reading.
    family = shown(case)["Contact au moins mensuel avec de la famille (hors du foyer)"]
    assert family == "Oui (« mon fils habite à Lyon, il m'appelle tous les dimanches »)"
    assert case.reference in done
    # She accepted regular calls: a follow-up waits for staff to confirm it, in the afternoon.
    proposed = session.scalars(select(FollowUp)).one()
    assert proposed.status is FollowUpStatus.PROPOSED
    assert (proposed.phone, proposed.at_time) == ("+33555521234", "15:00")
    assert "jours où nous prendrons de vos nouvelles" in done


SOCIAL_WORKER = (
    "Bonjour, je suis assistante sociale au service social du centre hospitalier de Guéret. "
    "Je vous signale la situation de Mme Martin, 84 ans, domiciliée 12 rue des Écoles à "
    "Saint-Vaury, hospitalisée après une chute et qui rentre chez elle vendredi. Elle vit "
    "seule, sans famille à proximité, et a donné son accord pour être contactée par vos services."
)


def test_a_hospital_social_workers_formal_report_ends_with_one_case(
    api: httpx.Client, session: Session
) -> None:
    chat = Chat(api)
    first = chat.say(SOCIAL_WORKER)
    # Who she is, the commune, the age, the address and the consent were all in her message.
    assert "Qui êtes-vous" not in first
    assert "danger" in first
    answer = chat.say("Non, pas de danger immédiat, c'est le retour à domicile qui m'inquiète.")
    assert "numéro" in answer
    assert "Personne n'est disponible" not in answer
    assert "prise en charge" in chat.say(
        "Vous pouvez me joindre au service social au 05 55 51 00 00, du lundi au vendredi."
    )
    done = chat.say("Oui, merci de me tenir informée.")

    case = only_case(session)  # one case, no callback case
    assert case.origin is Origin.THIRD_PARTY
    assert case.reporter_relation is ReporterRelation.SOCIAL_WORKER
    assert case.commune_insee == "23247"
    assert case.status is CaseStatus.NEW  # she said the person agrees
    assert case.person is not None
    assert case.person.address == "12 rue des Écoles"
    assert case.reporter_phone == "+33555510000"
    assert case.danger_now is False
    assert case.reference in done


def test_an_answer_naming_a_service_is_not_a_request_for_a_person(
    api: httpx.Client, session: Session
) -> None:
    chat = Chat(api)
    assert "Qui êtes-vous" in chat.say("je voudrais signaler une dame âgée très seule")
    asked = chat.say(
        "je travaille au service social de la mairie, j'accompagne des personnes âgées"
    )
    assert "Personne n'est disponible" not in asked
    assert "commune" in asked
    assert cases(session) == []


def test_a_past_fall_that_healed_is_not_an_emergency(api: httpx.Client, session: Session) -> None:
    chat = Chat(api)
    said = chat.say(
        "ma voisine est tombée l'an dernier, elle s'en est bien remise, mais depuis elle ne "
        "sort plus de chez elle"
    )
    assert "15" not in said
    assert "112" not in said
    assert "Qui êtes-vous" in said or "commune" in said or "vous-même" in said
    assert all(c.isolation_level is not IsolationLevel.URGENT for c in cases(session))


def test_nothing_eaten_for_days_is_an_emergency(api: httpx.Client, session: Session) -> None:
    chat = Chat(api)
    said = chat.say("mon père n'a rien mangé depuis samedi et il ne peut plus se lever")
    assert "15" in said
    case = only_case(session)
    assert case.isolation_level is IsolationLevel.URGENT


def test_yes_to_the_address_asks_for_it(api: httpx.Client, session: Session) -> None:
    chat = Chat(api)
    assert "Connaissez-vous son adresse" in chat.say("ma voisine de 88 ans à Guéret ne sort plus")
    assert "Quelle est son adresse" in chat.say("oui je la connais")
    assert "remarqué" in chat.say("c'est au 4 rue de la Poste")
    chat.say("elle ne sort plus depuis l'été, ses volets restent ouverts la nuit")
    chat.say("non")
    chat.say("elle est d'accord")
    chat.say("je préfère ne pas le donner")
    case = only_case(session)
    assert case.person is not None
    assert case.person.address == "4 rue de la Poste"


def test_a_neighbour_texting_in_sms_spelling(stack: Stack, session: Session, demo: object) -> None:
    with httpx.Client(base_url=stack.api_url, timeout=30) as client:
        phone = Phone(client, stack.settings, "+33612345679")
        assert "commune" in phone.say("slt c pr ma voisine el sort pu d chez el dp 1 mois")
        answers = [
            "a gueret",
            "jsp son adresse",
            "ds les 85 ans jdirai",
            "el ouvre pu ses rideaux et sa boite est plein de pub",
        ]
        for text in answers:
            phone.say(text)
        said = phone.say("non pa dans limmediat")
        assert "d'accord" in said  # the person's consent is asked next
        said = phone.say("jpense pa quel est au courant")
        said = phone.say("oui pa de pb")
        said = phone.say("ui merci")
    case = only_case(session)
    assert case.commune_insee == "23096"
    assert case.status is CaseStatus.AWAITING_CONTACT  # she does not know: aller-vers


def test_a_voice_transcript_without_punctuation(
    api: httpx.Client, stack: Stack, session: Session
) -> None:
    caller = Caller(api, stack.settings, number="+33555123457")
    caller.dial_in()
    asked = caller.say(
        "euh oui bonjour c'est pour une dame euh qui habite à côté de chez moi à Bourganeuf "
        "elle a quatre-vingt-dix ans"
    )
    assert "adresse" in asked.said.lower()
    for words in [
        "euh non je sais pas exactement",
        "ben elle sort plus du tout on la voit plus au marché",
        "non je crois pas",
        "euh je sais pas si elle est au courant",
        "oui oui vous pouvez me rappeler",
        "non c'est pas la peine",
    ]:
        asked = caller.say(words)
    case = only_case(session)
    assert case.commune_insee == "23030"
    assert case.reporter_relation is ReporterRelation.NEIGHBOUR
    assert shown(case)["Âge"].startswith("environ 90 ans")
