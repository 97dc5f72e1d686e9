"""`python -m eval public`: the public data sets under ../shared/data (via stancesum.public_data),
each scored with its baselines in the same run and the published numbers beside them."""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from stancesum.public_data import detokenize, load_public, shared_data

from eval import plots, report
from eval.harness import Harness
from eval.metrics import majority_label

# Summary sets → published anchors (name, R-1, R-2, R-L F1; ROUGE-L there is the summary-level
# LCS that rougeLsum computes). Anchors from ../shared/data/README.md, on the FULL CNN/DM test split.
SUMMARY_SETS = {
    "cnndm-test-sample": [
        ("Lead-3, See et al. 2017 (full test split)", 40.34, 17.70, 36.57),
        ("pointer-gen + coverage, See et al. 2017 (full test split)", 39.53, 17.28, 36.38),
        ("BertSumExt, Liu & Lapata 2019 (full test split)", 43.25, 20.24, 39.63),
    ],
    "sumllm-val_chatgpt": [],  # LLM-written references: no published number transfers
}
# Stance/sentiment sets → (training split the majority class comes from, published anchors
# (name, macro-F1 ×100)).
STANCE_SETS = {
    "directed_sentiment-test": ("directed_sentiment-train", []),
    "newsmtsc-devtest_rw": ("newsmtsc-train", [("GRU-TSC + RoBERTa, Hamborg & Donnay 2021 (F1m)", 83.1)]),
    "newsmtsc-devtest_mt": ("newsmtsc-train", [("GRU-TSC + RoBERTa, Hamborg & Donnay 2021 (F1m)", 82.5)]),
    "basil": (None, []),
    "fnc1-competition_test": ("fnc1-train", []),
    "gwsd-test": ("gwsd-train", []),
}
POINTER_GEN = "pointer-gen + coverage (See et al. output, same rows)"


def ptb_normalize(text: str) -> str:
    """CNN/DM highlights and the pointer-generator output are lower-cased PTB tokens ("does n't",
    "-lrb-"): every side of the comparison goes through the same detokenising and lower-casing,
    so "doesn't" and "does n't" give the same ROUGE tokens."""
    text = re.sub(r"-(lrb|rrb|lsb|rsb|lcb|rcb)-", lambda m: m.group(0).upper(), text)
    return detokenize(text).lower()


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default=None, help="model folder or baseline name; default: the shipped model")
    p.add_argument("--out", required=True, type=Path, help="folder for the report")
    p.add_argument("--sets", nargs="+", default=None, metavar="NAME",
                   help=f"data sets to run (default: all): {', '.join([*SUMMARY_SETS, *STANCE_SETS])}")
    p.add_argument("--limit", action="append", default=[], metavar="N|NAME=N",
                   help="score a seeded sample of N records of every set, or of set NAME (repeatable)")
    p.add_argument("--max-sentences", type=int, default=3)
    p.add_argument("--no-textrank", action="store_true", help="leave out the TextRank baseline (the slow one on a CPU)")


def sample(records: list, limit: int | None, seed: int = 20261125) -> list:
    """A seeded random sample of `limit` records, in file order. Not the first N: data sets are
    often ordered by source (CNN/DM's test split has its CNN stories, which score lower, first)."""
    if limit is None or limit >= len(records):
        return records
    keep = sorted(random.Random(seed).sample(range(len(records)), limit))
    return [records[i] for i in keep]


def parse_limits(values: list[str]) -> dict[str | None, int]:
    limits = {}
    for v in values:
        name, _, n = v.rpartition("=")
        limits[name or None] = int(n)
    return limits


