"""Derive the shipped list of French communes from `@etalab/decoupage-administratif`.

Run with the app environment, from the repository root:

    .venv/bin/python scripts/derive_communes.py

It fetches the npm package with `npm pack` into a temporary directory, reads
`package/data/communes.json` straight from the tarball and writes, under
`relais/territory/data/`:

- `communes.tsv`: `insee  name  departement  postcodes`, one row per current commune
  (type `commune-actuelle`), postcodes space-separated and sorted, rows sorted by insee.
- `former_communes.tsv`: `name  insee`, the names of the delegated and associated communes
  (types `commune-deleguee`, `commune-associee`: former communes merged into a current one)
  with the insee code of the current commune they now belong to. Older people often still
  give the name of their former commune (e.g. Saint-Dizier-Leyrenne, now part of
  Saint-Dizier-Masbaraud), so the resolver accepts these names as aliases. Names equal to
  the current commune's own name are left out.
- `LICENCE-communes.md`: source, version, licence and sources, read from the package.

Municipal arrondissements (type `arrondissement-municipal`, the 20 of Paris, 9 of Lyon,
16 of Marseille) are left out on purpose: the current communes Paris, Lyon and Marseille
already carry every arrondissement's postcode (75001-75020 and 75116, 69001-69009,
13001-13016), so a postcode still resolves to the city; keeping the arrondissements would
only make every such postcode ambiguous between the city and its arrondissement, and
coverage of the structures is described by commune, not by arrondissement.

The five communes of the French Southern and Antarctic Lands (984xx) have no postcode in
the data; they are kept with an empty postcode column.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "relais" / "territory" / "data"
HEADER = ("insee", "name", "departement", "postcodes")
FORMER_HEADER = ("name", "insee")
FORMER_TYPES = ("commune-deleguee", "commune-associee")


def fetch_package(destination: Path) -> tuple[Path, dict[str, Any]]:
    """Run `npm pack` for the pinned version; return the tarball and npm's report on it."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to fetch the package")
    completed = subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [npm, "pack", f"{PACKAGE}@{VERSION}", "--json", "--pack-destination", str(destination)],
        check=True,
        capture_output=True,
        text=True,
    )
    report: dict[str, Any] = json.loads(completed.stdout)[0]
    return destination / report["filename"], report


def read_member(archive: tarfile.TarFile, name: str) -> str:
    member = archive.extractfile(f"package/{name}")
    if member is None:
        sys.exit(f"{name} is missing from the package")
    return member.read().decode("utf-8")


def clean(text: str) -> str:
    """One line of text without tabs or newlines, so the tsv stays unambiguous."""
    return " ".join(text.split())


def commune_rows(entries: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    rows = [
        (
            entry["code"],
            clean(entry["nom"]),
            entry["departement"],
            " ".join(sorted(set(entry.get("codesPostaux", [])))),
        )
        for entry in entries
        if entry["type"] == "commune-actuelle"
    ]
    rows.sort()
    codes = [row[0] for row in rows]
    if len(codes) != len(set(codes)):
        sys.exit("duplicate insee codes among current communes")
    return rows


def former_rows(entries: list[dict[str, Any]], current: dict[str, str]) -> list[tuple[str, str]]:
    """Former communes (delegated, associated) mapped to the current commune holding them."""
    rows: set[tuple[str, str]] = set()
    for entry in entries:
        if entry["type"] not in FORMER_TYPES:
            continue
        holder = entry.get("chefLieu", "")
        if holder not in current:
            sys.exit(f"{entry['code']} {entry['nom']}: unknown current commune {holder!r}")
        name = clean(entry["nom"])
        if name != current[holder]:
            rows.add((name, holder))
    return sorted(rows, key=lambda row: (row[1], row[0]))


def readme_section(readme: str, title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", readme, flags=re.MULTILINE | re.DOTALL)
    if match is None:
        sys.exit(f"section {title!r} not found in the package README")
    return match.group(1).strip()


def licence_notice(
    package_json: dict[str, Any], licence_text: str, readme: str, report: dict[str, Any]
) -> str:
    return "\n".join(
        [
            "# Licence of the communes data",
            "",
            "`communes.tsv` and `former_communes.tsv` are derived by `scripts/derive_communes.py`",
            f"from the npm package `{package_json['name']}` version {package_json['version']}",
            f"(integrity `{report.get('integrity', 'unknown')}`), file `data/communes.json`:",
            "only the code, name, département and postcodes of each commune are kept.",
            "",
            f"Repository of the package: {package_json.get('repository', 'unknown')}",
            "",
            "The data come from the official sources described by the package: the INSEE",
            "Code officiel géographique for the communes and the La Poste postcode database",
            "(base officielle des codes postaux) for the postcodes.",
            "",
            f"Licence declared in the package's package.json: `{package_json['license']}`.",
            "",
            "## Licence section of the package README",
            "",
            readme_section(readme, "Licence"),
            "",
            "## Sources section of the package README",
            "",
            readme_section(readme, "Sources"),
            "",
            "## LICENSE file of the package",
            "",
            "```",
            licence_text.strip(),
            "```",
            "",
        ]
    )


def write_tsv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    lines = ["\t".join(header), *("\t".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tarball, report = fetch_package(Path(tmp))
        with tarfile.open(tarball) as archive:
            entries: list[dict[str, Any]] = json.loads(read_member(archive, "data/communes.json"))
            package_json: dict[str, Any] = json.loads(read_member(archive, "package.json"))
            licence_text = read_member(archive, "LICENSE")
            readme = read_member(archive, "README.md")
    if package_json["version"] != VERSION:
        sys.exit(f"expected version {VERSION}, got {package_json['version']}")

    rows = commune_rows(entries)
    former = former_rows(entries, {row[0]: row[1] for row in rows})
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_tsv(DATA_DIR / "communes.tsv", HEADER, rows)
    write_tsv(DATA_DIR / "former_communes.tsv", FORMER_HEADER, former)
    (DATA_DIR / "LICENCE-communes.md").write_text(
        licence_notice(package_json, licence_text, readme, report), encoding="utf-8"
    )
    print(f"{len(rows)} communes, {len(former)} former commune names written to {DATA_DIR}")


if __name__ == "__main__":
    main()
