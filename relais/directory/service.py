"""The directory: create, edit and deactivate structures; CSV import and export.

Input comes as text fields (a form or a CSV line) and is validated field by field; errors are
French sentences naming the field. A CSV import is all or nothing: one bad line, nothing
is written, and every bad line is reported with its number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from relais.audit import service as audit
from relais.cases import wording
from relais.cases.scope import Scope, require_admin
from relais.directory.models import Service, Structure, StructureKind
from relais.territory.models import CommuneRecord

# (CSV column, attribute, label shown in errors and forms); the annexe 3 fiche, in order.
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("objectifs", "objectives", "Objectifs"),
    ("publics", "populations", "Publics accompagnés"),
    ("zone", "zone", "Zone d'intervention"),
    ("competences", "skills", "Compétences"),
    ("modalites", "methods", "Modalités d'intervention"),
    ("benevoles", "volunteers", "Bénévoles"),
    ("financement", "funding", "Financement"),
    ("lieu_accueil", "reception_site", "Lieu d'accueil"),
    ("horaires", "hours", "Horaires d'ouverture"),
    ("modes_contact", "contact_modes", "Modes de contact"),
    ("referent", "referent", "Référent"),
    ("adresse", "address", "Adresse"),
)
CSV_COLUMNS = (
    "nom",
    "type",
    "active",
    "services",
    *(column for column, _, _ in TEXT_FIELDS),
    "ouvert_weekend",
    "telephone",
    "email",
    "communes",
)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
YES = {"oui", "o", "yes", "true", "1", "vrai", "x"}
NO = {"non", "n", "no", "false", "0", "faux", ""}
MAX_FIELD = 4000
MAX_IMPORT_LINES = 5000


class DirectoryError(ValueError):
    """Bad input for the directory; `errors` maps a field (or a CSV line) to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(" ".join(m for messages in errors.values() for m in messages))


@dataclass
class StructureData:
    """A validated structure, ready to be written."""

    name: str
    kind: StructureKind
    active: bool
    services: list[str]
    texts: dict[str, str]
    open_weekends: bool
    phone: str
    email: str
    communes: list[CommuneRecord] = field(default_factory=list)


def _flag(value: str, what: str, errors: list[str]) -> bool:
    cleaned = value.strip().lower()
    if cleaned in YES:
        return True
    if cleaned not in NO:
        errors.append(f"{what} : répondez « oui » ou « non » (reçu « {value.strip()} »).")
    return False


def _kind(value: str, errors: list[str]) -> StructureKind:
    cleaned = value.strip().lower()
    for kind, text in wording.STRUCTURE_KIND.items():
        if cleaned in {kind.value, text.lower()}:
            return kind
    choices = ", ".join(wording.STRUCTURE_KIND.values())
    errors.append(f"Type inconnu « {value.strip()} » : choisissez parmi {choices}.")
    return StructureKind.OTHER


def _services(values: Iterable[str], errors: list[str]) -> list[str]:
    found: list[str] = []
    by_word = {s.value: s for s in Service} | {t.lower(): s for s, t in wording.SERVICE.items()}
    for raw in values:
        word = raw.strip().lower()
        if not word:
            continue
        service = by_word.get(word)
        if service is None:
            choices = ", ".join(wording.SERVICE.values())
            errors.append(f"Service inconnu « {raw.strip()} » : choisissez parmi {choices}.")
        elif service.value not in found:
            found.append(service.value)
    return found


def _phone(value: str, errors: list[str]) -> str:
    if not value.strip():
        return ""
    try:
        parsed = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        errors.append(f"Téléphone invalide « {value.strip()} ».")
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _communes(
    session: Session, scope: Scope, values: Iterable[str], errors: list[str]
) -> list[CommuneRecord]:
    """Communes of the territory by INSEE code or exact name; "toutes" means every one."""
    wanted = [v.strip() for v in values if v.strip()]
    territory_communes = select(CommuneRecord).where(
        CommuneRecord.territory_id == scope.territory_id
    )
    if any(v.lower() in {"toutes", "*"} for v in wanted):
        return list(session.scalars(territory_communes))
    found: dict[str, CommuneRecord] = {}
    for value in wanted:
        query = territory_communes.where(
            (CommuneRecord.insee == value) | (func.lower(CommuneRecord.name) == value.lower())
        )
        matches = list(session.scalars(query))
        if len(matches) == 1:
            found[matches[0].insee] = matches[0]
        elif not matches:
            errors.append(f"Commune inconnue dans le territoire : « {value} ».")
        else:
            errors.append(f"Plusieurs communes s'appellent « {value} » : donnez le code INSEE.")
    return sorted(found.values(), key=lambda c: c.name)