def main(args: argparse.Namespace) -> dict:
    names = args.sets or [*SUMMARY_SETS, *STANCE_SETS]
    unknown = [n for n in names if n not in SUMMARY_SETS and n not in STANCE_SETS]
    if unknown:
        raise SystemExit(f"unknown data set(s): {', '.join(unknown)}")
    limits = parse_limits(args.limit)
    harness = Harness(args.model, max_sentences=args.max_sentences, textrank=not args.no_textrank, lead1=False)
    args.out.mkdir(parents=True, exist_ok=True)
    data = {**report.provenance(), "shared_data": str(shared_data()), "model": harness.model.predictor.name,
            "sets": {}}
    for name in names:
        limit = limits.get(name, limits.get(None))
        try:
            records = sample(list(load_public(name)), limit)
        except FileNotFoundError as exc:
            print(f"{name}: skipped ({exc})")
            data["sets"][name] = {"skipped": str(exc)}
            continue
        entry = {"n_records": len(records), "limit": limit}
        if name in SUMMARY_SETS:
            extra = {POINTER_GEN: lambda r: r.meta["pointer_gen_cov"]} if name.startswith("cnndm") else None
            res = harness.evaluate(records, stance=False, actors=False, junk=False, desc=name, total=len(records),
                                   normalize=ptb_normalize if name.startswith("cnndm") else None,
                                   extra_summaries=extra)
        else:
            train, _ = STANCE_SETS[name]
            harness.set_majority(majority_label(list(load_public(train))) if train else majority_label(records))
            entry["majority_from"] = train or "the gold data (no training split)"
            res = harness.evaluate(records, summaries=False, actors=False, junk=False, desc=name, total=len(records))
        entry.update(res.as_dict())
        data["sets"][name] = entry
        if entry["stance"]:
            plots.confusion_png(entry["stance"]["systems"], args.out / f"{name}-confusion.png", name)
            plots.calibration_png(entry["stance"]["systems"], args.out / f"{name}-calibration.png", name)
        report.write_json(data, args.out / "report.json")  # after each set, so a long run leaves its part
    (args.out / "report.md").write_text(markdown(data))
    print(f"wrote {args.out / 'report.md'} and report.json")
    return data


def markdown(data: dict) -> str:
    out = ["# stancesum eval: public data sets", "", f"`{data['command']}`", "",
           f"Model under test: `{data['model']}` · data from `{data['shared_data']}` · {data['created']} · "
           f"stancesum {data['stancesum']} · {data['machine']}", ""]
    stance_rows, systems = [], None
    for name, entry in data["sets"].items():
        if "skipped" in entry:
            out += [f"## {name}", "", f"Skipped: {entry['skipped']}", ""]
            continue
        limited = f" (seeded sample of {entry['limit']})" if entry["limit"] else ""
        if entry["summary"]:
            s = entry["summary"]
            note = ("Both sides lower-cased and PTB-detokenised the same way. " if name.startswith("cnndm") else "")
            out += [f"## {name}: summaries, {s['n']} articles{limited}", "",
                    f"{note}ROUGE F1 ×100, rouge-score with stemming; R-Lsum = published ROUGE-L. Rows in "
                    "*italics* are published numbers, not measured here. The last column is the model's "
                    "ROUGE-1 minus the system's on the same articles, with a 95 % paired-bootstrap interval "
                    "(1,000 resamples).", "",
                    report.summary_table(s, SUMMARY_SETS[name]), ""]
        if entry["stance"]:
            s = entry["stance"]
            anchors = STANCE_SETS[name][1]
            out += [f"## {name}: stance, {s['n_pairs']} pairs{limited}", "",
                    f"Gold: {report.support_line(s)}. Majority class from {entry['majority_from']}. "
                    "Macro-F1 = F1m.", "", report.stance_table(s, anchors), ""]
            systems = systems or [k for k in s["systems"] if not k.startswith("majority")]
            maj = next(k for k in s["systems"] if k.startswith("majority"))
            stance_rows.append([name, str(s["n_pairs"]),
                                *(f"{100 * s['systems'][k]['macro_f1']:.1f}" for k in systems),
                                f"{100 * s['systems'][maj]['macro_f1']:.1f}",
                                "; ".join(f"{a} {v:.1f}" for a, v in anchors) or "—"])
        if entry["errors"]:
            out += [f"{len(entry['errors'])} records could not be read (see report.json).", ""]
    if stance_rows:
        out += ["## Stance overview (macro-F1 ×100)", "",
                report.table(["data set", "pairs", *systems, "majority", "published"], stance_rows), ""]
    return "\n".join(out)
