"""What every predictor returns, so baselines and the fine-tuned model are interchangeable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from stancesum.actors import FoundActor
from stancesum.reading import Article


@dataclass
class ActorStance:
    stance: str  # support | oppose | neutral
    confidence: float
    evidence: list[int]  # sentence indices, the decisive one first


@dataclass
class Prediction:
    summary: list[int]  # sentence indices, in article order
    stances: list[ActorStance]  # one per actor, in the order the actors were given


class Predictor(Protocol):
    name: str

    def predict(self, article: Article, actors: list[FoundActor], target: str,
                max_sentences: int) -> Prediction: ...
