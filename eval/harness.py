"""The predictor under test and the baselines, run side by side over gold records.

Every system is a StanceSummarizer sharing one cache of parsed articles, so each article is read
(HTML, junk lines, sentences, entities) once per run however many systems score it, and the
predictor under test runs once per record per mode: free (its own actors, summary, junk lines)
and on the gold actors (stance apart from entity recognition errors).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from tqdm import tqdm

from stancesum.baselines import LeadBaseline, MajorityBaseline, TextRankBaseline
from stancesum.errors import StancesumError
from stancesum.format import STANCES, Record
from stancesum.pipeline import StanceSummarizer
from stancesum.public_data import AUTHOR
from stancesum.rouge import ROUGE_TYPES, greedy_oracle, rouge

from eval import metrics

UNDER_TEST = "under test"


class CachedSummarizer(StanceSummarizer):
    """A StanceSummarizer whose `read` is memoised in a cache that several instances share."""

    def __init__(self, predictor, *, cache: dict | None = None, **parts):
        super().__init__(predictor, **parts)
        self.cache = {} if cache is None else cache

    def read(self, text, title=None):
        key = (text, title)
        if key not in self.cache:
            self.cache[key] = super().read(text, title)
        return self.cache[key]


@dataclass
class Collected:
    """Raw per-item outputs of one evaluation, turned into metrics by `Results`."""

    summaries: dict = field(default_factory=lambda: defaultdict(list))  # system → [(pred, ref)]
    summary_lines: dict = field(default_factory=lambda: defaultdict(list))  # system → [(lines, gold junk)]
    stance: dict = field(default_factory=lambda: defaultdict(list))  # system → [(gold, pred, conf, tags)]
    actors: list = field(default_factory=list)  # [(predicted actors, gold actors)]
    junk: list = field(default_factory=list)  # [(predicted junk lines, gold junk lines)]
    not_located: int = 0  # gold actors whose name and aliases never occur in the text
    errors: list = field(default_factory=list)  # (record id, message) of records that could not be read
    predictions: list = field(default_factory=list)  # the free-mode outputs of the model under test

    def merge(self, other: "Collected") -> None:
        for name in ("summaries", "summary_lines", "stance"):
            for label, rows in getattr(other, name).items():
                getattr(self, name)[label].extend(rows)
        self.actors += other.actors
        self.junk += other.junk
        self.predictions += other.predictions
        self.not_located += other.not_located


def summary_of(out: Record) -> tuple[str, list[int] | None]:
    """A predicted summary as one sentence per line, and the text line each sentence starts on."""
    if out.summary_spans is None:
        return out.summary, None
    return ("\n".join(out.text[s:e] for s, e in out.summary_spans),
            [metrics.line_of(out.text, s) for s, _ in out.summary_spans])


def tags_of(record: Record, actor_name: str, file_label: str | None) -> dict[str, str]:
    """What a stance pair can be broken down by (only keys the record has)."""
    tags = {"target": "the coalition" if record.target.casefold() == "the coalition" else "other target"}
    if "split" in record.meta:
        tags["split"] = record.meta["split"]
    if "coalition_kind" in record.meta:
        tags["coalition kind"] = str(record.meta["coalition_kind"])
    if isinstance(record.meta.get("implied"), list):
        tags["stance shown"] = "implied" if actor_name in record.meta["implied"] else "explicit"
    if file_label is not None:
        tags["file"] = file_label
    return tags


class Harness:
    """The systems of one run. `model` is a model folder or baseline name (None: the default
    predictor); the baselines are built here so every report has them."""

    def __init__(self, model=None, *, max_sentences: int = 3, majority: str = "support",
                 textrank: bool = True, encoder=None, lead1: bool = True, oracle: bool = True):
        self.cache: dict = {}
        self.max_sentences = max_sentences
        self.model = CachedSummarizer.load(model, cache=self.cache)
        self.model_label = f"{self.model.predictor.name} ({UNDER_TEST})"
        shared = dict(cache=self.cache)
        lead = CachedSummarizer(LeadBaseline(), **shared)
        self.summary_systems = [(self.model_label, self.model, max_sentences)]
        if lead1:
            self.summary_systems.append(("Lead-1", lead, 1))
        self.summary_systems.append(("Lead-3", lead, 3))
        if textrank:
            self.summary_systems.append((f"TextRank-{max_sentences}",
                                         CachedSummarizer(TextRankBaseline(encoder), **shared), max_sentences))
        self.oracle_label = f"Oracle-{max_sentences} (greedy ROUGE)" if oracle else None
        self.stance_systems = [(self.model_label, self.model), None, ("lead+rule", lead)]
        self.set_majority(majority)

    def set_majority(self, label: str) -> None:
        """The majority-class stance baseline predicts `label` (from the training split if any)."""
        self.majority = label
        self.stance_systems[1] = (f"majority ({label})", CachedSummarizer(MajorityBaseline(label), cache=self.cache))

    def evaluate(self, records: Iterable[Record], *, summaries=True, stance=True, actors=True, junk=True,
                 normalize: Callable[[str], str] | None = None,
                 extra_summaries: dict[str, Callable[[Record], str]] | None = None,
                 file_of: Callable[[Record], str | None] = lambda r: None,
                 desc: str = "eval", total: int | None = None) -> "Results":
        """Run every system over the records. `normalize` maps both sides before ROUGE (CNN/DM's
        tokenised references); `extra_summaries` adds fixed outputs read from each record (the
        published pointer-generator summaries)."""
        norm = normalize or (lambda s: s)
        got = Collected()
        for record in tqdm(records, desc=desc, total=total, unit="rec", dynamic_ncols=True):
            one = Collected()  # merged only when every system got through, so all score the same rows
            try:
                self._one(record, one, summaries, stance, actors, junk, norm, extra_summaries or {}, file_of(record))
            except StancesumError as exc:
                got.errors.append((record.id, str(exc)))
                continue
            got.merge(one)
        self.cache.clear()  # a run over another data set shares nothing with this one
        return Results(got, self)

    def _one(self, record, got, summaries, stance, actors, junk, norm, extra, file_label):
        want_summary = summaries and bool(record.summary.strip())
        named = [a for a in record.actors if a.name != AUTHOR]
        want_free = want_summary or (actors and named) or (junk and record.junk_lines is not None)
        free = self.model.analyze(record, max_sentences=self.max_sentences) if want_free else None
        if free is not None:
            got.predictions.append(free)
        gold_junk = record.junk_lines

        if want_summary:
            ref = norm(record.summary)
            for label, system, k in self.summary_systems:
                out = free if system is self.model else system.analyze(record, max_sentences=k)
                text, lines = summary_of(out)
                got.summaries[label].append((norm(text), ref))
                if gold_junk is not None and lines is not None:
                    got.summary_lines[label].append((lines, gold_junk))
            if self.oracle_label:
                sents = self.model.read(record.text, record.title).sentences
                picked = greedy_oracle([s.text for s in sents], record.summary, self.max_sentences)
                got.summaries[self.oracle_label].append((norm("\n".join(sents[i].text for i in picked)), ref))
                if gold_junk is not None:
                    got.summary_lines[self.oracle_label].append(([sents[i].line for i in picked], gold_junk))
            for label, get in extra.items():
                got.summaries[label].append((norm(get(record)), ref))

        if actors and named:
            got.actors.append((free.actors, named))
        if junk and gold_junk is not None:
            got.junk.append((free.junk_lines or [], gold_junk))

        if stance and record.actors:
            for label, system in self.stance_systems:
                out = system.analyze(record, actors=record.actors)
                by_name = {a.name: a for a in out.actors}
                for g in record.actors:
                    p = by_name.get(g.name)
                    if label == self.model_label and p is not None and not p.mentions and g.name != AUTHOR:
                        got.not_located += 1
                    # A gold actor the predictor gave no stance counts as an uninformed neutral.
                    pred, conf = (p.stance, p.confidence) if p is not None else ("neutral", 1 / len(STANCES))
                    got.stance[label].append((g.stance, pred, conf, tags_of(record, g.name, file_label)))


class Results:
    """Metrics of one evaluation, as a JSON-ready dict (`as_dict`) plus the raw data for plots."""

    def __init__(self, got: Collected, harness: Harness):
        self.got, self.harness = got, harness

    def summary(self) -> dict | None:
        if not self.got.summaries:
            return None
        systems, rows = {}, {}
        for label, pairs in self.got.summaries.items():
            rows[label] = [rouge(pred, ref) for pred, ref in pairs]
            systems[label] = metrics.summary_metrics(pairs, rows[label])
            if self.got.summary_lines.get(label):
                share = metrics.junk_share(self.got.summary_lines[label])
                systems[label].update(junk_share=share["junk_share"], junk_share_n=share["n"])
        # The model's margin over each other system on the same summaries, with a bootstrap interval.
        model = rows.get(self.harness.model_label)
        for label, other in rows.items():
            if model and label != self.harness.model_label and len(other) == len(model):
                systems[label]["model_minus"] = {
                    k: metrics.paired_bootstrap([r[k] for r in model], [r[k] for r in other]) for k in ROUGE_TYPES}
        return {"n": len(next(iter(self.got.summaries.values()))), "max_sentences": self.harness.max_sentences,
                "systems": systems}

    def stance(self) -> dict | None:
        if not self.got.stance:
            return None
        systems, breakdown = {}, defaultdict(lambda: defaultdict(dict))
        for label, rows in self.got.stance.items():
            gold, pred, conf, tags = zip(*rows)
            systems[label] = metrics.stance_metrics(list(gold), list(pred), list(conf))
            seen = set()
            for key in sorted({k for t in tags for k in t}):
                groups = sorted({t[key] for t in tags if key in t})
                partition = tuple(groups.index(t[key]) if key in t else -1 for t in tags)
                if len(groups) < 2 or partition in seen:
                    continue  # one group repeats the total; the same grouping (files = splits) repeats itself
                seen.add(partition)
                for group in groups:
                    idx = [i for i, t in enumerate(tags) if t.get(key) == group]
                    m = metrics.stance_metrics([gold[i] for i in idx], [pred[i] for i in idx], [None] * len(idx))
                    breakdown[key][group][label] = {k: m[k] for k in ("n", "accuracy", "macro_f1")}
        first = next(iter(self.got.stance.values()))
        return {"n_pairs": len(first), "not_located": self.got.not_located, "majority": self.harness.majority,
                "systems": systems, "breakdown": {k: dict(v) for k, v in breakdown.items()}}

    def as_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "stance": self.stance(),
            "actors": metrics.actor_metrics(self.got.actors) if self.got.actors else None,
            "junk": metrics.junk_metrics(self.got.junk) if self.got.junk else None,
            "errors": [{"id": i, "error": e} for i, e in self.got.errors],
        }