def validate(session: Session, scope: Scope, raw: Mapping[str, Any]) -> StructureData:
    """Validates form or CSV fields (CSV column names); raises DirectoryError by field."""
    errors: dict[str, list[str]] = {}

    def check(name: str) -> list[str]:
        return errors.setdefault(name, [])

    def text(name: str) -> str:
        value = str(raw.get(name) or "").strip()
        if len(value) > MAX_FIELD:
            check(name).append(f"Texte trop long ({len(value)} caractères, {MAX_FIELD} au plus).")
        return value

    name = text("nom")
    if not name:
        check("nom").append("Le nom de la structure est obligatoire.")
    elif len(name) > 200:
        check("nom").append("Le nom ne doit pas dépasser 200 caractères.")
    services_raw = raw.get("services") or []
    services_list = (
        re.split(r"[,|]", services_raw) if isinstance(services_raw, str) else list(services_raw)
    )
    communes_raw = raw.get("communes") or []
    communes_list = (
        re.split(r"[,|\n]", communes_raw) if isinstance(communes_raw, str) else list(communes_raw)
    )
    email = text("email")
    if email and not EMAIL.match(email):
        check("email").append(f"Adresse e-mail invalide « {email} ».")
    data = StructureData(
        name=name,
        kind=_kind(str(raw.get("type") or ""), check("type")),
        active=_flag(str(raw.get("active", "oui")), "Active", check("active")),
        services=_services(services_list, check("services")),
        texts={attr: text(column) for column, attr, _ in TEXT_FIELDS},
        open_weekends=_flag(
            str(raw.get("ouvert_weekend") or ""), "Ouvert le week-end", check("ouvert_weekend")
        ),
        phone=_phone(str(raw.get("telephone") or ""), check("telephone")),
        email=email,
        communes=_communes(session, scope, communes_list, check("communes")),
    )
    if not data.communes and not check("communes"):
        check("communes").append("Indiquez au moins une commune couverte (ou « toutes »).")
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        raise DirectoryError(errors)
    return data


def _apply(structure: Structure, data: StructureData) -> None:
    structure.name = data.name
    structure.kind = data.kind
    structure.active = data.active
    structure.services = data.services
    for attr, value in data.texts.items():
        setattr(structure, attr, value)
    structure.open_weekends = data.open_weekends
    structure.phone = data.phone
    structure.email = data.email
    structure.communes = data.communes


def _same_name(session: Session, scope: Scope, name: str) -> Structure | None:
    query = select(Structure).where(
        Structure.territory_id == scope.territory_id, func.lower(Structure.name) == name.lower()
    )
    return session.scalar(query)


def _audit(session: Session, scope: Scope, action: str, structure: Structure) -> None:
    audit.record(
        session,
        action=action,
        object_type="structure",
        object_id=structure.id,
        actor_id=scope.staff_id,
        actor_label=scope.actor_label,
    )


def create(session: Session, scope: Scope, raw: Mapping[str, Any]) -> Structure:
    require_admin(scope, "modifier l'annuaire")
    data = validate(session, scope, raw)
    if _same_name(session, scope, data.name) is not None:
        raise DirectoryError({"nom": [f"Une structure s'appelle déjà « {data.name} »."]})
    structure = Structure(territory_id=scope.territory_id)
    _apply(structure, data)
    session.add(structure)
    session.flush()
    _audit(session, scope, "structure.create", structure)
    return structure


def get(session: Session, scope: Scope, structure_id: int) -> Structure:
    structure = session.scalar(
        select(Structure)
        .where(Structure.id == structure_id, Structure.territory_id == scope.territory_id)
        .options(selectinload(Structure.communes))
    )
    if structure is None:
        raise LookupError("Cette structure n'existe pas dans votre territoire.")
    return structure


def update(session: Session, scope: Scope, structure_id: int, raw: Mapping[str, Any]) -> Structure:
    require_admin(scope, "modifier l'annuaire")
    structure = get(session, scope, structure_id)
    data = validate(session, scope, raw)
    other = _same_name(session, scope, data.name)
    if other is not None and other.id != structure.id:
        raise DirectoryError({"nom": [f"Une structure s'appelle déjà « {data.name} »."]})
    _apply(structure, data)
    _audit(session, scope, "structure.update", structure)
    return structure


