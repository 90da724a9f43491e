import pytest
from sqlalchemy.orm import Session

from relais.audit.models import AuditEntry
from relais.seed.demo import DemoSeed
from relais.staff.models import Role
from relais.staff.service import (
    InvalidStaffInput,
    create_staff,
    find_by_email,
    verify_password,
)


def test_a_coordinator_is_created_with_a_hashed_password(session: Session, demo: DemoSeed) -> None:
    user = create_staff(
        session,
        email=" Coord@Creuse.Example ",
        role=Role.COORDINATOR,
        territory=demo.territory,
        password="un mot de passe long",
    )
    session.commit()
    assert user.email == "coord@creuse.example"
    assert user.password_hash.startswith("$argon2")
    assert verify_password(user.password_hash, "un mot de passe long")
    assert not verify_password(user.password_hash, "un autre mot de passe")
    assert find_by_email(session, "COORD@creuse.example") == user
    assert session.query(AuditEntry).filter_by(action="staff.create").count() == 2  # + demo admin


@pytest.mark.parametrize(
    ("email", "role", "password", "message"),
    [
        ("pas-une-adresse", Role.VIEWER, "un mot de passe long", "e-mail invalide"),
        ("v@creuse.example", Role.VIEWER, "court", "au moins 12"),
        ("p@creuse.example", Role.PARTNER, "un mot de passe long", "structure"),
        ("admin@relais.example", Role.ADMIN, "un mot de passe long", "existe déjà"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    session: Session, demo: DemoSeed, email: str, role: Role, password: str, message: str
) -> None:
    with pytest.raises(InvalidStaffInput, match=message):
        create_staff(session, email=email, role=role, territory=demo.territory, password=password)
