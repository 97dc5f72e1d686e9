"""Actors: the named entities of an article that can hold a stance, merged under one canonical name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stancesum.format import Mention
from stancesum.reading import Article, Entity

# spaCy labels that can name an actor, and the actor kind each maps to.
ACTOR_LABELS = {"PERSON": "person", "ORG": "org", "GPE": "gpe", "NORP": "group"}


@dataclass
class FoundActor:
    name: str
    kind: str | None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

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
    return surface.strip()


class ActorExtractor:
    """Groups an article's PERSON/ORG/GPE/NORP entities into actors.

    A person named by surname alone ("Lavrov") joins the full name seen earlier ("Sergei Lavrov").
    """

    def __call__(self, article: Article) -> list[FoundActor]:
        actors: dict[str, FoundActor] = {}
        for ent in article.entities:
            kind = ACTOR_LABELS.get(ent.label)
            if kind is None:
                continue
            surface = _clean(ent.text)
            if not surface or not any(ch.isalpha() for ch in surface):
                continue
            key = self._canonical(surface, kind, actors)
            actor = actors.setdefault(key.casefold(), FoundActor(name=key, kind=kind))
            if surface != actor.name and surface not in actor.aliases:
                actor.aliases.append(surface)
            actor.mentions.append(_mention(ent))
        return list(actors.values())

    def _canonical(self, surface: str, kind: str, actors: dict[str, FoundActor]) -> str:
        if kind == "person" and " " not in surface:
            for actor in actors.values():
                if actor.kind == "person" and actor.name.split()[-1] == surface:
                    return actor.name
        return surface


def _mention(ent: Entity) -> Mention:
    return Mention(text=ent.text, start=ent.start, end=ent.end, sentence=ent.sentence)


def locate_actors(article: Article, given: list[tuple[str, list[str]]]) -> list[FoundActor]:
    """Actors named by the caller (canonical name, aliases), found in the text by whole-word match
    of any of those names. Used to ask for the stance of known actors, and by the evals to score
    stance on gold actors apart from entity recognition."""
    found = []
    for name, aliases in given:
        forms = sorted({name, *aliases}, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")
        actor = FoundActor(name=name, kind=None, aliases=list(aliases))
        for sent_idx, sent in enumerate(article.sentences):
            for m in pattern.finditer(article.text, sent.start, sent.end):
                actor.mentions.append(Mention(m.group(), m.start(), m.end(), sent_idx))
        found.append(actor)
    return found
