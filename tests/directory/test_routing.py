from sqlalchemy.orm import Session

from relais.cases.models import Orientation
from relais.directory.models import Service, Structure
from relais.directory.routing import structures_for, structures_for_orientation
from relais.seed.demo import DemoSeed

AUBUSSON, LA_SOUTERRAINE, GUERET = "23008", "23176", "23096"


def names(structures: list[Structure]) -> list[str]:
    return [s.name for s in structures]


def test_the_most_local_structure_comes_first(session: Session, demo: DemoSeed) -> None:
    found = structures_for_orientation(
        session, demo.territory.id, AUBUSSON, Orientation.SOCIAL_EVALUATION
    )
    assert names(found) == ["CCAS d'Aubusson", "CLIC de la Creuse"]


def test_only_structures_covering_the_commune_and_offering_the_service(
    session: Session, demo: DemoSeed
) -> None:
    visits = structures_for_orientation(
        session, demo.territory.id, LA_SOUTERRAINE, Orientation.CITIZEN_VISITS
    )
    assert names(visits) == ["Équipe citoyenne de La Souterraine"]
    assert (
        structures_for_orientation(session, demo.territory.id, GUERET, Orientation.CITIZEN_VISITS)
        == []
    )
    assert (
        structures_for_orientation(
            session, demo.territory.id, AUBUSSON, Orientation.EMERGENCY_SERVICES
        )
        == []
    )


def test_an_inactive_structure_is_not_proposed(session: Session, demo: DemoSeed) -> None:
    [ccas] = structures_for(session, demo.territory.id, AUBUSSON, [Service.ACTIVITIES])
    ccas.active = False
    session.commit()
    assert structures_for(session, demo.territory.id, AUBUSSON, [Service.ACTIVITIES]) == []
