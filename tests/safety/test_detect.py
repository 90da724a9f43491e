"""The safety net: what must trigger (and as which kind), what must not, and the replies."""

from __future__ import annotations

import pytest

from relais.safety import DangerKind, DangerMatch, detect_danger, emergency_reply, normalize

FALL = DangerKind.FALL
NSL = DangerKind.NO_SIGN_OF_LIFE
SUICIDAL = DangerKind.SUICIDAL
MEDICAL = DangerKind.MEDICAL
OTHER = DangerKind.OTHER

TRIGGERING: list[tuple[str, DangerKind]] = [
    # falls
    ("mon mari est tombé dans la salle de bain", FALL),
    ("Ma grand-mère est tombée hier soir.", FALL),
    ("tombee ds l'escalier", FALL),
    ("elle est par terre dans sa cuisine", FALL),
    ("il est allongé par terre depuis ce matin", FALL),
    ("je suis au sol j'arrive pas à me relever", FALL),
    ("jsuis tombe jpeux pa me relever", FALL),
    ("il a chuté en sortant du bain", FALL),
    ("elle a fait une chute dans le jardin", FALL),
    ("euh oui allo c'est mon voisin il est tombe euh devant sa porte", FALL),
    ("ELLE EST TOMBÉE", FALL),
    ("la voisine est tombée du tabouret en changeant une ampoule", FALL),
    ("il ne se relève pas, il est resté toute la nuit sur le carrelage", FALL),
    ("je suis coincée dans la baignoire", FALL),
    ("ma mère s'est retrouvée à terre et ne peut plus bouger", FALL),
    # no sign of life, shutters, mail, smell, door
    ("aucun signe de vie de mon oncle depuis vendredi", NSL),
    ("pas de nouvelles de ma mère depuis 3 jours", NSL),
    ("on ne l'a pas vue depuis une semaine", NSL),
    ("personne ne l'a vu depuis cinq jours", NSL),
    ("ses volets restent fermés depuis plusieurs jours", NSL),
    ("les volets sont clos chez la dame du bout de la rue", NSL),
    ("volets fermes depuis 4j", NSL),
    ("sa boîte aux lettres est pleine à craquer", NSL),
    ("le courrier s'accumule devant chez lui", NSL),
    ("les journaux s'entassent sur son paillasson", NSL),
    ("une drôle d'odeur sort de son appartement, une odeur très forte", NSL),
    ("ça sent vraiment mauvais dans la cage d'escalier devant sa porte", NSL),
    ("elle ne répond pas quand je sonne", NSL),
    ("il ne décroche plus depuis deux jours", NSL),
    ("je frappe à sa porte mais personne ne répond", NSL),
    ("sa télé est allumée depuis trois jours jour et nuit", NSL),
    ("son chien hurle depuis hier soir", NSL),
    ("elle a disparu depuis ce matin", NSL),
    # medical
    ("il respire très mal", MEDICAL),
    ("elle a du mal à respirer depuis ce matin", MEDICAL),
    ("j'arrive plus a respirer", MEDICAL),
    ("il s'étouffe avec un morceau de viande", MEDICAL),
    ("j'ai une grosse douleur dans la poitrine", MEDICAL),
    ("mal a la poitrine et au bras gauche", MEDICAL),
    ("ça me serre dans la poitrine", MEDICAL),
    ("je crois qu'il fait un infarctus", MEDICAL),
    ("elle vient de faire un malaise", MEDICAL),
    ("il est inconscient", MEDICAL),
    ("elle s'est évanouie dans la cuisine", MEDICAL),
    ("il ne réagit plus quand je lui parle", MEDICAL),
    ("il est tombé dans les pommes", MEDICAL),
    ("elle saigne beaucoup de la main", MEDICAL),
    ("il y a du sang sur le sol de la salle de bain", MEDICAL),
    ("sa bouche est toute de travers et elle parle bizarrement", MEDICAL),
    ("je crois que c'est un AVC", MEDICAL),
    ("il fait une crise d'épilepsie", MEDICAL),
    # suicidal
    ("je veux en finir", SUICIDAL),
    ("jveux en finir", SUICIDAL),
    ("j'ai plus envie de vivre", SUICIDAL),
    ("j ai pu envie de vivre", SUICIDAL),
    ("je n'ai plus goût à vivre", SUICIDAL),
    ("je veux mourir", SUICIDAL),
    ("je voudrais mourir", SUICIDAL),
    ("j'ai envie de me suicider", SUICIDAL),
    ("je pense au suicide", SUICIDAL),
    ("je vais me tuer", SUICIDAL),
    ("je vais mettre fin à mes jours", SUICIDAL),
    ("euh je sais pas euh j'ai envie de mourir", SUICIDAL),
    ("la vie ne vaut plus la peine", SUICIDAL),
    ("à quoi bon vivre maintenant", SUICIDAL),
    ("ils seraient tous mieux sans moi", SUICIDAL),
    ("je voudrais m'endormir et ne plus me réveiller", SUICIDAL),
    ("j'en ai marre de vivre", SUICIDAL),
    ("jpp de cette vie", SUICIDAL),
    ("je veux rejoindre mon mari là-haut", SUICIDAL),
    ("je vais avaler toutes mes pilules", SUICIDAL),
    ("j'ai peur de faire une bêtise", SUICIDAL),
    ("mon père dit qu'il veut se tuer", SUICIDAL),
    ("ma voisine parle de se pendre", SUICIDAL),
    ("JE VEUX PLUS VIVRE", SUICIDAL),
    # other: fire, gas, violence, calls for help
    ("il y a de la fumée qui sort de chez elle", OTHER),
    ("ça sent le gaz dans son appartement", OTHER),
    ("la maison a pris feu", OTHER),
    ("au secours", OTHER),
    ("c'est urgent venez vite", OTHER),
    ("son fils la frappe", OTHER),
    ("j'entends ma voisine gémir derrière sa porte", OTHER),
    # added after reading the training data back through the net
    ("elle a glissé dans la douche", FALL),
    ("il est étendu dans le couloir", FALL),
    ("il ne donne plus signe de vie", NSL),
    ("il ne répond ni au téléphone ni à la porte", NSL),
    ("elle est toute pâle et répond à peine", MEDICAL),
    ("il s'est effondré dans la rue", MEDICAL),
    ("ma tante parle de se suicider", SUICIDAL),
    ("je pense à mourir", SUICIDAL),
    ("je veux que tout s'arrête", SUICIDAL),
    ("elle m'a laissé une lettre d'adieu", SUICIDAL),
    ("il s'est cassé la figure dans l'escalier", FALL),
    ("elle s'est étalée sur le trottoir", FALL),
    ("elle ne se lève plus depuis deux jours", FALL),
    ("je vais sauter du pont", SUICIDAL),
    ("je souhaite mourir", SUICIDAL),
    ("je veux partir rejoindre mon mari", SUICIDAL),
    ("il n'arrive plus à parler", MEDICAL),
    ("oppression thoracique depuis ce matin", MEDICAL),
    ("le feu a pris dans la cuisine", OTHER),
    ("elle a disparu de la maison de retraite", NSL),
]

