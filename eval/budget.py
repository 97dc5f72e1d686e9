"""Choose the summary word budget on held-out CNN/DM articles: the cnndm-test articles that are
neither in the eval's fixed 2,000-article sample nor in any sample of them the model was trained on
(read from the model's own training record, every stage of it).

    python -m eval budget --out reports/budget   # the shipped model

The model reads each article once; every budget then re-selects from the same sentence scores.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch
from tqdm import tqdm

from stancesum.baselines import lead_sentences
from stancesum.model import StanceSumModel, collate, encode
from stancesum.format import DEFAULT_TARGET
from stancesum.pipeline import SHIPPED_MODEL, StanceSummarizer
from stancesum.public_data import load_public
from stancesum.rouge import rouge_scores

from eval import report
from eval.public import ptb_normalize, sample

HELD_OUT_FROM = "cnndm-test-train"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default=SHIPPED_MODEL, type=Path, help="an exported model folder (default: the shipped one)")
    p.add_argument("--articles", type=int, default=400)
    p.add_argument("--budgets", type=int, nargs="+", default=[75, 90, 100, 110, 120])
    p.add_argument("--max-sentences", type=int, default=3)
    p.add_argument("--out", required=True, type=Path)


def held_out(trained_on: dict, n: int) -> list:
    from training.card import training_stages
    from training.data import read_source
    from training.train import ROOT

    records = list(load_public(HELD_OUT_FROM))
    trained = {r.id for stage in training_stages(trained_on) for spec in stage.get("summary_data", [])
               if spec.get("public") == HELD_OUT_FROM for r in read_source(spec, ROOT, stage["seed"])}
    return sample([r for r in records if r.id not in trained], n)


def main(args: argparse.Namespace) -> dict:
    model = StanceSumModel.load(args.model)
    reader = StanceSummarizer(model)
    records = held_out(model.net.cfg.trained_on, args.articles)
    read, scores = [], []
    with torch.inference_mode():
        for r in tqdm(records, desc="held-out cnndm"):
            article = reader.read(r.text, r.title)
            out = model.net(collate([encode(model.tokenizer, article, [], DEFAULT_TARGET, model.net.cfg)]))
            read.append(article)
            scores.append(out["sentence_scores"].tolist())
    refs = [ptb_normalize(r.summary) for r in records]

    def rouge_of(picks) -> dict:
        hyps = [ptb_normalize("\n".join(a.sentences[i].text for i in p)) for a, p in zip(read, picks)]
        return {k: round(v, 2) for k, v in rouge_scores(hyps, refs).items()}

    shipped = model.net.cfg
    rows = {f"Lead-{args.max_sentences}": rouge_of(lead_sentences(a, args.max_sentences) for a in read)}
    for words in args.budgets:
        rows[f"model, {words} words"] = rouge_of(model.select(a, s, args.max_sentences, max_words=words)
                                                 for a, s in zip(read, scores))
    data = {**report.provenance(), "model": model.name, "articles": len(records), "held_out_from": HELD_OUT_FROM,
            "left_out": "the eval sample and the model's training samples", "shipped_budget": shipped.summary_words,
            "rouge": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    report.write_json(data, args.out / "report.json")
    lines = [f"# Summary word budget on {len(records)} held-out {HELD_OUT_FROM} articles", "",
             f"Model {model.name}; shipped budget {shipped.summary_words} words; at most {args.max_sentences} sentences.",
             "", "| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |", "|---|---|---|---|"]
    lines += [f"| {name} | {r['rouge1']} | {r['rouge2']} | {r['rougeLsum']} |" for name, r in rows.items()]
    (args.out / "report.md").write_text("\n".join(lines) + "\n")
    print(json.dumps(rows, indent=1))
    return data
