"""Actors: the named entities of an article that can hold a stance, merged under one canonical name.

Each PERSON/ORG/GPE/NORP entity (and a seat of government that spaCy files as FAC/LOC) is resolved
to a canonical actor, or dropped when it is not an actor:

- states: a country name, short form, demonym ("Russian"), seat ("the Kremlin") or capital
  ("Moscow") → the country (stancesum.aliases). A capital or other city counts only where it acts
  ("Moscow said"), not where it is a place ("talks in Moscow"); a state only ever named as a place
  (after in/at/near/from/to..., in the dateline, or "Haiti's capital") is not an actor;
- groups: "ISIL", "IS", "Daesh" → Islamic State; "Houthi" joins "Houthis"; other NORP words
  ("Kurdish", "Sunni") count only when used as a noun, not as an adjective;
- people: a surname ("Lavrov") or a single name joins the full name ("Sergei Lavrov");
- organisations: an acronym joins its long form ("SDF" → Syrian Democratic Forces); a news
  outlet that only reports ("told Reuters", "the Financial Times reported") is not an actor;
- an actor acts: at least one mention names or modifies the subject or agent of a clause ("Iran
  said", "Iran's minister said", "U.S. officials said"), not only an object ("sanctions on Iran").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stancesum import aliases
from stancesum.format import Mention
from stancesum.reading import Article, Entity

# spaCy labels that can name an actor, and the actor kind each maps to.
ACTOR_LABELS = {"PERSON": "person", "ORG": "org", "GPE": "gpe", "NORP": "group", "FAC": None, "LOC": None}

# A place is introduced by a locative preposition ("in", "near") ...
LOCATIVE = {"in", "at", "near", "from", "to", "into", "outside", "inside", "across", "around",
            "toward", "towards", "through", "via", "off", "over", "within", "throughout", "beyond",
            "along", "above", "below", "under", "on", "onto"}
# ... possibly with "the" and a direction between ("in northern Iraq", "near the Syrian border").
PLACE_MODIFIERS = {"the", "northern", "southern", "eastern", "western", "central", "north", "south",
                   "east", "west", "northeast", "northwest", "southeast", "southwest", "northeastern",
                   "northwestern", "southeastern", "southwestern", "occupied", "neighbouring",
                   "neighboring", "rural", "downtown", "greater", "war-torn", "mainland", "coastal"}
# "Haiti's capital", "Syria's north": a possessive of a geographic noun names a place.
PLACE_HEADS = {"capital", "border", "borders", "territory", "territories", "north", "south", "east",
               "west", "coast", "waters", "airspace", "soil", "city", "cities", "region", "province",
               "provinces", "streets", "ports", "port", "interior", "heartland", "outskirts", "desert",
               "mountains", "countryside", "villages", "towns", "frontier", "side"}
# A demonym before these words names private people or things, not the state ("American tourists").
PRIVATE_HEADS = {"tourist", "tourists", "fan", "fans", "team", "player", "players", "singer", "actor",
                 "actress", "company", "companies", "firm", "firms", "brand", "food", "cuisine",
                 "language", "student", "students", "citizen", "citizens", "national", "nationals",
                 "passport", "border", "side", "coast", "waters", "airspace", "territory", "soil",
                 "league", "club", "champion", "champions", "football", "cricket"}
# "Defence Minister X": a one-word ORG before these is part of a person's title.
TITLE_NOUNS = {"minister", "ministry", "secretary", "spokesman", "spokeswoman", "spokesperson", "chief",
               "official", "officials"}
# "told Reuters", "according to the Financial Times": a source, not an actor.
SOURCE_BEFORE = re.compile(r"(^|\s)(told|according to|quoted by|cited by|interview with|speaking to|"
                           r"report by|reported by|wrote in|writing in|told the|speaking to the)$")
SOURCE_AFTER = {"reported", "reports", "quoted", "cited", "published", "reporter", "correspondent"}
# Names that look like a news outlet: only these are dropped for a "reported" after them.
OUTLET = re.compile(r"\b(Reuters|AFP|Associated Press|AP|Bloomberg|Times|Post|News|Press|Journal|"
                    r"Herald|Telegraph|Guardian|Gazette|Tribune|Daily|Magazine|Economist|Agency|"
                    r"Television|TV|Radio|Broadcasting|Al Jazeera|BBC|CNN|Xinhua|Tass|TASS|Interfax|"
                    r"IRNA|Fars|Anadolu|Yonhap|Kyodo)\b")
HONORIFICS = re.compile(r"^(mr|mrs|ms|dr|sir|dame|prof)\.?\s+", re.IGNORECASE)
PARTICLES = {"al", "el", "bin", "ibn", "van", "von", "de", "der", "den", "da", "du", "la", "le"}
ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "al"}


@dataclass
class FoundActor:
    name: str
    kind: str | None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # whether some mention names it acting (not as a place; as an agent if that is required)
    acting: bool = field(default=False, repr=False, compare=False)

    @property
    def sentences(self) -> list[int]:
        return sorted({m.sentence for m in self.mentions})


def _clean(surface: str) -> str:
    surface = surface.strip().strip("'\"“”‘’")
    for suffix in ("'s", "’s"):
        if surface.endswith(suffix):
            surface = surface[: -len(suffix)]
    if surface.lower().startswith("the "):
        surface = surface[4:]
    return HONORIFICS.sub("", surface.strip()).strip()


def _mention(ent: Entity) -> Mention:
    return Mention(text=ent.text, start=ent.start, end=ent.end, sentence=ent.sentence)


def is_place(ent: Entity) -> bool:
    """Named as a place, not as an actor: in a dateline, after a locative preposition, or as the
    possessor of a geographic noun."""
    if ent.dateline:
        return True
    words = ent.before.split()
    while words and (words[-1] in PLACE_MODIFIERS or words[-1] in {",", "-"}):
        words.pop()
    if words and words[-1] in LOCATIVE:
        return True
    if len(words) >= 2 and words[-1] == "of" and words[-2] in PLACE_MODIFIERS | {"outskirts", "parts"}:
        return True  # "east of Mosul", "the outskirts of Kyiv"
    return ent.dep == "poss" and ent.head in PLACE_HEADS


def is_source(ent: Entity, surface: str) -> bool:
    """A publication or agency quoted as a source ("told Reuters", "the Financial Times reported")."""
    if SOURCE_BEFORE.search(ent.before):
        return True
    return ent.after in SOURCE_AFTER and bool(OUTLET.search(surface))


def _acts(ent: Entity) -> bool:
    """A city or region acts only as a subject or as the possessor of a non-geographic noun."""
    return ent.dep in ("nsubj", "nsubjpass") or (ent.dep == "poss" and ent.head not in PLACE_HEADS)


# Roles in which a name does or says something: the subject of a clause, or the agent of a passive.
AGENT_ROLES = {"nsubj", "nsubjpass", "csubj", "agent", "ROOT"}


class ActorExtractor:
    """Groups an article's entities into actors with canonical names (see the module doc).

    With `require_agent`, an actor must also act somewhere: at least one of its mentions names
    (or modifies) the subject of a clause ("Iran said", "Iran's minister said", "U.S. officials
    said"), not only an object ("sanctions on Iran", "the U.N. resolution")."""

    def __init__(self, require_agent: bool = True):
        self.require_agent = require_agent

    def __call__(self, article: Article) -> list[FoundActor]:
        resolved = []  # (canonical or None, kind, place?, surface, entity)
        for ent in article.entities:
            if ent.label not in ACTOR_LABELS:
                continue
            surface = _clean(ent.text)
            if not surface or not any(ch.isalpha() for ch in surface):
                continue
            hit = self._resolve(ent, surface)
            if hit is not None:
                resolved.append((*hit, surface, ent))

        full_name = self._person_names([s for _, k, _, s, _ in resolved if k == "person"])
        actors: dict[str, FoundActor] = {}
        last_person: dict[int, str] = {}  # sentence → the person named last in it
        for canonical, kind, place, surface, ent in resolved:
            if kind == "person":
                canonical = full_name(surface)
            elif full_name(surface) != surface and not aliases.country(surface) \
                    and not aliases.group(surface) and not aliases.seat(surface):
                # a known person's surname that spaCy filed as ORG/GPE/NORP ("Sudani", "De Wever")
                canonical, kind, place = full_name(surface), "person", False
            if re.search(r"(known as|nicknamed|alias|dubbed)$", ent.before) and ent.sentence in last_person:
                canonical, kind, place = last_person[ent.sentence], "person", False  # "known as Barbecue"
            name = canonical or surface
            if kind == "person":
                last_person[ent.sentence] = name
            actor = actors.setdefault(name.casefold(), FoundActor(name=name, kind=kind))
            if surface != actor.name and surface not in actor.aliases:
                actor.aliases.append(surface)
            actor.mentions.append(_mention(ent))
            if not place and (not self.require_agent or ent.role in AGENT_ROLES):
                actor.acting = True

        self._merge_acronyms(actors)
        self._merge_adjectives(actors)
        self._merge_qualified(actors)
        # an entity only ever named as a place or venue (or never as an agent) is not an actor
        found = [a for a in actors.values() if a.acting]
        for actor in found:
            actor.mentions.sort(key=lambda m: m.start)
        return found

    def _resolve(self, ent: Entity, surface: str) -> tuple[str | None, str, bool] | None:
        """(canonical name, or None for the surface itself; kind; named as a place?) for an
        entity, or None when the mention is not an actor's."""
        label = ent.label
        place = is_place(ent)
        group = aliases.group(surface) or aliases.group(f"{surface} {ent.after}")  # "Islamic" State
        if group:
            return group, "group", place
        seat = aliases.seat(surface)
        if seat:  # like a capital: "the Kremlin said" is Russia, "talks at the Kremlin" a place
            return None if place else (seat, "org" if seat in aliases.ORGS else "gpe", False)
        country = aliases.country(surface)
        if country:
            return country, "org" if country in aliases.ORGS else "gpe", place
        if label == "NORP" or (label in ("GPE", "ORG") and " " not in surface):
            country = aliases.demonym(surface)
            if country:
                if ent.head in PRIVATE_HEADS and ent.dep in ("amod", "compound"):
                    return None  # "American tourists", "the Syrian border"
                if surface.endswith("s") and not ent.dep.startswith("nsubj"):
                    return None  # "told Haitians to stay indoors": people, not the state
                return country, "gpe", place
        country = aliases.capital(surface)
        if country and label in ("GPE", "ORG", "PERSON", "LOC"):
            # "Moscow said" is Russia; "talks in Moscow" is the city, no mention of Russia
            return None if place else (country, "gpe", False)
        initial = re.sub(r"^(al|el|ad|as|ash|an)-", "", surface)[:1]  # "al-Shabaab" counts as capitalised
        if label in ("FAC", "LOC") or not initial.isupper() and not initial.isdigit():
            return None  # places, and "navy", "foreign ministry" that spaCy took for names
        if label == "GPE":  # a city or region that is not a capital: only where it acts
            return (None, "gpe", False) if _acts(ent) and not place else None
        if label == "NORP":  # "Kurds", "Republicans" as nouns; adjectives only join those
            adjective = ent.pos == "ADJ" or ent.dep in ("amod", "compound", "npadvmod", "nmod") \
                or ent.after in ("-", "–")
            return None, "group-adj" if adjective else "group", False
        if is_source(ent, surface):
            return None
        if label == "ORG":
            if " " not in surface and not surface.isupper() and ent.after in TITLE_NOUNS:
                return None  # "Defense Secretary Lloyd Austin": a title, not an organisation
            venue = ent.before.split()[-1:] in (["at"], ["in"])  # "in the Bundestag"
            return None, "org", venue or ent.dateline  # spaCy files some datelines as ORG
        return None, "person", False

    @staticmethod
    def _person_names(surfaces: list[str]):
        """A function from a person's surface to its full name: "Lavrov" → "Sergei Lavrov",
        "Abadi" → "Haider al-Abadi", "Bilawal" → "Bilawal Bhutto Zardari" (when one name fits)."""
        full = sorted({s for s in surfaces if " " in s}, key=len, reverse=True)

        def tokens(name):
            return [t.lower().removeprefix("al-").removeprefix("el-") for t in name.split()
                    if t.lower() not in PARTICLES]

        def lookup(surface: str) -> str:
            short = tokens(surface)
            if not short:
                return surface
            match = [f for f in full if f != surface and tokens(f)[-len(short):] == short]
            if not match and len(short) == 1:
                match = [f for f in full if short[0] in tokens(f)]
            # the longest fitting name; two different people with one surname stay apart
            tops = {m for m in match if not any(m != o and m in o for o in match)}
            return match[0] if len(tops) == 1 else surface

        return lookup

    @staticmethod
    def _merge_acronyms(actors: dict[str, FoundActor]) -> None:
        """"SDF" joins "Syrian Democratic Forces", "U.N." joins "United Nations"."""
        def initials(name):
            words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ACRONYM_SKIP]
            return "".join(w[0] for w in words).upper()

        for k, short in list(actors.items()):
            letters = short.name.replace(".", "")
            if not (2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()):
                continue
            long = next((a for a in actors.values() if a is not short and a.kind != "person"
                         and " " in a.name and initials(a.name) == letters), None)
            if long is not None:
                _absorb(long, short)
                del actors[k]

    @staticmethod
    def _merge_adjectives(actors: dict[str, FoundActor]) -> None:
        """A NORP adjective ("Houthi fighters") joins its noun form ("the Houthis"); alone it
        names no actor."""
        for k, actor in list(actors.items()):
            if actor.kind != "group-adj":
                continue
            noun = actors.get(k + "s") or actors.get(k.removesuffix("s"))
            if noun is not None and noun is not actor and noun.kind != "group-adj":
                _absorb(noun, actor)
            del actors[k]


    @staticmethod
    def _merge_qualified(actors: dict[str, FoundActor]) -> None:
        """"Kurdish Peshmerga" and "Peshmerga", "Free Democrats" and "Democrats": a name that is
        another one with one more word in front is the same organisation or group."""
        for k, actor in list(actors.items()):
            head, _, rest = actor.name.partition(" ")
            shorter = actors.get(rest.casefold()) if rest and head[:1].isupper() else None
            if shorter is not None and shorter is not actor and actor.kind in ("org", "group") \
                    and shorter.kind in ("org", "group"):
                _absorb(actor, shorter)
                del actors[rest.casefold()]


def _absorb(into: FoundActor, other: FoundActor) -> None:
    for form in [other.name, *other.aliases]:
        if form != into.name and form not in into.aliases:
            into.aliases.append(form)
    into.mentions.extend(other.mentions)
    into.acting = into.acting or other.acting


def locate_actors(article: Article, given: list[tuple[str, list[str]]]) -> list[FoundActor]:
    """Actors named by the caller (canonical name, aliases), found in the text by whole-word match
    of any of those names. Used to ask for the stance of known actors, and by the evals to score
    stance on gold actors apart from entity recognition."""
    found = []
    for name, aliases_ in given:
        forms = sorted({name, *aliases_}, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")
        actor = FoundActor(name=name, kind=None, aliases=list(aliases_))
        for sent_idx, sent in enumerate(article.sentences):
            for m in pattern.finditer(article.text, sent.start, sent.end):
                actor.mentions.append(Mention(m.group(), m.start(), m.end(), sent_idx))
        found.append(actor)
    return found
