"""`python -m eval run`: score a predictor and the baselines side by side on gold files in the
one format; writes report.json, report.md, predictions.jsonl and the PNG plots to --out."""

from __future__ import annotations

import argparse
from pathlib import Path

from stancesum.format import Record, read_jsonl, write_jsonl

from eval import plots, report
from eval.harness import Harness
from eval.metrics import majority_label


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", action="append", required=True, type=Path,
                   help="a gold JSONL file in the one format (repeatable)")
    p.add_argument("--model", default=None,
                   help="model folder or baseline name (lead+rule, textrank+rule, ...); default: the shipped model")
    p.add_argument("--out", required=True, type=Path, help="folder for the report")
    p.add_argument("--train", type=Path, default=None,
                   help="training split: the majority-class baseline takes its majority from here (else from the gold)")
    p.add_argument("--max-sentences", type=int, default=3)
    p.add_argument("--no-textrank", action="store_true", help="leave out the TextRank baseline (the slow one on a CPU)")
    p.add_argument("--encoder", default=None, help="sentence encoder folder for TextRank (default: the pinned MiniLM)")


def main(args: argparse.Namespace) -> dict:
    records: list[Record] = []
    file_label = {}
    for path in args.data:
        for r in read_jsonl(path):
            records.append(r)
            file_label[id(r)] = path.name
    if args.train is not None:
        majority, majority_from = majority_label(read_jsonl(args.train)), str(args.train)
    else:
        majority, majority_from = majority_label(records), "the gold data (no --train given)"

    harness = Harness(args.model, max_sentences=args.max_sentences, majority=majority,
                      textrank=not args.no_textrank, encoder=args.encoder)
    results = harness.evaluate(records, file_of=(lambda r: file_label[id(r)]) if len(args.data) > 1 else (lambda r: None),
                               desc="records", total=len(records))
    data = {**report.provenance(), "data": [str(p) for p in args.data], "n_records": len(records),
            "model": harness.model.predictor.name, "majority_from": majority_from, **results.as_dict()}

    args.out.mkdir(parents=True, exist_ok=True)
    report.write_json(data, args.out / "report.json")
    write_jsonl(results.got.predictions, args.out / "predictions.jsonl")
    pngs = []
    if data["stance"]:
        pngs.append(plots.confusion_png(data["stance"]["systems"], args.out / "confusion.png",
                                        "stance on gold actors"))
        pngs.append(plots.calibration_png(data["stance"]["systems"], args.out / "calibration.png",
                                          "stance confidence calibration"))
    (args.out / "report.md").write_text(markdown(data, [p.name for p in pngs]))
    print(f"wrote {args.out / 'report.md'} and report.json ({len(records)} records)")
    return data


def markdown(data: dict, pngs: list[str]) -> str:
    out = [f"# stancesum eval: {', '.join(Path(d).name for d in data['data'])}", "",
           f"`{data['command']}`", "",
           f"Model under test: `{data['model']}` · {data['n_records']} records · {data['created']} · "
           f"stancesum {data['stancesum']} · {data['machine']}", ""]
    if data["summary"]:
        s = data["summary"]
        out += [f"## Summaries ({s['n']} records with a gold summary)", "",
                "ROUGE F1 ×100 (rouge-score, stemmed; R-Lsum over one sentence per line = the published "
                "ROUGE-L), mean summary length in words, and the share of summary sentences taken from "
                "gold junk lines (records that mark them). The last column is the model's ROUGE-1 minus the "
                "system's on the same summaries, with a 95 % paired-bootstrap interval (1,000 resamples).", "",
                report.summary_table(s), ""]
    if data["stance"]:
        s = data["stance"]
        out += [f"## Stance on the gold actors ({s['n_pairs']} actor pairs)", "",
                f"Gold labels: {report.support_line(s)}. Accuracy, macro-F1 and per-class F1 ×100; ECE = expected "
                f"calibration error of the confidence (10 bins). Majority class `{s['majority']}` from "
                f"{data['majority_from']}. Gold actors whose name and aliases never occur in the text: "
                f"{s['not_located']}.", "", report.stance_table(s), ""]
        if s["breakdown"]:
            out += [report.breakdown_tables(s), ""]
    if data["actors"]:
        out += ["## Actors found by the pipeline (after alias merging)", "",
                "A predicted actor matches a gold actor when a name or alias is equal (casefold); each gold "
                "actor counts once.", "", report.prf_table(data["actors"], "actors"), ""]
    if data["junk"]:
        out += ["## Junk lines (records whose gold marks them)", "", report.prf_table(data["junk"], "junk lines"), ""]
    if data["errors"]:
        out += [f"{len(data['errors'])} records could not be read (see report.json).", ""]
    if pngs:
        out += ["Plots: " + ", ".join(f"[{p}]({p})" for p in pngs), ""]
    return "\n".join(out)