NOT_TRIGGERING: list[str] = [
    "je marche mal depuis ma chute",
    "depuis sa derniere chute elle ne sort plus",
    "il ne sort plus",
    "elle ne sort plus de chez elle depuis des mois",
    "elle ne mange plus correctement",
    "il ne mange plus grand chose",
    "je ne veux plus de vos appels",
    "je ne veux plus recevoir vos messages",
    "ne m'appelez plus",
    "je suis tombé sur votre numéro dans le journal",
    "je suis tombée sur votre annonce à la mairie",
    "sa voiture est tombée en panne",
    "elle est tombée en panne d'essence",
    "le moral est tombé bien bas",
    "ça tombe bien vous appelez",
    "elle a tout laissé tomber depuis son veuvage",
    "elle a peur de tomber quand elle sort",
    "il risque de tomber avec ses vieilles chaussures",
    "j'ai failli tomber ce matin mais ça va",
    "je vais sur la tombe de mon mari le dimanche",
    "elle a fait une prise de sang hier",
    "bon sang que les journées sont longues",
    "je m'ennuie à mourir",
    "depuis la mort de mon mari je ne vois personne",
    "je me sens seule",
    "ma voisine est très isolée",
    "il a du mal à marcher",
    "elle a mal au dos",
    "je suis fatiguée",
    "pas fort aujourd'hui",
    "le moral est bas",
    "il oublie ses rendez-vous",
    "elle ne répond pas à mes lettres",
    "il ne bouge plus de chez lui",
    "elle ne bouge pas beaucoup",
    "ce n'est pas une urgence",
    "rien d'urgent, c'est pour une voisine",
    "je voudrais parler à quelqu'un",
    "supprimez mes données",
    "il y a un club à Aubusson ?",
    "rappelez-moi demain matin",
    "je suis veuve depuis trois ans",
    "elle fait ses courses au marché",
    "il aime se mettre au coin du feu",
    "elle a un atelier de prévention des chutes le mardi",
    "la neige tombe depuis ce matin",
    "je veux en finir avec vos appels",
    "je veux disparaître de vos fichiers",
    "il ne parle plus à personne depuis l'hiver",
    "j'ai glissé un mot sous sa porte",
    "elle ne répond pas à mes lettres ni à mes messages",
    "il se tue à la tâche pour sa mère",
    "depuis sa chute l'an dernier elle ne sort plus",
    "oui j'ai bien pris tous mes médicaments ce matin",
    "je ne peux pas parler maintenant",
    "mon mari a disparu il y a deux ans",
    "elle fait du feu dans la cheminée",
    "je vais rejoindre ma fille à Limoges pour Noël",
    # the brief's own examples of what must not trigger
    "elle est tombée en panne de voiture",
    "je suis tombé sur votre numéro",
    "le moral est tombé",
]


