"""Metrics over gold and predicted records: summaries, stance, actors, junk lines.

Plain functions on plain lists, so each number in a report can be traced to one function here.
"""

from __future__ import annotations

import random
from statistics import fmean

from stancesum.format import STANCES, Actor, Record
from stancesum.rouge import ROUGE_TYPES

# --- summaries --------------------------------------------------------------------------------


def line_of(text: str, char: int) -> int:
    """Index into text.split("\\n") of the line holding character `char`."""
    return text.count("\n", 0, char)


def summary_metrics(pairs: list[tuple[str, str]], rows: list[dict]) -> dict:
    """ROUGE-1/2/Lsum F1 ×100 (mean over summaries) and mean length in words, over
    (predicted summary, reference) pairs and their per-summary `stancesum.rouge.rouge` scores."""
    out = {k: fmean(r[k] for r in rows) if rows else 0.0 for k in ROUGE_TYPES}
    out["words"] = fmean(len(pred.split()) for pred, _ in pairs) if pairs else 0.0
    out["n"] = len(pairs)
    return out


def paired_bootstrap(a: list[float], b: list[float], resamples: int = 1000, seed: int = 0) -> dict:
    """Mean of a − b over paired items, and the 95 % percentile interval of that mean when the items
    are resampled with replacement (the paired bootstrap of Koehn 2004): is a gap real or one sample's?"""
    if len(a) != len(b) or not a:
        raise ValueError("paired_bootstrap needs two equally long, non-empty lists")
    diffs = [x - y for x, y in zip(a, b)]
    rng, n = random.Random(seed), len(diffs)
    means = sorted(fmean(rng.choices(diffs, k=n)) for _ in range(resamples))
    return {"diff": fmean(diffs), "low": means[int(0.025 * resamples)], "high": means[int(0.975 * resamples) - 1],
            "resamples": resamples}


def junk_share(items: list[tuple[list[int], list[int]]]) -> dict:
    """items: (lines the summary's sentences start on, gold junk lines). The share of summary
    sentences that come from junk, pooled over summaries."""
    total = sum(len(lines) for lines, _ in items)
    junk = sum(sum(1 for line in lines if line in set(gold)) for lines, gold in items)
    return {"junk_share": junk / total if total else 0.0, "sentences": total, "n": len(items)}


# --- stance -----------------------------------------------------------------------------------


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def stance_metrics(gold: list[str], pred: list[str], confidence: list[float | None], bins: int = 10) -> dict:
    """Accuracy, macro-F1 over the three labels, per-class F1, confusion matrix (rows gold,
    columns predicted, in STANCES order) and expected calibration error of the confidence."""
    n = len(gold)
    confusion = [[sum(1 for g, p in zip(gold, pred) if g == gl and p == pl) for pl in STANCES] for gl in STANCES]
    per_class = {}
    for k, label in enumerate(STANCES):
        tp = confusion[k][k]
        per_class[label] = prf(tp, sum(row[k] for row in confusion), sum(confusion[k]))["f1"]
    out = {
        "n": n,
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / n if n else 0.0,
        "macro_f1": fmean(per_class.values()),
        "f1": per_class,
        "support": {label: gold.count(label) for label in STANCES},
        "confusion": confusion,
    }
    if n and all(c is not None for c in confidence):
        out.update(calibration(confidence, [g == p for g, p in zip(gold, pred)], bins))
    else:
        out.update(ece=None, reliability=[])
    return out


def calibration(confidence: list[float], correct: list[bool], bins: int = 10) -> dict:
    """Expected calibration error (Guo et al. 2017): equal-width confidence bins, the gap between
    mean confidence and accuracy weighted by the bin's share; and the bins for a reliability plot."""
    n, ece, table = len(confidence), 0.0, []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidence) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        conf = fmean(confidence[i] for i in idx)
        acc = fmean(float(correct[i]) for i in idx)
        ece += len(idx) / n * abs(acc - conf)
        table.append({"lo": lo, "hi": hi, "n": len(idx), "confidence": conf, "accuracy": acc})
    return {"ece": ece, "reliability": table}


# --- actors and junk lines --------------------------------------------------------------------


def _forms(actor: Actor) -> set[str]:
    return {actor.name.casefold(), *(a.casefold() for a in actor.aliases)}


def match_actors(predicted: list[Actor], gold: list[Actor]) -> int:
    """How many gold actors the predicted ones find. A predicted actor matches a gold actor when
    its name or any alias equals (casefold) the gold name or any gold alias; each gold actor
    counts once, so an actor split under two names costs precision."""
    found = set()
    for p in predicted:
        forms = _forms(p)
        hit = next((k for k, g in enumerate(gold) if k not in found and forms & _forms(g)), None)
        if hit is not None:
            found.add(hit)
    return len(found)


def actor_metrics(pairs: list[tuple[list[Actor], list[Actor]]]) -> dict:
    """Micro P/R/F1 of extracted actors over (predicted, gold) pairs of records."""
    tp = sum(match_actors(p, g) for p, g in pairs)
    n_pred, n_gold = sum(len(p) for p, _ in pairs), sum(len(g) for _, g in pairs)
    return {**prf(tp, n_pred, n_gold), "n_pred": n_pred, "n_gold": n_gold, "n": len(pairs)}


def junk_metrics(pairs: list[tuple[list[int], list[int]]]) -> dict:
    """Micro P/R/F1 of predicted junk lines over (predicted, gold) pairs of records."""
    tp = sum(len(set(p) & set(g)) for p, g in pairs)
    n_pred, n_gold = sum(len(set(p)) for p, _ in pairs), sum(len(set(g)) for _, g in pairs)
    return {**prf(tp, n_pred, n_gold), "n_pred": n_pred, "n_gold": n_gold, "n": len(pairs)}


def majority_label(records: list[Record]) -> str:
    """The most frequent gold stance (ties: STANCES order)."""
    counts = [sum(a.stance == s for r in records for a in r.actors) for s in STANCES]
    return STANCES[counts.index(max(counts))]
