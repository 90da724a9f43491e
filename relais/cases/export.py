"""The queue as a CSV file for staff: no personal data (no name, phone or free text), only
what the queue's columns show, in French."""

from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session

from relais.cases import queries, wording
from relais.cases.scope import Scope

QUEUE_COLUMNS = (
    "reference",
    "cree_le",
    "statut",
    "niveau",
    "echeance",
    "en_retard",
    "commune",
    "structure",
    "canal",
    "origine",
    "orientation",
)


def queue_csv(session: Session, scope: Scope, filters: queries.QueueFilters) -> str:
    """Every page of the filtered queue, one case a line (the BOM lets spreadsheets read the
    accents)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(QUEUE_COLUMNS)
    number = 1
    while True:
        page = queries.queue(session, scope, queries.page_of(filters, number))
        for row in page.rows:
            case = row.case
            writer.writerow(
                [
                    case.reference,
                    wording.date_time(case.created_at),
                    wording.label(wording.STATUS, case.status),
                    wording.label(wording.LEVEL, case.isolation_level),
                    wording.date_time(case.due_at),
                    "oui" if row.overdue else "non",
                    row.commune_name or "",
                    row.structure_name or "",
                    wording.label(wording.CHANNEL, case.channel),
                    wording.label(wording.ORIGIN, case.origin),
                    wording.label(wording.ORIENTATION, case.chosen_orientation),
                ]
            )
        if number >= page.pages:
            break
        number += 1
    return "\ufeff" + out.getvalue()
