"""Actors: canonical names and aliases, places and sources filtered out, mentions kept."""

import pytest

from stancesum import aliases
from stancesum.actors import ActorExtractor
from stancesum.reading import read_article


def actors_of(text):
    article = read_article(text)
    found = {a.name: a for a in ActorExtractor()(article)}
    for actor in found.values():
        for m in actor.mentions:
            assert article.text[m.start:m.end] == m.text
            sent = article.sentences[m.sentence]
            assert sent.start <= m.start < sent.end  # each mention sits in its sentence
    return found


@pytest.mark.parametrize("word, country", [
    ("Russian", "Russia"), ("Iranian", "Iran"), ("Iraqi", "Iraq"), ("Japanese", "Japan"),
    ("German", "Germany"), ("Italian", "Italy"), ("Chinese", "China"), ("Nigerian", "Nigeria"),
    ("Sri Lankan", "Sri Lanka"), ("Iraqis", "Iraq"), ("American", "United States"),
    ("British", "United Kingdom"), ("Saudi", "Saudi Arabia"), ("Kurdish", None), ("European", None),
])
def test_demonyms(word, country):
    assert aliases.demonym(word) == country


def test_names_capitals_and_seats():
    assert aliases.country("the Russian Federation") == "Russia"
    assert aliases.country("U.S.") == aliases.country("US") == "United States"
    assert aliases.country("Britain") == "United Kingdom"
    assert aliases.country("Türkiye") == "Turkey"
    assert aliases.capital("Moscow") == "Russia" and aliases.capital("Washington") == "United States"
    assert aliases.seat("the Kremlin") == "Russia" and aliases.seat("Downing Street") == "United Kingdom"
    assert aliases.group("ISIL") == aliases.group("Daesh") == "Islamic State"


def test_russia_under_all_its_names_and_the_minister_by_surname():
    found = actors_of(
        "MOSCOW, Oct. 14 — Russia on Tuesday called the coalition's air strikes illegal.\n\n"
        "\"The coalition has no mandate,\" Foreign Minister Sergei Lavrov told a news conference in Moscow. "
        "Lavrov said Moscow would raise the matter at the U.N. Security Council.\n\n"
        "The Kremlin said Russian jets would keep flying.")
    russia = found["Russia"]
    assert russia.kind == "gpe"
    assert {"Moscow", "Kremlin", "Russian"} <= set(russia.aliases)
    # the dateline and "in Moscow" are the city, not Russia; "Moscow would raise" is Russia
    assert [m.text for m in russia.mentions if m.text == "Moscow"] == ["Moscow"]
    lavrov = found["Sergei Lavrov"]
    assert lavrov.kind == "person" and lavrov.aliases == ["Lavrov"] and len(lavrov.mentions) == 2
    assert lavrov.sentences == [1, 2]
    assert "Security Council" not in " ".join(found)  # a venue ("at the ...")


def test_united_states_and_islamic_state_aliases():
    found = actors_of(
        "WASHINGTON, Aug. 8 — The Pentagon said on Friday it would send more jets to the Gulf. "
        "American officials said ISIL fighters had attacked a base in Syria.\n\n"
        "Washington has said Daesh will be defeated. A U.S. official said IS was weakened.")
    us = found["United States"]
    assert {"Pentagon", "American", "Washington", "U.S."} <= set(us.aliases)
    assert set(found["Islamic State"].aliases) == {"ISIL", "Daesh", "IS"}
    assert found["Islamic State"].kind == "group"


def test_places_sources_and_numbers_are_not_actors():
    found = actors_of(
        "DOHA, March 9 — Oman urged restraint on Saturday, according to Reuters. "
        "Flights from Qatar were not affected, officials told the Financial Times. "
        "Turkey sent 300 soldiers to the border town near Kobani on March 3.")
    assert set(found) == {"Oman", "Turkey"}


def test_acronyms_and_groups_merge():
    found = actors_of(
        "The European Union agreed on Wednesday to fund repairs after talks with the Syrian Democratic "
        "Forces (SDF), the alliance that fought Islamic State. The SDF said the money would help. "
        "EU foreign policy chief Josep Borrell welcomed the deal. The Houthis said Houthi drones flew.")
    assert "SDF" in found["Syrian Democratic Forces"].aliases
    assert found["European Union"].aliases == ["EU"] and found["European Union"].kind == "org"
    assert found["Houthis"].aliases == ["Houthi"]
    assert "Borrell" not in found and "Josep Borrell" in found


def test_norp_adjectives_alone_are_not_actors():
    found = actors_of("Kurdish fighters advanced on Monday. Sunni leaders met in Erbil.")
    assert "Kurdish" not in found and "Sunni" not in found