@pytest.mark.parametrize(("text", "kind"), TRIGGERING)
def test_triggers(text: str, kind: DangerKind) -> None:
    match = detect_danger(text)
    assert match is not None, text
    assert match.kind is kind, (text, match)


@pytest.mark.parametrize("text", NOT_TRIGGERING)
def test_does_not_trigger(text: str) -> None:
    assert detect_danger(text) is None, (text, detect_danger(text))


def test_tables_are_large_enough() -> None:
    assert len(TRIGGERING) >= 60
    assert len(NOT_TRIGGERING) >= 30


def test_danger_said_after_a_harmless_use_still_triggers() -> None:
    match = detect_danger("je suis tombée sur votre numéro, ma mère est tombée ce matin")
    assert match is not None
    assert match.kind is DangerKind.FALL


def test_most_serious_kind_wins() -> None:
    match = detect_danger("elle est tombée et maintenant elle respire mal")
    assert match is not None
    assert match.kind is DangerKind.MEDICAL
    match = detect_danger("je suis tombé et j'ai plus envie de vivre")
    assert match is not None
    assert match.kind is DangerKind.SUICIDAL


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("il est tombé", ("15", "112")),
        ("j'ai mal à la poitrine", ("15", "112")),
        ("je veux en finir", ("3114", "15", "112")),
        ("volets fermés depuis 4 jours", ("17", "112")),
        ("il y a le feu", ("18", "112")),
    ],
)
def test_numbers_by_kind(text: str, numbers: tuple[str, ...]) -> None:
    match = detect_danger(text)
    assert match is not None
    assert match.numbers == numbers


def test_phrase_is_a_label_not_the_message() -> None:
    text = "Mme Martine Durand, 06 12 34 56 78, est tombée"
    match = detect_danger(text)
    assert match is not None
    assert "Durand" not in match.phrase
    assert "06" not in match.phrase
    assert match.phrase not in text


def test_empty_messages() -> None:
    assert detect_danger("") is None
    assert detect_danger("   ") is None
    assert detect_danger("?!") is None


def test_normalize() -> None:
    assert normalize("Jsuis TOMBÉE ds l'escalier !!!") == " je suis tombee dans l escalier "
    assert normalize("au secouuuurs") == " au secours "
    assert normalize("volets fermés depuis 3j") == " volets fermes depuis 3 jours "


@pytest.mark.parametrize(
    "kind", [DangerKind.FALL, DangerKind.MEDICAL, DangerKind.NO_SIGN_OF_LIFE, DangerKind.OTHER]
)
def test_reply_says_every_number(kind: DangerKind) -> None:
    numbers = {
        DangerKind.FALL: ("15", "112"),
        DangerKind.MEDICAL: ("15", "112"),
        DangerKind.NO_SIGN_OF_LIFE: ("17", "112"),
        DangerKind.OTHER: ("18", "112"),
    }[kind]
    reply = emergency_reply(DangerMatch(kind=kind, numbers=numbers, phrase="test"))
    text = " ".join(reply)
    for number in numbers:
        assert f"le {number}" in text
    assert "3114" not in text


def test_suicidal_reply_gives_3114_first() -> None:
    match = detect_danger("j'ai plus envie de vivre")
    assert match is not None
    reply = emergency_reply(match)
    text = " ".join(reply)
    assert "3114" in text
    assert "15" in text
    assert "112" in text
    first_number_line = next(line for line in reply if any(c.isdigit() for c in line))
    assert "3114" in first_number_line


@pytest.mark.parametrize(
    "text", ["il est tombé", "je veux mourir", "pas de nouvelles depuis 5 jours"]
)
def test_reply_is_short_plain_and_uses_vous(text: str) -> None:
    match = detect_danger(text)
    assert match is not None
    reply = emergency_reply(match)
    assert 2 <= len(reply) <= 5
    for line in reply:
        assert len(line) <= 160  # one SMS each
        assert line.isascii() or all(ord(c) < 0x2000 for c in line)  # no emoji
        assert " tu " not in f" {line.lower()} "
    assert any("vous" in line.lower() or "votre" in line.lower() for line in reply)


def test_a_past_fall_as_time_reference_does_not_hide_a_present_danger() -> None:
    match = detect_danger("depuis sa chute ce matin elle est par terre")
    assert match is not None
    assert match.kind is DangerKind.FALL
