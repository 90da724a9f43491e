"""The demo territory: the Creuse (23), its communes, three structures and one admin."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.directory.models import Service, Structure, StructureKind
from relais.staff.models import Role, StaffUser
from relais.staff.service import create_staff, find_by_email
from relais.territory.models import CommuneRecord, Territory
from relais.territory.service import load_territory_communes

DEMO_TERRITORY_CODE = "creuse"
DEMO_ADMIN_EMAIL = "admin@relais.example"
# Created with the admin, sharing its password: (e-mail, role, structure name, display name).
DEMO_STAFF = (
    ("coordination@relais.example", Role.COORDINATOR, None, "Coordinatrice du territoire"),
    ("clic@relais.example", Role.PARTNER, "CLIC de la Creuse", "Partenaire CLIC"),
    ("ccas-aubusson@relais.example", Role.PARTNER, "CCAS d'Aubusson", "Partenaire CCAS"),
    (
        "equipe-souterraine@relais.example",
        Role.PARTNER,
        "Équipe citoyenne de La Souterraine",
        "Partenaire équipe citoyenne",
    ),
    ("statistiques@relais.example", Role.VIEWER, None, "Lecteur des statistiques"),
)
WEEKDAYS_9_TO_17 = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
DEMO_ON_CALL_PHONE = "+33555000000"


@dataclass(frozen=True)
class DemoSeed:
    territory: Territory
    admin_email: str
    admin_password: str | None  # None when the admin already existed
    communes_added: int


def _territory(session: Session) -> Territory:
    territory = session.scalar(select(Territory).where(Territory.code == DEMO_TERRITORY_CODE))
    if territory is None:
        territory = Territory(
            code=DEMO_TERRITORY_CODE,
            name="Département de la Creuse",
            departements=["23"],
            timezone="Europe/Paris",
            on_call_phone=DEMO_ON_CALL_PHONE,
            opening_hours=WEEKDAYS_9_TO_17,
        )
        session.add(territory)
        session.flush()
    return territory


def _communes(
    session: Session, territory: Territory, insee_codes: list[str]
) -> list[CommuneRecord]:
    return list(session.scalars(select(CommuneRecord).where(CommuneRecord.insee.in_(insee_codes))))


def _structures(session: Session, territory: Territory) -> None:
    if session.scalar(select(Structure).where(Structure.territory_id == territory.id)):
        return
    every_commune = list(
        session.scalars(select(CommuneRecord).where(CommuneRecord.territory_id == territory.id))
    )
    session.add_all(
        [
            Structure(
                territory_id=territory.id,
                name="CLIC de la Creuse",
                kind=StructureKind.CLIC,
                objectives="Informer, évaluer et orienter les personnes âgées et leurs aidants.",
                services=[Service.SOCIAL_EVALUATION.value, Service.CAREGIVER_SUPPORT.value],
                populations="Personnes de 60 ans et plus, aidants",
                zone="Tout le département",
                skills="Évaluation sociale, coordination gérontologique",
                methods="Visite à domicile d'évaluation, plan d'aide",
                volunteers="Non",
                funding="Département",
                reception_site="Guéret",
                hours="Du lundi au vendredi, 9 h – 17 h",
                contact_modes="Téléphone, accueil, visite à domicile",
                referent="Coordinatrice du CLIC",
                address="Place Louis Lacrocq, 23000 Guéret",
                phone="+33555000001",
                email="clic@relais.example",
                communes=every_commune,
            ),
            Structure(
                territory_id=territory.id,
                name="CCAS d'Aubusson",
                kind=StructureKind.CCAS,
                objectives="Action sociale communale, lutte contre l'isolement.",
                services=[
                    Service.SOCIAL_EVALUATION.value,
                    Service.ACTIVITIES.value,
                    Service.TRANSPORT.value,
                ],
                populations="Habitants d'Aubusson",
                zone="Aubusson",
                skills="Accompagnement social",
                methods="Repas partagés, ateliers, transport solidaire",
                volunteers="Oui, une dizaine",
                funding="Commune",
                reception_site="Mairie d'Aubusson",
                hours="Du lundi au vendredi, 9 h – 12 h",
                contact_modes="Téléphone, accueil",
                referent="Responsable du CCAS",
                address="Mairie, 23200 Aubusson",
                phone="+33555000002",
                email="ccas-aubusson@relais.example",
                communes=_communes(session, territory, ["23008"]),
            ),
            Structure(
                territory_id=territory.id,
                name="Équipe citoyenne de La Souterraine",
                kind=StructureKind.CITIZEN_TEAM,
                objectives="Rompre l'isolement par des visites et des appels réguliers.",
                services=[Service.VISITS.value, Service.CALLS.value],
                populations="Personnes âgées isolées",
                zone="La Souterraine et alentours",
                skills="Écoute, convivialité",
                methods="Visites à domicile en binôme, appels de convivialité",
                volunteers="Oui, bénévoles formés",
                funding="Conférence des financeurs",
                reception_site="Maison des associations, La Souterraine",
                hours="Permanence le mercredi, 14 h – 17 h",
                open_weekends=True,
                contact_modes="Téléphone, visite",
                referent="Référente de l'équipe",
                address="23300 La Souterraine",
                phone="+33555000003",
                email="equipe-souterraine@relais.example",
                communes=_communes(
                    session, territory, ["23176", "23177", "23219", "23235", "23143", "23258"]
                ),
            ),
        ]
    )


def _demo_staff(session: Session, territory: Territory, admin: StaffUser) -> None:
    """The demo's other accounts share the admin's password (its hash is reused: hashing
    costs a sixth of a second each)."""
    for email, role, structure_name, display_name in DEMO_STAFF:
        if find_by_email(session, email) is not None:
            continue
        structure = None
        if structure_name is not None:
            structure = session.scalar(
                select(Structure).where(
                    Structure.territory_id == territory.id, Structure.name == structure_name
                )
            )
            if structure is None:
                continue  # the directory was changed: no structure to attach the partner to
        session.add(
            StaffUser(
                email=email,
                role=role,
                territory_id=territory.id,
                structure_id=structure.id if structure else None,
                display_name=display_name,
                password_hash=admin.password_hash,
            )
        )


def seed_demo(session: Session) -> DemoSeed:
    """Idempotent: creates what is missing and leaves the rest alone."""
    territory = _territory(session)
    added = load_territory_communes(session, territory)
    session.flush()
    _structures(session, territory)
    password: str | None = None
    if find_by_email(session, DEMO_ADMIN_EMAIL) is None:
        password = secrets.token_urlsafe(12)
        admin = create_staff(
            session,
            email=DEMO_ADMIN_EMAIL,
            role=Role.ADMIN,
            territory=territory,
            password=password,
            display_name="Administrateur de démonstration",
            actor_label="seed",
        )
        _demo_staff(session, territory, admin)
    return DemoSeed(territory, DEMO_ADMIN_EMAIL, password, added)