def set_active(session: Session, scope: Scope, structure_id: int, active: bool) -> Structure:
    """Deactivating keeps the structure and its cases; routing stops proposing it."""
    require_admin(scope, "modifier l'annuaire")
    structure = get(session, scope, structure_id)
    structure.active = active
    _audit(session, scope, "structure.activate" if active else "structure.deactivate", structure)
    return structure


def list_structures(
    session: Session, scope: Scope, *, include_inactive: bool = True
) -> list[Structure]:
    query = (
        select(Structure)
        .where(Structure.territory_id == scope.territory_id)
        .options(selectinload(Structure.communes))
        .order_by(Structure.name)
    )
    if not include_inactive:
        query = query.where(Structure.active.is_(True))
    return list(session.scalars(query))


def choices(session: Session, scope: Scope, *, active_only: bool = False) -> list[tuple[int, str]]:
    """(id, name) of the territory's structures, for filters and the orientation form."""
    query = select(Structure.id, Structure.name).where(Structure.territory_id == scope.territory_id)
    if active_only:
        query = query.where(Structure.active.is_(True))
    return [(id_, name) for id_, name in session.execute(query.order_by(Structure.name))]


def as_row(structure: Structure) -> dict[str, str]:
    """A structure as a CSV line (the same columns the import reads)."""
    row = {
        "nom": structure.name,
        "type": structure.kind.value,
        "active": "oui" if structure.active else "non",
        "services": ",".join(structure.services),
        "ouvert_weekend": "oui" if structure.open_weekends else "non",
        "telephone": structure.phone,
        "email": structure.email,
        "communes": ",".join(c.insee for c in structure.communes),
    }
    for column, attr, _ in TEXT_FIELDS:
        row[column] = getattr(structure, attr)
    return row


def export_csv(session: Session, scope: Scope) -> str:
    """Every structure of the territory; semicolons and a BOM, as spreadsheets expect."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for structure in list_structures(session, scope):
        writer.writerow(as_row(structure))
    return "\ufeff" + out.getvalue()


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _reader(text: str) -> csv.DictReader[str]:
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)


def import_csv(session: Session, scope: Scope, text: str) -> ImportResult:
    """Creates or updates (by name) every structure of the file, or nothing at all: errors are
    reported as {"ligne N": [...]} with the line number a spreadsheet shows."""
    require_admin(scope, "modifier l'annuaire")
    reader = _reader(text)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("nom", "type", "communes") if c not in header]
    if missing:
        raise DirectoryError({"fichier": [f"Colonnes manquantes : {', '.join(missing)}."]})
    unknown = [h for h in header if h and h not in CSV_COLUMNS]
    if unknown:
        raise DirectoryError({"fichier": [f"Colonnes inconnues : {', '.join(unknown)}."]})
    errors: dict[str, list[str]] = {}
    valid: list[StructureData] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_LINES:
            raise DirectoryError(
                {"fichier": [f"Fichier trop long ({MAX_IMPORT_LINES} lignes au plus)."]}
            )
        cleaned = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
        if not any(str(v).strip() for v in cleaned.values()):
            continue
        try:
            data = validate(session, scope, cleaned)
        except DirectoryError as error:
            errors[f"ligne {number}"] = [m for ms in error.errors.values() for m in ms]
            continue
        key = data.name.lower()
        if key in seen:
            errors[f"ligne {number}"] = [f"« {data.name} » figure déjà ligne {seen[key]}."]
            continue
        seen[key] = number
        valid.append(data)
    if errors:
        raise DirectoryError(errors)
    if not valid:
        raise DirectoryError({"fichier": ["Le fichier ne contient aucune structure."]})
    created = updated = 0
    for data in valid:
        structure = _same_name(session, scope, data.name)
        if structure is None:
            structure = Structure(territory_id=scope.territory_id)
            session.add(structure)
            created += 1
        else:
            updated += 1
        _apply(structure, data)
    session.flush()
    audit.record(
        session,
        action="structure.import",
        object_type="structure",
        actor_id=scope.staff_id,
        actor_label=scope.actor_label,
        detail={"created": created, "updated": updated},
    )
    return ImportResult(created, updated)
