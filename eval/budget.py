"""Choose the summary word budget on held-out CNN/DM articles: the cnndm-test articles that are
neither in the eval's fixed 2,000-article sample nor in any sample of them the model was trained on
(read from the model's own training record, every stage of it).

    python -m eval budget --out reports/budget                       # the shipped model
    python -m eval budget --model NEW OLD --budgets 100 --out DIR     # two models on the same articles

Each model reads each article once; every budget then re-selects from the same sentence scores.
Each row gives its ROUGE-1 margin over Lead-N with a 95 % paired-bootstrap interval, so a larger
`--articles` also estimates the margin on unseen articles beyond one sample's luck.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from statistics import fmean

import torch
from tqdm import tqdm

from stancesum.baselines import lead_sentences
from stancesum.model import StanceSumModel, collate, encode
from stancesum.format import DEFAULT_TARGET
from stancesum.pipeline import SHIPPED_MODEL, StanceSummarizer
from stancesum.public_data import load_public
from stancesum.rouge import ROUGE_TYPES, rouge

from eval import report
from eval.metrics import paired_bootstrap
from eval.public import ptb_normalize, sample

HELD_OUT_FROM = "cnndm-test-train"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default=[SHIPPED_MODEL], type=Path, nargs="+",
                   help="exported model folders (default: the shipped one); several are scored on the same articles,"
                        " held out from all of them")
    p.add_argument("--articles", type=int, default=400)
    p.add_argument("--budgets", type=int, nargs="+", default=[75, 90, 100, 110, 120])
    p.add_argument("--max-sentences", type=int, default=3)
    p.add_argument("--out", required=True, type=Path)


def held_out(trained_on: list[dict], n: int) -> list:
    """n articles from HELD_OUT_FROM that none of these training records (models) saw."""
    from training.card import training_stages
    from training.data import read_source
    from training.train import ROOT

    records = list(load_public(HELD_OUT_FROM))
    trained = {r.id for run in trained_on for stage in training_stages(run) for spec in stage.get("summary_data", [])
               if spec.get("public") == HELD_OUT_FROM for r in read_source(spec, ROOT, stage["seed"])}
    return sample([r for r in records if r.id not in trained], n)


def main(args: argparse.Namespace) -> dict:
    models = [StanceSumModel.load(path) for path in args.model]
    names = ["model"] if len(models) == 1 else [str(path) for path in args.model]
    records = held_out([m.net.cfg.trained_on for m in models], args.articles)
    reader = StanceSummarizer(models[0])  # reading does not depend on the model
    read = [reader.read(r.text, r.title) for r in tqdm(records, desc="reading held-out cnndm")]
    scores = {}
    with torch.inference_mode():
        for name, model in zip(names, models):
            scores[name] = [model.net(collate([encode(model.tokenizer, a, [], DEFAULT_TARGET, model.net.cfg)]))
                            ["sentence_scores"].tolist() for a in tqdm(read, desc=name)]
    refs = [ptb_normalize(r.summary) for r in records]

    def per_article(picks) -> list[dict]:
        return [rouge(ptb_normalize("\n".join(a.sentences[i].text for i in p)), ref)
                for a, p, ref in zip(read, picks, refs)]

    lead_name = f"Lead-{args.max_sentences}"
    lead = per_article(lead_sentences(a, args.max_sentences) for a in read)
    per_system = {lead_name: lead}
    for name, model in zip(names, models):
        for words in args.budgets:
            per_system[f"{name}, {words} words"] = per_article(
                model.select(a, s, args.max_sentences, max_words=words) for a, s in zip(read, scores[name]))
    rows = {}
    for system, per in per_system.items():
        rows[system] = {k: round(fmean(r[k] for r in per), 2) for k in ROUGE_TYPES}
        if system != lead_name:  # is the gap over Lead-N real, or this sample's?
            gap = paired_bootstrap([r["rouge1"] for r in per], [r["rouge1"] for r in lead])
            rows[system]["rouge1_minus_lead"] = {k: round(v, 2) if k != "resamples" else v for k, v in gap.items()}
    budgets = {name: m.net.cfg.summary_words for name, m in zip(names, models)}
    data = {**report.provenance(), "models": names, "articles": len(records), "held_out_from": HELD_OUT_FROM,
            "left_out": "the eval sample and every training sample of the models", "shipped_budget": budgets,
            "rouge": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    report.write_json(data, args.out / "report.json")
    lines = [f"# Summary word budget on {len(records)} held-out {HELD_OUT_FROM} articles", "",
             "Shipped budgets: " + ", ".join(f"{n} {w} words" for n, w in budgets.items())
             + f"; at most {args.max_sentences} sentences.",
             "", f"ROUGE F1 ×100; the last column is ROUGE-1 minus {lead_name}'s on the same articles, with a 95 %"
             " paired-bootstrap interval (1,000 resamples).",
             "", report.table(["system", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum", f"ROUGE-1 − {lead_name} (95 % CI)"],
                              [[name, str(r["rouge1"]), str(r["rouge2"]), str(r["rougeLsum"]),
                                report.margin(r.get("rouge1_minus_lead"))] for name, r in rows.items()])]
    (args.out / "report.md").write_text("\n".join(lines) + "\n")
    print(json.dumps(rows, indent=1))
    return data
