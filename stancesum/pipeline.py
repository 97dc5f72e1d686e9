"""The inference API: `StanceSummarizer.load()` then `analyze(text)` → a record in the one format."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from stancesum.actors import ActorExtractor, FoundActor, locate_actors
from stancesum.baselines import LeadBaseline, MajorityBaseline, TextRankBaseline
from stancesum.errors import ModelError, StancesumError
from stancesum.format import DEFAULT_TARGET, Actor, Record
from stancesum.junk import JunkFilter
from stancesum.predictor import Prediction, Predictor
from stancesum.reading import Article, html_to_text, looks_like_html, read_article

# The shipped model: models/ beside the package in a source checkout (an editable install).
SHIPPED_MODEL = Path(__file__).resolve().parent.parent / "models" / "stancesum-minilm"
BASELINES = {"lead+rule": LeadBaseline, "lead+majority": MajorityBaseline, "textrank+rule": TextRankBaseline}


PRECISIONS = {"": None, "fp32": False, "int8": True}


def resolve_predictor(model: str | Path | None = None) -> Predictor:
    """A model folder, a baseline name ("lead+rule"), or None: $STANCESUM_MODEL, else the shipped
    model, else the rule baseline (named as a baseline in every output's meta). A folder may end in
    `@int8` or `@fp32` to run its weights at that precision instead of the folder's default."""
    if model is None:
        model = os.environ.get("STANCESUM_MODEL") or (SHIPPED_MODEL if SHIPPED_MODEL.is_dir() else "lead+rule")
    name = str(model).removeprefix("baseline:")
    if name in BASELINES:
        return BASELINES[name]()
    path, _, precision = name.rpartition("@") if "@" in name else (name, "", "")
    if precision not in PRECISIONS:
        raise ModelError(f"unknown precision @{precision} in {name} (use @int8 or @fp32)")
    folder = Path(path)
    if not folder.is_dir():
        raise ModelError(f"model folder not found: {folder} (or use a baseline: {', '.join(BASELINES)})")
    from stancesum.model import StanceSumModel  # torch/transformers load only when a model is used

    return StanceSumModel.load(folder, quantize=PRECISIONS[precision])


class StanceSummarizer:
    """Reads an article, finds its actors, and fills in a summary and each actor's stance.

    Each part can be swapped: pass another `predictor` (model or baseline), `actor_extractor`
    or `junk_filter` (a callable from the article's lines to the indices of junk lines; by default
    `stancesum.junk.JunkFilter()`, and `lambda lines: []` keeps every line).
    """

    def __init__(self, predictor: Predictor, *, actor_extractor=None, junk_filter=None):
        self.predictor = predictor
        self.actor_extractor = actor_extractor or ActorExtractor()
        self.junk_filter = junk_filter if junk_filter is not None else JunkFilter()

    @classmethod
    def load(cls, model: str | Path | None = None, **parts) -> "StanceSummarizer":
        return cls(resolve_predictor(model), **parts)

    def read(self, text: str, title: str | None = None) -> Article:
        if looks_like_html(text):
            text, title = html_to_text(text)
        return read_article(text, title=title, junk_filter=self.junk_filter)

    def analyze(self, article: str | Record, target: str = DEFAULT_TARGET, max_sentences: int = 3,
                *, id: str = "article", actors: list[str | Actor] | None = None) -> Record:
        """Analyse one article (plain text, HTML, or a Record whose target and id are kept).

        `actors` asks for the stance of these actors (names, or Actors with aliases) instead of
        the ones the extractor finds."""
        record = article if isinstance(article, Record) else Record(id=id, text=article, target=target)
        parsed = self.read(record.text, record.title)
        if actors is None:
            found = self.actor_extractor(parsed)
        else:
            found = locate_actors(parsed, [(a, []) if isinstance(a, str) else (a.name, a.aliases) for a in actors])
        prediction = self.predictor.predict(parsed, found, record.target, max_sentences)
        return self._to_record(record, parsed, found, prediction)

    def analyze_batch(self, articles: Iterable[str | Record | StancesumError],
                      target: str = DEFAULT_TARGET, max_sentences: int = 3
                      ) -> Iterator[Record | StancesumError]:
        """Stream results in input order. A bad article yields its error and the batch goes on."""
        for n, article in enumerate(articles, start=1):
            if isinstance(article, StancesumError):
                yield article
                continue
            try:
                yield self.analyze(article, target, max_sentences, id=f"article-{n}")
            except StancesumError as exc:
                rid = article.id if isinstance(article, Record) else f"article-{n}"
                yield type(exc)(f"{rid}: {exc}")

    def _to_record(self, source: Record, article: Article, found: list[FoundActor],
                   prediction: Prediction) -> Record:
        sents = article.sentences
        actors = [
            Actor(
                name=a.name, aliases=a.aliases, kind=a.kind, stance=s.stance,
                confidence=round(s.confidence, 4), evidence=[sents[i].text for i in s.evidence],
                mentions=a.mentions,
            )
            for a, s in zip(found, prediction.stances)
        ]
        actors.sort(key=lambda a: (-len(a.mentions), a.name))
        meta = dict(source.meta)
        meta.update(
            predictor=self.predictor.name,
            baseline=self.predictor.name.startswith("baseline:"),
            dropped_lines=[article.text.split("\n")[i] for i in article.junk_lines],
        )
        return Record(
            id=source.id, text=article.text, target=source.target, title=article.title,
            summary=" ".join(sents[i].text for i in prediction.summary),
            summary_spans=[[sents[i].start, sents[i].end] for i in prediction.summary],
            junk_lines=article.junk_lines, actors=actors, meta=meta,
        )
