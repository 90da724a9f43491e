"""The list of communes and the resolver, on real communes of the Creuse and elsewhere."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from relais.territory.communes import (
    COMMUNES_FILE,
    DATA_DIR,
    FORMER_COMMUNES_FILE,
    Commune,
    CommuneIndex,
    Resolution,
    ResolutionStatus,
    load_communes,
    normalise,
    read_communes,
    read_former_names,
)

FOUND = ResolutionStatus.FOUND
AMBIGUOUS = ResolutionStatus.AMBIGUOUS
SUGGESTED = ResolutionStatus.SUGGESTED
NOT_FOUND = ResolutionStatus.NOT_FOUND
CREUSE = ["23"]
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "derive_communes.py"


@pytest.fixture(scope="module")
def index() -> CommuneIndex:
    return load_communes()


def names(resolution: Resolution) -> list[str]:
    return [f"{commune.name} ({commune.departement})" for commune in resolution.candidates]


def derive_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derive_communes", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The shipped files -------------------------------------------------------------------------


def test_shipped_file_has_the_scripts_format_and_a_plausible_size() -> None:
    lines = COMMUNES_FILE.read_text(encoding="utf-8").splitlines()
    assert tuple(lines[0].split("\t")) == derive_script().HEADER
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) > 34_000
    assert all(len(row) == 4 for row in rows)
    codes = [row[0] for row in rows]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    for insee, name, departement, postcodes in rows:
        assert re.fullmatch(r"\d{5}|2[AB]\d{3}", insee), insee
        assert insee.startswith(departement), insee
        assert name, insee
        assert name == name.strip(), insee
        codes_of_row = postcodes.split()
        assert codes_of_row == sorted(set(codes_of_row)), insee
        assert all(re.fullmatch(r"\d{5}", code) for code in codes_of_row), insee
    assert 500_000 < COMMUNES_FILE.stat().st_size < 2_000_000


def test_only_the_southern_lands_have_no_postcode() -> None:
    without = {commune.insee for commune in read_communes() if not commune.postcodes}
    assert without == {"98411", "98412", "98413", "98414", "98415"}


def test_former_communes_point_to_shipped_communes() -> None:
    lines = FORMER_COMMUNES_FILE.read_text(encoding="utf-8").splitlines()
    assert tuple(lines[0].split("\t")) == derive_script().FORMER_HEADER
    codes = {commune.insee for commune in read_communes()}
    former = read_former_names()
    assert len(former) > 2_000
    assert all(insee in codes for _, insee in former)
    assert ("Saint-Dizier-Leyrenne", "23189") in former


def test_licence_notice_names_source_version_and_licences() -> None:
    notice = (DATA_DIR / "LICENCE-communes.md").read_text(encoding="utf-8")
    assert "@etalab/decoupage-administratif" in notice
    assert "6.0.0" in notice
    assert "Licence Ouverte" in notice
    assert "MIT" in notice
    assert "INSEE" in notice
    assert "La Poste" in notice


def test_common_words_are_normalised_and_spare_the_creuse_towns() -> None:
    lines = (DATA_DIR / "common_words.txt").read_text(encoding="utf-8").splitlines()
    words = [line for line in lines if line and not line.startswith("#")]
    assert len(words) > 500
    assert all(normalise(word) == word for word in words)
    towns = ["gueret", "aubusson", "souterraine", "bourganeuf", "felletin", "boussac", "ahun"]
    assert not set(towns) & set(words)
    assert {"y", "eu", "pas", "bourg", "marie", "vienne", "creuse"} <= set(words)


def test_index_holds_every_commune(index: CommuneIndex) -> None:
    assert len(index) == len(read_communes())
    gueret = index.by_insee("23096")
    assert gueret == Commune("23096", "Guéret", "23", ("23000",))
    assert index.by_insee("00000") is None
    creuse = index.in_departements(CREUSE)
    assert 250 < len(creuse) < 260
    assert {commune.departement for commune in creuse} == {"23"}
    assert gueret in creuse
    assert index.by_insee("2A004") == index.resolve("Ajaccio").commune


def test_load_communes_reads_once() -> None:
    assert load_communes() is load_communes()


# Normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Guéret", "gueret"),
        ("  GUÉRET  ", "gueret"),
        ("Saint-Vaury", "saint vaury"),
        ("St Vaury", "saint vaury"),
        ("st. vaury", "saint vaury"),
        ("Ste-Feyre", "sainte feyre"),
        ("Stéphane", "stephane"),
        ("L'Abergement-Clémenciat", "l abergement clemenciat"),
        ("c’est à Guéret", "c est a gueret"),
        ("Jœuf", "joeuf"),
        ("Bénévent-l'Abbaye", "benevent l abbaye"),
        ("Château-Chinon (Ville)", "chateau chinon ville"),
        ("", ""),
    ],
)
def test_normalise(text: str, key: str) -> None:
    assert normalise(text) == key


# Postcodes ---------------------------------------------------------------------------------


def test_bare_postcode_shared_by_several_communes_lists_them_all(index: CommuneIndex) -> None:
    resolution = index.resolve("23000")
    assert resolution.status is AMBIGUOUS
    assert resolution.commune is None
    assert "Guéret (23)" in names(resolution)
    assert len(resolution.candidates) == 15
    assert all("23000" in commune.postcodes for commune in resolution.candidates)


def test_bare_postcode_lists_more_than_ten_communes_when_it_has_them(
    index: CommuneIndex,
) -> None:
    resolution = index.resolve("51300")
    assert resolution.status is AMBIGUOUS
    assert len(resolution.candidates) == 46


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("97110", "Pointe-à-Pitre (971)"),
        ("75011", "Paris (75)"),  # arrondissements are not kept: Paris itself
        ("75116", "Paris (75)"),
        ("69003", "Lyon (69)"),
        ("13008", "Marseille (13)"),
        ("20000", "Ajaccio (2A)"),
        (" 23400 Bourganeuf ", "Bourganeuf (23)"),
    ],
)
def test_bare_postcode_of_one_commune(index: CommuneIndex, text: str, expected: str) -> None:
    resolution = index.resolve(text)
    assert resolution.status is FOUND
    assert names(resolution) == [expected]


def test_postcode_as_a_voice_transcript_writes_it(index: CommuneIndex) -> None:
    assert index.resolve("23 300") == index.resolve("23300")
    assert names(index.resolve("la souterraine 23 300")) == ["La Souterraine (23)"]


def test_postcode_of_corsica_shared_in_haute_corse(index: CommuneIndex) -> None:
    resolution = index.resolve("20200")
    assert resolution.status is AMBIGUOUS
    assert "Bastia (2B)" in names(resolution)
    assert {commune.departement for commune in resolution.candidates} == {"2B"}


@pytest.mark.parametrize("text", ["23999", "00000", "99999"])
def test_unknown_postcode(index: CommuneIndex, text: str) -> None:
    assert index.resolve(text).status is NOT_FOUND


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gueret 23000", "Guéret (23)"),
        ("23000 gueret", "Guéret (23)"),
        ("23000 Guéret", "Guéret (23)"),
        ("gueret23000", "Guéret (23)"),
        ("saint martin 23430", "Saint-Martin-Sainte-Catherine (23)"),
        ("je suis de la souterraine 23300", "La Souterraine (23)"),
        ("souterraine 23300", "La Souterraine (23)"),
        ("Saint-Maurice-la-Souterraine 23300", "Saint-Maurice-la-Souterraine (23)"),
        ("Boussac 23600", "Boussac (23)"),
        ("aubusson 23200", "Aubusson (23)"),
        ("aubusson 61100", "Aubusson (61)"),
        ("12 rue des Lilas 23000 Guéret", "Guéret (23)"),
        ("saint laurent 23000", "Saint-Laurent (23)"),
        ("eu 76260", "Eu (76)"),
        ("Y 80190", "Y (80)"),
        ("Marseille 13008", "Marseille (13)"),
        ("Pointe-à-Pitre 97110", "Pointe-à-Pitre (971)"),
    ],
)
def test_name_and_postcode(index: CommuneIndex, text: str, expected: str) -> None:
    resolution = index.resolve(text, CREUSE)
    assert resolution.status is FOUND
    assert names(resolution) == [expected]
    assert resolution.commune == resolution.candidates[0]


def test_name_contradicting_the_postcode_is_to_be_confirmed(index: CommuneIndex) -> None:
    resolution = index.resolve("Guéret 23200", CREUSE)
    assert resolution.status is SUGGESTED
    assert names(resolution) == ["Guéret (23)"]


def test_misspelt_name_with_its_postcode_is_suggested(index: CommuneIndex) -> None:
    resolution = index.resolve("gueré 23000")
    assert resolution.status is SUGGESTED
    assert names(resolution)[0] == "Guéret (23)"


def test_postcode_in_a_sentence_without_a_name(index: CommuneIndex) -> None:
    resolution = index.resolve("il a eu un malaise, il habite au 23000", CREUSE)
    assert resolution.status is AMBIGUOUS
    assert len(resolution.candidates) == 15
    # 80190 is the postcode of Y among others: "il y a" does not name it.
    with_y = index.resolve("il y a un souci, c'est au 80190")
    assert with_y.status is AMBIGUOUS
    assert "Y (80)" in names(with_y)


# Names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guéret", "Guéret (23)"),
        ("gueret", "Guéret (23)"),
        ("GUERET", "Guéret (23)"),
        ("Aubusson", "Aubusson (23)"),
        ("La Souterraine", "La Souterraine (23)"),
        ("la souterraine", "La Souterraine (23)"),
        ("lasouterraine", "La Souterraine (23)"),
        ("souterraine", "La Souterraine (23)"),  # article left out: only one commune fits
        ("Bourganeuf", "Bourganeuf (23)"),
        ("Saint-Vaury", "Saint-Vaury (23)"),
        ("saint vaury", "Saint-Vaury (23)"),
        ("St Vaury", "Saint-Vaury (23)"),
        ("st-vaury", "Saint-Vaury (23)"),
        ("ST. VAURY", "Saint-Vaury (23)"),
        ("Felletin", "Felletin (23)"),
        ("Ahun", "Ahun (23)"),
        ("Boussac", "Boussac (23)"),
        ("ste feyre", "Sainte-Feyre (23)"),
        ("Sainte-Feyre-la-Montagne", "Sainte-Feyre-la-Montagne (23)"),
        ("Moutier d'Ahun", "Moutier-d'Ahun (23)"),
        ("Dun le Palestel", "Dun-le-Palestel (23)"),
        ("les mars", "Les Mars (23)"),
        ("mars", "Les Mars (23)"),  # in the Creuse, rather than Mars (07) or Mars (42)
        ("Saint-Dizier-la-Tour", "Saint-Dizier-la-Tour (23)"),
    ],
)
def test_name_in_the_creuse(index: CommuneIndex, text: str, expected: str) -> None:
    resolution = index.resolve(text, CREUSE)
    assert resolution.status is FOUND
    assert names(resolution) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pointe-à-Pitre", "Pointe-à-Pitre (971)"),
        ("pointe a pitre", "Pointe-à-Pitre (971)"),
        ("Ajaccio", "Ajaccio (2A)"),
        ("bastia", "Bastia (2B)"),
        ("Paris", "Paris (75)"),
        ("Lyon 3e", "Lyon (69)"),
        ("Paris 11e", "Paris (75)"),
        ("saint dizier", "Saint-Dizier (52)"),
        ("les mars", "Les Mars (23)"),
        ("Château-Chinon (Ville)", "Château-Chinon (Ville) (58)"),
        ("Limoges", "Limoges (87)"),
    ],
)
def test_name_nationally(index: CommuneIndex, text: str, expected: str) -> None:
    resolution = index.resolve(text)
    assert resolution.status is FOUND
    assert names(resolution) == [expected]


def test_a_name_out_of_the_territory_is_still_found(index: CommuneIndex) -> None:
    assert names(index.resolve("Pointe-à-Pitre", CREUSE)) == ["Pointe-à-Pitre (971)"]


@pytest.mark.parametrize(
    ("departements", "expected"),
    [
        (["974"], "Saint-Denis (974)"),
        (["93"], "Saint-Denis (93)"),
        (["23", "30"], "Saint-Denis (30)"),
    ],
)
def test_territory_picks_among_homonyms(
    index: CommuneIndex, departements: list[str], expected: str
) -> None:
    resolution = index.resolve("Saint-Denis", departements)
    assert resolution.status is FOUND
    assert names(resolution) == [expected]


def test_homonyms_are_ambiguous_without_territory(index: CommuneIndex) -> None:
    resolution = index.resolve("Aubusson")
    assert resolution.status is AMBIGUOUS
    assert names(resolution) == ["Aubusson (23)", "Aubusson (61)"]
    assert resolution.commune is None
    assert names(index.resolve("aubusson", ["61"])) == ["Aubusson (61)"]


def test_saint_martin_is_never_guessed(index: CommuneIndex) -> None:
    national = index.resolve("Saint-Martin")
    assert national.status is AMBIGUOUS
    assert {commune.name for commune in national.candidates} == {"Saint-Martin"}
    assert len(national.candidates) == 5

    creuse = index.resolve("saint martin", CREUSE)
    assert creuse.status is AMBIGUOUS
    assert names(creuse)[:2] == [
        "Saint-Martin-Château (23)",
        "Saint-Martin-Sainte-Catherine (23)",
    ]
    assert "Saint-Martin (32)" in names(creuse)


def test_departement_code_next_to_the_name_narrows_it(index: CommuneIndex) -> None:
    for text in ("saint martin 23", "Saint-Martin (23)"):
        resolution = index.resolve(text)
        assert resolution.status is AMBIGUOUS
        assert names(resolution) == [
            "Saint-Martin-Château (23)",
            "Saint-Martin-Sainte-Catherine (23)",
        ]
    assert names(index.resolve("Saint-Martin 65")) == ["Saint-Martin (65)"]


def test_saint_dizier_is_not_confused_with_the_creuse_saint_dizier(index: CommuneIndex) -> None:
    creuse = index.resolve("Saint-Dizier", CREUSE)
    assert creuse.status is AMBIGUOUS
    assert "Saint-Dizier (52)" in names(creuse)
    assert {"Saint-Dizier-la-Tour (23)", "Saint-Dizier-Masbaraud (23)"} <= set(names(creuse))

    # Saint-Dizier-Leyrenne merged into Saint-Dizier-Masbaraud: the old name still works.
    for text in ("Saint-Dizier-Leyrenne", "elle habite à st dizier leyrenne"):
        assert names(index.resolve(text, CREUSE)) == ["Saint-Dizier-Masbaraud (23)"]
        assert index.resolve(text).status is FOUND


def test_start_of_a_creuse_name_is_offered_not_found(index: CommuneIndex) -> None:
    evaux = index.resolve("Evaux", CREUSE)
    assert evaux.status is SUGGESTED
    assert names(evaux) == ["Évaux-les-Bains (23)"]
    dun = index.resolve("Dun", CREUSE)
    assert dun.status is AMBIGUOUS
    assert names(dun) == ["Dun-le-Palestel (23)", "Dun (09)"]


def test_name_with_a_precision_in_brackets(index: CommuneIndex) -> None:
    resolution = index.resolve("chateau chinon")
    assert resolution.status is AMBIGUOUS
    assert len(resolution.candidates) == 2


def test_ambiguous_names_give_at_most_ten_candidates_territory_first(
    index: CommuneIndex,
) -> None:
    resolution = index.resolve("Saint-Pierre", CREUSE)
    assert resolution.status is AMBIGUOUS
    assert len(resolution.candidates) == 10
    assert [c.departement for c in resolution.candidates[:3]] == ["23", "23", "23"]


# Free text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("elle habite a gueret", "Guéret (23)"),
        ("Elle habite à Guéret.", "Guéret (23)"),
        ("c'est à St Vaury pres de gueret", "Saint-Vaury (23)"),
        ("je suis de la souterraine", "La Souterraine (23)"),
        ("euh a bourganeuf", "Bourganeuf (23)"),
        ("euh... à bourganeuf euh", "Bourganeuf (23)"),
        ("c'est sur Aubusson", "Aubusson (23)"),
        ("elle vit seule à Ahun", "Ahun (23)"),
        ("ma mère habite Boussac", "Boussac (23)"),
        ("Madame Martin à Guéret", "Guéret (23)"),
        ("ma fille Marie habite a Gueret", "Guéret (23)"),
        ("j'ai eu ma voisine au téléphone, elle habite à Felletin", "Felletin (23)"),
        ("mon père a 90 ans il est seul à La Souterraine", "La Souterraine (23)"),
        ("elle est à l'hôpital de guéret", "Guéret (23)"),
        ("elle habite route de la Souterraine à Guéret", "Guéret (23)"),
        ("c'est à Montluçon près de Guéret", "Montluçon (03)"),
        ("elle habite la chapelle taillefert", "La Chapelle-Taillefert (23)"),
        (
            "bonjour, je vous appelle pour ma voisine qui vit seule à Guéret, elle ne sort plus",
            "Guéret (23)",
        ),
    ],
)
def test_commune_in_a_sentence(index: CommuneIndex, text: str, expected: str) -> None:
    resolution = index.resolve(text, CREUSE)
    assert resolution.status is FOUND, names(resolution)
    assert names(resolution) == [expected]


def test_sentence_without_territory(index: CommuneIndex) -> None:
    assert names(index.resolve("ma fille marie habite a gueret")) == ["Guéret (23)"]
    assert names(index.resolve("elle habite à Lyon")) == ["Lyon (69)"]


def test_near_a_commune_is_to_be_confirmed(index: CommuneIndex) -> None:
    resolution = index.resolve("elle habite près de Guéret", CREUSE)
    assert resolution.status is SUGGESTED
    assert names(resolution) == ["Guéret (23)"]


def test_two_communes_in_a_sentence_are_ambiguous(index: CommuneIndex) -> None:
    resolution = index.resolve("elle habite entre Guéret et Aubusson", CREUSE)
    assert resolution.status is AMBIGUOUS
    assert names(resolution) == ["Guéret (23)", "Aubusson (23)"]


@pytest.mark.parametrize(
    "text",
    [
        "il y a eu un problème",
        "Il a eu un accident en mars",
        "elle a eu 85 ans en avril",
        "il a bu",
        "tant pis",
        "je ne sais pas",
        "il faut qu'elle vienne",
        "à cause de la neige",
        "c'est une personne à charge",
        "à côté de chez moi",
        "elle habite au bourg, à côté de l'église",
        "ma voisine Suzanne ne va pas bien",
        "ma voisine Marie Dupont ne répond plus",
        "il vit seul, sa femme est décédée l'an dernier",
        "ma voisine ne sort plus de chez elle depuis des semaines",
        "elle n'a plus de famille, personne ne vient la voir",
        "Il y a une dame seule qui vit en face de chez moi",
        "elle vit dans une maison isolée au bout du chemin",
        "elle habite dans la Creuse",
        "bonjour je voudrais signaler une personne âgée isolée",
    ],
)
@pytest.mark.parametrize("departements", [CREUSE, None])
def test_common_words_in_a_sentence_are_not_communes(
    index: CommuneIndex, text: str, departements: list[str] | None
) -> None:
    resolution = index.resolve(text, departements)
    assert resolution.status is NOT_FOUND, names(resolution)


@pytest.mark.parametrize(
    ("text", "expected"), [("Eu", "Eu (76)"), ("Y", "Y (80)"), ("à Eu", "Eu (76)")]
)
def test_common_word_as_the_whole_answer_is_a_commune(
    index: CommuneIndex, text: str, expected: str
) -> None:
    resolution = index.resolve(text)
    assert resolution.status is FOUND
    assert names(resolution) == [expected]


def test_common_word_answer_out_of_the_territory_is_to_be_confirmed(index: CommuneIndex) -> None:
    eu = index.resolve("eu", CREUSE)
    assert eu.status is SUGGESTED
    assert names(eu) == ["Eu (76)"]
    assert names(index.resolve("le bourg")) == ["Le Bourg (46)"]
    bourg = index.resolve("le bourg", CREUSE)  # in the Creuse, "le bourg" is a village centre
    assert bourg.status is AMBIGUOUS
    assert names(bourg) == ["Le Bourg-d'Hem (23)", "Le Bourg (46)"]


def test_common_word_after_habite_is_to_be_confirmed(index: CommuneIndex) -> None:
    resolution = index.resolve("elle habite à Tours")
    assert resolution.status is SUGGESTED
    assert names(resolution) == ["Tours (37)"]
    assert index.resolve("elle habite à Tours", CREUSE).status is NOT_FOUND
    grand_bourg = index.resolve("elle habite au Grand Bourg", CREUSE)
    assert grand_bourg.status is SUGGESTED
    assert names(grand_bourg) == ["Le Grand-Bourg (23)"]
    assert index.resolve("elle habite au Grand Bourg").status is NOT_FOUND


# Typos -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gueré", "Guéret (23)"),
        ("guerret", "Guéret (23)"),
        ("bourganeu", "Bourganeuf (23)"),
        ("aubuson", "Aubusson (23)"),
        ("felltin", "Felletin (23)"),
        ("boussak", "Boussac (23)"),
        ("la souteraine", "La Souterraine (23)"),
        ("elle habite a gueré", "Guéret (23)"),
        ("c'est à bourganeu pas loin", "Bourganeuf (23)"),
    ],
)
def test_typo_in_the_territory_is_suggested(index: CommuneIndex, text: str, expected: str) -> None:
    resolution = index.resolve(text, CREUSE)
    assert resolution.status is SUGGESTED
    assert names(resolution)[0] == expected
    assert resolution.commune is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gueré", "Guéret (23)"),
        ("la souteraine", "La Souterraine (23)"),
        ("elle habite a bourganeu", "Bourganeuf (23)"),
        ("je suis de aubuson", "Aubusson (23)"),
        ("pointe a pite", "Pointe-à-Pitre (971)"),
        ("Montluçonn", "Montluçon (03)"),
    ],
)
def test_typo_nationally_is_suggested(index: CommuneIndex, text: str, expected: str) -> None:
    resolution = index.resolve(text)
    assert resolution.status is SUGGESTED
    assert expected in names(resolution)[:2]
    assert len(resolution.candidates) <= 10


@pytest.mark.parametrize(
    "text", ["", "   ", "???", "xqzwv", "bonjour", "merci", "oui", "non", "1234", "23", "zzzzzz"]
)
@pytest.mark.parametrize("departements", [CREUSE, None])
def test_empty_or_garbage_is_not_found(
    index: CommuneIndex, text: str, departements: list[str] | None
) -> None:
    resolution = index.resolve(text, departements)
    assert resolution.status is NOT_FOUND
    assert resolution.candidates == ()
    assert resolution.commune is None


# A small index, as other code may build in its own tests -----------------------------------


def test_index_of_given_communes() -> None:
    small = CommuneIndex(
        [
            Commune("23096", "Guéret", "23", ("23000",)),
            Commune("23176", "La Souterraine", "23", ("23300",)),
            Commune("87085", "Limoges", "87", ("87000", "87100")),
        ],
        former_names=[("Vieux-Guéret", "23096")],
    )
    assert len(small) == 3
    assert names(small.resolve("souterraine")) == ["La Souterraine (23)"]
    assert names(small.resolve("87100")) == ["Limoges (87)"]
    assert names(small.resolve("vieux gueret")) == ["Guéret (23)"]
    assert small.resolve("Aubusson").status is NOT_FOUND
    assert [c.name for c in small.in_departements(["23"])] == ["Guéret", "La Souterraine"]
