"""The phrasings of danger, as data: each pattern has a label, a kind and a regular expression.

The expressions run on normalised text (see normalize.py): lowercase, no accents, words separated
by one space, SMS spellings expanded. Guards are expressions whose matches are blanked out before
the patterns run: they remove the everyday uses of danger words ("je suis tombé sur votre
numéro", "la voiture est tombée en panne", "une prise de sang", "il ne bouge plus de chez lui")
without hiding a real danger said in the same message.

High recall first: when in doubt a phrasing is a pattern, not a guard. A false alarm costs an
apology; a missed fall or a missed suicidal word costs far more.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DangerKind(StrEnum):
    FALL = "fall"
    NO_SIGN_OF_LIFE = "no_sign_of_life"
    SUICIDAL = "suicidal"
    MEDICAL = "medical"
    OTHER = "other"


# The numbers to give, by kind, in the order they are said.
NUMBERS_BY_KIND: dict[DangerKind, tuple[str, ...]] = {
    DangerKind.SUICIDAL: ("3114", "15", "112"),
    DangerKind.MEDICAL: ("15", "112"),
    DangerKind.FALL: ("15", "112"),
    DangerKind.NO_SIGN_OF_LIFE: ("17", "112"),
    DangerKind.OTHER: ("112",),
}

# When one message matches several kinds, the first kind of this order wins.
PRIORITY: tuple[DangerKind, ...] = (
    DangerKind.SUICIDAL,
    DangerKind.MEDICAL,
    DangerKind.FALL,
    DangerKind.OTHER,
    DangerKind.NO_SIGN_OF_LIFE,
)


@dataclass(frozen=True, slots=True)
class DangerPattern:
    label: str
    kind: DangerKind
    regex: str
    numbers: tuple[str, ...] | None = None  # None: NUMBERS_BY_KIND[kind]


# Building blocks (normalised text: no accents, single spaces).
_N = (
    r"(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|"
    r"plusieurs|quelques|des|deux trois|2 3)"
)
_SINCE = (
    rf"(?:(?:ca fait|cela fait|voila) (?:{_N}|plus de {_N}) (?:jours?|nuits?|semaines?)|"
    rf"depuis (?:{_N} (?:jours?|nuits?|semaines?)|hier|avant hier|la semaine derniere|"
    r"ce week end|le week end|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"\d+ heures|48 heures|(?:au moins )?(?:un|une|deux|trois) (?:jours?|semaines?)))"
)
_W = r"(?:\w+ )"  # one word and its space
_NEG = r"(?:pas|plus|jamais|pa|point)"
_FALL_VERB = r"tomb(?:e|ee|es|ees|er|ai|ais|ait|ant|erai|erait)"
_SELF = r"(?:me|m|se|s|te|t)"

GUARDS: tuple[str, ...] = (
    # tomber: everyday senses
    rf"{_FALL_VERB} (?:en )?panne",
    rf"{_FALL_VERB} (?:sur|par) hasard",
    rf"{_FALL_VERB} sur (?:votre|vos|ton|tes|un|une|le|la|les|l|ce|cet|cette|son|sa|ses|des)"
    r" (?:\w+ )?(?:numero|numeros|annonce|site|article|affiche|flyer|prospectus|brochure|page|"
    r"lien|pub|publicite|message|reportage|emission|depliant|journal|facebook|internet|video|"
    r"plaquette|tract|info|infos|information|contact|coordonnees|repondeur|service|robot|"
    r"voisin|voisine|ami|amie|cousin|cousine|copain|copine|collegue|connaissance|facteur)",
    rf"(?:fait|faire|fais|fasse|laisse|laisser|laisses|laissez|laissons|laissee|laisse) "
    rf"(?:\w+ )?{_FALL_VERB}",
    rf"(?:ca|cela|ce|tout|ceci) {_FALL_VERB} (?:bien|mal|a pic|pile|a point)",
    rf"{_FALL_VERB} (?:d accord|amoureu\w*|malade|enceinte|des nues|de haut|"
    r"un (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|le \d+)",
    rf"(?:nuit|pluie|neige|grele|feuilles?|cheveux|prix|moral|fievre|nouvelle|facture|"
    rf"temperature|rideau|rideaux|le couperet) (?:\w+ ){{0,2}}{_FALL_VERB}",
    r"il tombe (?:des cordes|de la (?:pluie|neige|grele)|du (?:verglas|gresil))",
    rf"(?:peur|risque|risquer|risques|crainte|eviter|empecher|prevenir|prevention) "
    rf"(?:\w+ ){{0,3}}?{_FALL_VERB}",
    rf"failli {_FALL_VERB}",
    rf"\b(?:pas|jamais) (?:encore )?{_FALL_VERB}",
    r"\b(?:la|une|sa|ma|les|des|cette|leur|sur la|sur sa) tombes?\b",
    r"tombee de la nuit",
    # chute: everyday senses and past falls
    r"chutes? (?:de |d |des )(?:neige|pluie|grele|cheveux|feuilles|pierres|prix|ventes|eau|"
    r"reins|moral|temperature|natalite)",
    r"(?:prevention|prevenir|risque|risques|peur|eviter|atelier|ateliers) (?:\w+ ){0,3}?chutes?",
    r"chutes? (?:\w+ ){0,2}(?:il y a (?:\d+|un|une|deux|trois|quelques|plusieurs) (?:mois|ans|an)"
    r"|l an dernier|l annee derniere|l an passe|l annee passee|l hiver dernier)",
    # "depuis ma chute", "depuis son AVC": a past event used as a time reference ("je marche
    # mal depuis ma chute", "il ne conduit plus depuis son AVC")
    r"depuis (?:ma|sa|son|leur|la|une|cette|mon) (?:derniere |grosse |mauvaise )?"
    r"(?:chute|avc|attaque|malaise|infarctus|operation|hospitalisation)",
    # par terre / au sol, about things
    r"(?:fait tomber|jete|jeter|pose|poser|laisse|trainent|traine|ramasser|ramasse|crache|"
    r"renverse|papiers|vetements|affaires|dechets|ordures|linge|journaux) (?:\w+ ){0,3}"
    r"(?:par terre|au sol|a terre)",
    r"(?:pied|terre|ventre) a terre",
    # sang, saigner: expressions
    r"prises? de sang|analyses? (?:\w+ )?de sang|bon sang|sang froid|sang d encre|"
    r"mauvais sang|coup de sang|liens? du sang|don du sang|donneur de sang|sang neuf|pur sang|"
    r"(?:sucre|glycemie|cholesterol|alcool) dans le sang|groupe sanguin",
    r"saigner a blanc|saigne aux quatre veines",
    # mourir, disparaitre: expressions
    r"(?:ennuie|ennuyer|ennuyait|ennui) (?:\w+ ){0,2}a (?:mourir|crever)",
    r"mort de rire|mdr|morte de rire|mourir de rire|crever de chaud|meurs de chaud|"
    r"mourir de chaud|mort de fatigue|morte de fatigue|mort de froid|morte de froid",
    r"disparaitre sous terre|disparaitre (?:de|des|du) (?:vos|votre|ces|leurs|la|les|ce|cette)"
    r" (?:\w+ )?(?:fichiers?|listes?|base|registres?|dossiers?|radar|systeme|ordinateurs?)",
    r"se tuer (?:a la tache|au travail)|tuer le temps",
    r"glisse\w* (?:\w+ ){0,2}(?:lettre|mot|papier|enveloppe|message|carte|petit mot|courrier)",
    r"(?:depuis (?:la mort|le deces|la disparition) de)",
    r"en finir avec (?:les|ces|vos|votre|vos|ce dossier|cette histoire|la paperasse|"
    r"ce probleme|cette question|ces appels)",
    # not answering, not moving: concerns, not danger
    r"bouge (?:pas|plus) (?:beaucoup|trop|assez|souvent|de chez|de son|de sa|de la maison|"
    r"du canape|du fauteuil|de la maison|du lit|de la journee|beaucoup)",
    r"(?:repond|repondent|decroche|ouvre) (?:pas|plus) (?:a |aux )?(?:mes |nos |vos )?"
    r"(?:questions|courriers|lettres|mails|emails|invitations|sms de pub)",
    # "elle ne répond pas toujours": not always, a habit, not a silence
    r"(?:repond|repondent|decroche|decrochent|ouvre) pas (?:toujours|tout de suite|souvent)",
    # urgence: not urgent
    r"(?:pas|rien) (?:d |une |de |en |vraiment |tres )?urgen\w*|(?:service|numero|numeros) "
    r"d urgence|en cas d urgence|(?:aux|des|les) urgences",
    # feu, gaz: everyday senses
    r"coin du feu|feu de bois|feux? d artifice|feux? (?:rouges?|verts?|tricolores?)|"
    r"arme a feu a la chasse|pas le feu|au feu rouge",
    # malaise
    r"malaise (?:social|entre|dans la famille|avec)",
    # douleur/mal a la poitrine: none. urgences: none.
)

PATTERNS: tuple[DangerPattern, ...] = (
    # ---------------------------------------------------------------- suicidal
    DangerPattern("suicide", DangerKind.SUICIDAL, r"suicid\w*|suissid\w*|sucid\w*"),
    DangerPattern(
        "en finir",
        DangerKind.SUICIDAL,
        r"\ben fini(?:r|e)?\b|\ben finisse\b|en terminer avec (?:la vie|ma vie|tout)",
    ),
    DangerPattern(
        "mettre fin a ses jours",
        DangerKind.SUICIDAL,
        r"(?:mettre|mets|met|mis) fin a (?:mes|ses|tes|ma|sa|leurs) (?:jours|vie)",
    ),
    DangerPattern(
        "envie de mourir",
        DangerKind.SUICIDAL,
        r"(?:envie|desir|besoin|hate) de (?:mourir|crever|disparaitre|partir pour (?:de bon|"
        r"toujours)|plus vivre|ne plus vivre|ne plus etre la|plus etre la)",
    ),
    DangerPattern(
        "veux mourir",
        DangerKind.SUICIDAL,
        r"(?:veux|veut|voudrais|voudrait|aimerais|aimerait|prefere|prefererais|vais|va|veulent|"
        r"souhaite|souhaiterais|souhaiterait)"
        r"(?: (?:bien|juste|vraiment|tellement|simplement|seulement|moi|aller))? "
        rf"(?:mourir|crever|{_SELF} tuer|{_SELF} suicider|en finir|{_SELF} pendre|"
        rf"{_SELF} jeter|{_SELF} noyer|{_SELF} supprimer|{_SELF} flinguer|disparaitre|"
        r"partir pour toujours|partir pour de bon)",
    ),
    DangerPattern(
        "me tuer",
        DangerKind.SUICIDAL,
        r"\b(?:je|j) (?:\w+ ){0,2}?(?:me tuer|me suicider|me supprimer|me pendre|me flinguer|"
        r"me foutre en l air|me jeter (?:sous|par|du|d un|dans|a l eau|de)|me noyer|"
        r"m ouvrir les veines|me tirer une balle)",
    ),
    DangerPattern(
        "se pendre, se jeter",
        DangerKind.SUICIDAL,
        rf"{_SELF} (?:pendre|foutre en l air|flinguer|ouvrir les veines|tirer une balle|"
        rf"jeter (?:sous un|sous le|par la|du haut|d un pont|dans le vide|a l eau|dans la))",
    ),
    DangerPattern(
        "ne plus vivre",
        DangerKind.SUICIDAL,
        rf"(?:veux|veut|voudrais|voudrait|vx|peux|sais) {_NEG} vivre|"
        rf"{_NEG} (?:\w+ ){{0,2}}?(?:envie|gout|force|raison|raisons|interet|le courage) "
        r"(?:de|a) vivre|(?:aucune|sans) (?:raison|envie) de vivre",
    ),
    DangerPattern(
        "marre de vivre",
        DangerKind.SUICIDAL,
        r"(?:marre|assez|fatigue|fatiguee|lasse|las|degoute|degoutee|peux plus|peut plus) "
        r"de (?:vivre|la vie|cette vie|ma vie|exister)",
    ),
    DangerPattern(
        "la vie n'a plus de sens",
        DangerKind.SUICIDAL,
        r"a quoi bon (?:vivre|continuer|rester)|la vie (?:ne vaut|vaut) (?:plus|pas) "
        r"(?:la peine|le coup)|la vie n a (?:plus|pas|aucun) (?:de )?sens|"
        rf"{_NEG} (?:la )?force de continuer|{_NEG} d issue|aucune issue",
    ),
    DangerPattern(
        "mieux sans moi",
        DangerKind.SUICIDAL,
        r"mieux sans moi|(?:mieux|bien) si je (?:n )?(?:etais|etait|suis) (?:plus|pas) la|"
        r"(?:mieux|mieux vaut|bon) (?:\w+ ){0,2}(?:mort|morte|que je meure|que je disparaisse|"
        r"que je parte)\b|personne ne (?:me )?(?:regrettera|pleurera|remarquera)",
    ),
    DangerPattern(
        "ne plus se reveiller",
        DangerKind.SUICIDAL,
        rf"(?:veux|voudrais|aimerais|envie de|prefere|prefererais) (?:ne )?{_NEG} "
        r"(?:jamais )?me reveiller|(?:dormir|partir|endormir) pour toujours|"
        r"(?:m )?endormir (?:et )?(?:ne )?(?:plus|pas|jamais) me reveiller",
    ),
    DangerPattern(
        "avaler tous ses medicaments",
        DangerKind.SUICIDAL,
        r"avaler (?:\w+ ){0,2}(?:tous|toutes|toute|la boite)|"
        r"(?:tous|toutes|toute la boite)(?: \w+){0,4} (?:d un (?:seul )?coup|en une fois|"
        r"pour en finir|pour dormir)|prepare\w* (?:\w+ ){0,2}(?:cachets|medicaments|comprimes|"
        r"pilules|corde|fusil)|(?:fusil|arme|pistolet|carabine|corde|revolver)"
        r"(?: \w+){0,8} (?:m en servir|me servir|contre moi|sur moi)",
    ),
    DangerPattern(
        "rejoindre un defunt",
        DangerKind.SUICIDAL,
        r"(?:rejoindre|retrouver) (?:mon|ma|mes) (?:\w+ ){0,2}?(?:la haut|au ciel|au paradis|"
        r"de l autre cote|au cimetiere)|(?:veux|voudrais|aimerais|hate de|pressee? de) "
        r"(?:aller |partir )?rejoindre (?:mon mari|ma femme|mon epoux|mon epouse|mon defunt)"
        r"(?! (?:a|en|chez|au|aux|dans|pour|demain)\b)",
    ),
    DangerPattern(
        "parle de se tuer",
        DangerKind.SUICIDAL,
        r"(?:parle|parlait|parlent|dit|disait|pense|pensait|menace|menacait|envie|idee) "
        r"(?:\w+ ){0,2}?(?:de |d )?(?:se|me|m|s) (?:tuer|suicider|pendre|supprimer|"
        r"foutre en l air|faire du mal)|pense\w* (?:\w+ ){0,2}?a (?:mourir|en finir|me tuer|"
        r"me suicider|partir pour de bon)|(?:veux|voudrais|aimerais) que (?:tout|la vie) "
        r"s arrete|(?:veux|voudrais) que ca s arrete\b(?! (?:ces|vos|les) appels)|"
        r"(?:veux|voudrais) plus etre la\b|(?:message|lettre|mot) d adieu|"
        r"(?:vais|veux|va|voudrais|envie de) (?:\w+ )?sauter (?:du|d un|par|de la|dans|sous)|"
        r"(?:plus rien|rien) a faire (?:ici bas|sur terre|dans ce monde)|"
        r"(?:un fardeau|un poids) pour (?:tout le monde|mes enfants|ma famille|les autres)|"
        r"(?:fait|faire|fais) (?:ses|mes) adieux",
    ),
    DangerPattern(
        "faire une betise",
        DangerKind.SUICIDAL,
        r"(?:vais|va|veux|peur de|envie de|risque de|pourrais|pourrait) faire "
        r"(?:une|des|un) (?:betise|betises|connerie|conneries|folie|geste)\b",
    ),
    # ---------------------------------------------------------------- medical
    DangerPattern(
        "respire mal",
        DangerKind.MEDICAL,
        r"(?:respire|respirer|respirait|respiration|respirant|respir)"
        r" (?:\w+ ){0,2}?(?:mal|difficilement|plus|pas|bizarrement|bruyamment|tres fort|"
        r"avec difficulte|sifflante|difficile|courte|saccadee)|"
        r"(?:mal|du mal|peine|difficulte|difficultes|arrive pas|arrive plus|parvient pas|"
        r"peut pas|peut plus|peux pas|peux plus|impossible) (?:a |de )?respirer|"
        r"\betouff\w*|suffoqu\w*|manque d air|essouffle\w*|levres (?:\w+ )?bleues|"
        r"souffle court|souffle coupe|(?:mal|peine|difficulte|difficultes|arrive pas|arrive plus) "
        r"a (?:reprendre|retrouver|trouver) (?:son|mon|sa|ma) (?:souffle|respiration)|"
        r"detresse respiratoire|asphyxi\w*",
    ),
    DangerPattern(
        "douleur a la poitrine",
        DangerKind.MEDICAL,
        r"(?:mal|douleur|douleurs|serrement|oppression|serre|pression|poids|brulure|"
        r"point|barre) (?:\w+ ){0,3}?(?:a la|dans la|sur la|au niveau de la|de la|la) poitrine|"
        r"poitrine (?:qui )?(?:serre|me serre|fait mal|me fait mal|brule|comprime|douloureuse)|"
        r"(?:douleur|douleurs|oppression) (?:thoracique|thoraciques)|"
        r"(?:mal|douleur\w*) (?:\w+ ){0,2}?"
        r"(?:au|du|dans le) thorax|(?:tient|tenait|main sur) (?:la|sa) poitrine|"
        r"(?:crise|attaque|arret) (?:cardiaque|de coeur)|infarctus|"
        r"(?:mal|douleur|engourdi\w*|fourmis|fourmillements) (?:\w+ ){0,3}?bras gauche",
    ),
    DangerPattern(
        "malaise",
        DangerKind.MEDICAL,
        r"(?:fait|fais|faire|faisait|fera|eu|a|un|gros|petit|grand|en) malaise|"
        r"malaise (?:cardiaque|vagal)",
    ),
    DangerPattern(
        "inconscient",
        DangerKind.MEDICAL,
        r"inconscien\w*|evanoui\w*|sans connaissance|perdu connaissance|perd connaissance|"
        r"tombe\w* dans les pommes|syncope|dans le coma|"
        rf"(?:se reveille|se reveillait|reagit|reagissait|bouge|bougeait) {_NEG}\b|"
        r"(?:arrive|arrivons|arrivais|peux|peut) (?:pas|plus) a (?:la|le) reveiller|"
        r"impossible de (?:la|le) reveiller|\binerte\b|yeux revulses|effondr\w*|"
        r"repond a peine|(?:tout|toute) (?:blanc|blanche|pale|mou|molle|gris|grise|bleu|bleue|"
        r"froid|froide|violet|violette)\b|\bdelire\w*|brulante? de fievre|"
        r"fievre (?:a|de) (?:40|41|quarante)",
    ),
    DangerPattern(
        "avc",
        DangerKind.MEDICAL,
        r"\bavc\b|accident vasculaire|attaque cerebrale|"
        r"(?:bouche|visage|figure) (?:\w+ ){0,2}(?:de travers|paralyse\w*|deforme\w*|tordu\w*|"
        r"qui tombe|tombe)|"
        r"(?:bras|jambe|cote|main) (?:\w+ ){0,2}(?:paralyse\w*|ne repond plus|ne bouge plus)|"
        r"(?:ne )?sent plus (?:son|sa|mon|ma) (?:bras|visage|cote|jambe|main)|"
        r"(?:parle|parlait|articule) (?:bizarrement|de travers|mal d un coup)|"
        r"(?:arrive|peut|peux) (?:plus|pas) (?:a )?parler (?:d un coup|tout a coup|soudain)|"
        r"(?:arrive|arrivait) (?:plus|pas) a parler|(?:peut|pouvait) plus parler|"
        r"paralys\w* (?:soudain\w*|d un coup|tout a coup)|(?:soudain\w*|d un coup) paralys\w*",
    ),
    DangerPattern(
        "saigne",
        DangerKind.MEDICAL,
        r"\bsaign\w*|hemorragi\w*|(?:du|de|en|plein de|beaucoup de|couvert de|couverte de|"
        r"pisse le|crache du|vomit du|vomi du|pleine de) sang\b|sang (?:partout|qui coule|coule)|"
        r"ouvert (?:le crane|la tete|l arcade|le front|le cuir chevelu)",
    ),
    DangerPattern(
        "convulsions",
        DangerKind.MEDICAL,
        r"convuls\w*|crise d epilepsie|crise epileptique|\bspasmes\b",
    ),
    DangerPattern(
        "blessure grave",
        DangerKind.MEDICAL,
        r"(?:s est|se|me suis|je me) (?:gravement |grievement )?brule\w*|gravement brule\w*|"
        r"ebouillant\w*|grievement blesse\w*|gravement blesse\w*|(?:casse|fracture)\w* "
        r"(?:\w+ ){0,2}(?:col du femur|hanche|jambe|bras|poignet|epaule|tete)",
    ),
    DangerPattern(
        "surdose, deshydratation",
        DangerKind.MEDICAL,
        r"(?:pris|prise|avale|avalee) (?:\w+ ){0,2}trop de (?:medicaments|cachets|comprimes|"
        r"pilules)|surdose|overdose|intoxiqu\w*|deshydrat\w*|hypothermie|coup de chaleur|"
        r"hypoglycemie",
    ),
    DangerPattern(
        "ni mange ni bu depuis des jours",
        DangerKind.MEDICAL,
        rf"(?:rien|pas|plus|jamais|ni) (?:\w+ ){{0,3}}?(?:mange\w*|bu|boit|boire|bois|avale\w*|"
        rf"alimente\w*|hydrate\w*|nourri\w*)(?: \w+){{0,6}}? {_SINCE}|"
        rf"{_SINCE} (?:\w+ ){{0,8}}?(?:rien|pas|plus) (?:\w+ ){{0,2}}?(?:mange\w*|bu|boit|"
        r"avale\w*|alimente\w*)|(?:ne|n) (?:mange|boit) plus rien (?:\w+ ){0,3}?(?:ni|et ne) "
        r"(?:\w+ ){0,2}?(?:boit|mange)|(?:ne|n) boit plus rien|ne s alimente plus|"
        r"(?:ne|n) (?:\w+ )?(?:mange|mangent|boit|boivent|s alimente|s hydrate)\w* "
        rf"(?:plus|pas|rien|jamais)(?: \w+){{0,4}}? {_SINCE}|"
        r"(?:ne|n) (?:mange|boit|s alimente) plus rien|(?:n a|n ont) (?:rien|pas) (?:\w+ )?"
        r"(?:mange|bu)\w* (?:\w+ ){0,3}?depuis",
    ),
    DangerPattern(
        "confusion et fievre",
        DangerKind.MEDICAL,
        r"(?=.*\b(?:fievre|temperature|brulante?|39|40)\b)(?=.*\b(?:confus\w*|desoriente\w*|"
        r"n importe quoi|ne sait plus ou|ne sais plus ou|incoheren\w*|delire\w*|"
        r"ne reconnait plus|perdu\w* la tete))",
    ),
    # ---------------------------------------------------------------- fall
    DangerPattern("tombe", DangerKind.FALL, rf"\b(?:re)?{_FALL_VERB}\b"),
    DangerPattern(
        "chute",
        DangerKind.FALL,
        r"\bchut(?:e|es|er|ee|ees|ait)\b(?! (?:de |d |des )?(?:neige|pluie))",
    ),
    DangerPattern(
        "par terre",
        DangerKind.FALL,
        r"(?:est|suis|es|etait|sont|reste|restee|restes|allonge\w*|etendu\w*|etale\w*|couche\w*|"
        r"retrouve\w*|trouve\w*|gisant\w*|git|coince\w*|assis\w*|il|elle|je|toujours|encore)"
        r" (?:\w+ ){0,3}?(?:par terre|au sol|a terre|sur le sol|sur le carrelage|sur le plancher)|"
        r"(?:allonge|allongee|etendu|etendue|etale|etalee) (?:\w+ ){0,2}?(?:dans|sur|devant) "
        r"(?:l|le|la|sa|son) (?:entree|couloir|sol|cuisine|salle|chambre|jardin|escalier|"
        r"trottoir|hall|garage|cour|salon|douche|baignoire|rue)",
    ),
    DangerPattern(
        "glisse",
        DangerKind.FALL,
        r"(?:a|est|suis|s est|me suis|ai|s etait|avait) glisse\w*|\bglissade\b|"
        r"(?:s est|me suis|se sont|s etait) etale\w*|casse\w* la (?:figure|gueule|binette)|"
        r"\bgit (?:dans|sur|au|par|devant|a)\b|(?:ne|n) (?:se|me) leve (?:plus|pas) depuis",
    ),
    DangerPattern(
        "ne peut pas se relever",
        DangerKind.FALL,
        rf"(?:{_NEG}|impossible de|incapable de|n arrive|narrive) (?:\w+ ){{0,3}}?{_SELF} "
        r"?(?:re)?lever\b|(?:se|me) releve (?:pas|plus)|coince\w* (?:\w+ ){0,2}(?:dans|sous) "
        r"(?:la|sa|ma|le|son|mon) (?:baignoire|douche|lit|toilettes|wc)",
    ),
    # ---------------------------------------------------------------- other
    DangerPattern(
        "feu, fumee",
        DangerKind.OTHER,
        r"(?:il y a le|y a le|ya le|au) feu\b|feu (?:a|qui a) pris|le feu prend|"
        r"(?:pris|prend|prendre|prenait|mis le|mettre le) "
        r"feu\b|\ben feu\b|incendi\w*|fumee (?:\w+ ){0,3}(?:sort|sortir|sortait|partout|noire|"
        r"dans|de chez|chez|sous)|sent (?:le )?(?:brule|la fumee|le roussi)|"
        r"odeur de (?:brule|fumee)|detecteur de fumee|alarme (?:incendie|de fumee)",
        numbers=("18", "112"),
    ),
    DangerPattern(
        "gaz",
        DangerKind.OTHER,
        r"(?:sent|sens|sentir|sentait|odeur de|fuite de|fuite du) (?:le |du )?gaz|"
        r"monoxyde|intoxication",
        numbers=("18", "112"),
    ),
    DangerPattern(
        "violence",
        DangerKind.OTHER,
        r"\b(?:me|la|le|nous|les) (?:frappe|frappent|bat|battent|violente|brutalise|brutalisent)"
        r"\b(?! (?:aux|a la|au) (?:cartes|belote|scrabble|dames|echecs|petanque))|"
        r"menace\w* (?:\w+ ){0,2}(?:de mort|avec un couteau|avec une arme|de (?:me|la|le|nous) "
        r"tuer)|\b(?:il|elle|ils|on) (?:\w+ ){0,2}(?:me|la|le|nous) tuer\b|"
        r"(?:me|se) fait (?:agresser|frapper|battre)",
        numbers=("17", "112"),
    ),
    DangerPattern(
        "appel a l'aide",
        DangerKind.OTHER,
        r"au secours|a l aide\b|aidez moi vite|venez vite|vite (?:venez|aidez)|"
        r"\burgen(?:ce|t|te|tissime)\b|appelez (?:les |le |une )?(?:pompiers|samu|secours|"
        r"ambulance|15|18|112)|(?:faut|besoin d) (?:une |un )?(?:ambulance|pompiers|samu)|"
        r"crie\w* (?:\w+ ){0,3}(?:au secours|a l aide)|(?:appeler|appelle|crier) a l aide|"
        r"(?:entends|entend|entendu|entendons|entendait) (?:\w+ ){0,3}?(?:crier|crie|gemir|gemit|"
        r"hurler|hurle|appeler|appelle|taper|tape|pleurer|gemissements|cris)",
        numbers=("15", "112"),
    ),
    # ---------------------------------------------------------------- no sign of life
    DangerPattern(
        "aucun signe de vie",
        DangerKind.NO_SIGN_OF_LIFE,
        r"(?:aucun|pas de|plus de|sans|pas un|plus aucun|pas le moindre|plus|pas|jamais) "
        r"(?:de )?signes? de vie",
    ),
    DangerPattern(
        "sans nouvelles depuis des jours",
        DangerKind.NO_SIGN_OF_LIFE,
        rf"(?:aucune|pas de|plus de|sans|pas|plus aucune|jamais de) (?:\w+ ){{0,1}}nouvelles?"
        rf" (?:\w+ ){{0,8}}?{_SINCE}",
    ),
    DangerPattern(
        "pas vu depuis des jours",
        DangerKind.NO_SIGN_OF_LIFE,
        rf"(?:{_NEG}|personne n a|personne ne l a|personne l a|personne a|nul ne l a) "
        rf"(?:\w+ ){{0,2}}?"
        r"(?:vu|vue|vus|croise|croisee|apercu|apercue|entendu|entendue)"
        rf"(?! personne| mes | ma famille| mon fils| ma fille| mes enfants)"
        rf" (?:\w+ ){{0,4}}?{_SINCE}",
    ),
    DangerPattern(
        "volets fermes",
        DangerKind.NO_SIGN_OF_LIFE,
        r"volets? (?:\w+ ){0,3}?(?:ferme|fermes|fermee|fermees|clos|closes|baisse|baisses|"
        r"tire|tires)\b|(?:ouvert|ouvre|ouvrir) (?:pas |plus )?(?:ses|les|son) volets? "
        r"(?:\w+ ){0,2}?depuis|volets? (?:\w+ ){0,2}(?:pas|plus|jamais) (?:ete )?ouverts?",
    ),
    DangerPattern(
        "courrier qui s'accumule",
        DangerKind.NO_SIGN_OF_LIFE,
        r"(?:boite aux lettres|boite a lettres|boite au lettre|boite|bal) (?:\w+ ){0,3}?"
        r"(?:deborde|debordante|pleine|remplie|bourree|deborder)|"
        r"(?:courrier|courriers|lettres|journaux|journal|prospectus|colis|pain|baguettes|"
        r"bouteilles de lait) (?:\w+ ){0,3}?(?:s accumule|s accumulent|s entasse|s entassent|"
        r"s empile|s empilent|accumule|accumules|entasse|entasses|empile|empiles|"
        r"pas ete (?:releve|ramasse|pris|rentre)|pas (?:releve|ramasse|rentre) depuis)",
    ),
    DangerPattern(
        "mauvaise odeur",
        DangerKind.NO_SIGN_OF_LIFE,
        r"odeurs? (?:\w+ ){0,3}?(?:bizarre|forte|horrible|affreuse|insupportable|pestilentielle|"
        r"nauseabonde|de mort|de cadavre|de decomposition|epouvantable|terrible|inhabituelle|"
        r"etrange|mauvaise|atroce|infecte|ignoble)|mauvaises? odeurs?|"
        r"(?:ca|sa|cela|il|elle|tout) (?:\w+ )?sent (?:\w+ ){0,2}?(?:mauvais|la mort|le cadavre|"
        r"le mort|bizarre|horrible|tres fort|la charogne)|(?:ca|sa|cela) (?:\w+ )?pue|"
        r"\bpuanteur\b|\bodeur de mort\b|(?:il y a|y a) une odeur\b(?! de (?:cuisine|gateau|cafe|"
        r"fleurs?|propre|lessive|parfum|pain|soupe))",
    ),
    DangerPattern(
        "ne repond plus",
        DangerKind.NO_SIGN_OF_LIFE,
        rf"(?:repond\w*|decroche\w*|ouvre|ouvrent|ouvert) (?:{_NEG}|ni)\b(?: \w+){{0,6}}? "
        rf"(?:{_SINCE}|porte|sonne|sonnette|frappe|toque|telephone|portable|appels?|fixe|"
        r"interphone)|(?:personne ne|pas de|aucune|personne) (?:\w+ )?(?:repond|reponse|ouvre|"
        rf"decroche)(?: \w+){{0,5}}? (?:{_SINCE}|chez (?:elle|lui)|porte|sonne|frappe)|"
        r"(?:sonne|sonner|frappe|frapper|toque|toquer)\w* (?:\w+ ){0,5}?(?:personne|pas de "
        r"reponse|aucune reponse|rien)\b|porte (?:\w+ ){0,6}?personne (?:ne )?(?:repond|ouvre)|"
        rf"(?:ne |n )?(?:repond|reagit|decroche) (?:plus|pas)\b(?! (?:a |aux |au )?"
        r"(?:mes |nos |vos |ses |les |leurs )?(?:questions|courriers|lettres|mails|emails|"
        r"invitations|messages|sms|textos|demandes|criteres))",
    ),
    DangerPattern(
        "silence inhabituel",
        DangerKind.NO_SIGN_OF_LIFE,
        r"(?:d habitude|habituellement|normalement|tous les jours) (?:\w+ ){0,10}?(?:et la|mais la|"
        r"depuis) (?:\w+ ){0,3}?(?:rien|plus rien|aucune nouvelle|pas de nouvelles|silence|"
        r"ne repond|repond pas|repond plus)|(?:pas|plus) (?:du tout )?son genre de (?:ne )?"
        r"(?:pas|plus) (?:repondre|donner|appeler)|(?:ca|cela) ne (?:lui|leur) ressemble pas|"
        r"pas dans (?:ses|leurs) habitudes",
    ),
    DangerPattern(
        "signes dans la maison",
        DangerKind.NO_SIGN_OF_LIFE,
        r"(?:lumiere|lumieres|tele|television|radio) (?:\w+ ){0,2}allumee?s? (?:\w+ ){0,3}depuis|"
        r"(?:chien|chat|chiens|chats) (?:\w+ ){0,3}(?:aboie|aboient|hurle|hurlent|miaule|"
        r"miaulent|gemit|pleure|pleurent|gratte) (?:\w+ ){0,5}?depuis|"
        r"voiture (?:\w+ ){0,3}(?:pas|plus) bouge",
    ),
    DangerPattern(
        "disparu",
        DangerKind.NO_SIGN_OF_LIFE,
        r"(?:a|est|ont) disparu\w* (?:depuis (?:hier|ce matin|cette nuit|\d+ heures|"
        r"(?:\d+|deux|trois|quelques|plusieurs) jours)|ce matin|cette nuit|hier)|"
        r"(?:a|est) disparu\w* (?:de chez (?:elle|lui)|de la maison|de l ehpad|"
        r"de la maison de retraite|de sa chambre)|\bintrouvable\b|"
        r"on (?:ne )?(?:la|le) (?:re)?trouve (?:pas|plus)|"
        r"(?:pas|jamais) rentre\w* (?:depuis|hier|cette nuit|de la nuit|chez (?:elle|lui))|"
        r"(?:erre|errait|perdue?) (?:\w+ ){0,2}(?:dans la rue|dans la nature|dans les bois|"
        r"la nuit|en pleine nuit)",
    ),
)
