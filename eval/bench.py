"""`python -m eval bench`: cold start, seconds per article, batch throughput and peak memory of a
predictor on 2 CPU threads. Benchmarks, not tests: the numbers depend on the machine, which is
printed with them. Articles are built from the team-written corpus, never from ../shared."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from eval import report

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "eval" / "data" / "corpus"
LENGTHS = (300, 700, 2000)  # words per article
GOALS = {"median_700_s": 0.3, "cold_start_s": 4.0, "peak_rss_mb": 1024.0}  # issue #5
GOAL_NAMES = {"median_700_s": "median s per ~700-word article, after load", "cold_start_s": "cold start s (import + load)",
              "peak_rss_mb": "peak RSS MB"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default=None, help="model folder or baseline name; default: the shipped model")
    p.add_argument("--out", type=Path, default=Path("reports/bench"), help="folder for bench.json and bench.md")
    p.add_argument("--articles", type=int, default=20, help="articles per length")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--cold-runs", type=int, default=3, help="fresh processes for the cold start (median)")


def corpus_paragraphs() -> list[list[str]]:
    """Paragraphs of each team-written corpus article (the assembled splits, else the parts)."""
    from stancesum.format import read_jsonl

    files = sorted(CORPUS.glob("*.jsonl")) or sorted((CORPUS / "parts").glob("*.jsonl"))
    if not files:
        raise SystemExit(f"no corpus files under {CORPUS}")
    articles = []
    for f in files:
        for r in read_jsonl(f):
            junk = set(r.junk_lines or [])  # a benchmark article reads like a clean story
            paras = [p for i, p in enumerate(r.text.split("\n")) if p.strip() and i not in junk]
            articles.append(paras)
    return articles


def make_articles(words: int, n: int, source: list[list[str]]) -> list[str]:
    """n articles of about `words` words: the paragraphs of consecutive corpus articles until the
    length is reached, each article starting from a different corpus article."""
    out = []
    for k in range(n):
        paras, count, j = [], 0, k
        while count < words:  # whole paragraphs: the last one may overshoot a little
            for p in source[j % len(source)]:
                paras.append(p)
                count += len(p.split())
                if count >= words:
                    break
            j += 1
        out.append("\n\n".join(paras))
    return out


def _thread_env(threads: int) -> dict:
    return {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads),
            "TOKENIZERS_PARALLELISM": "false"}


COLD = """
import time; t0 = time.perf_counter()
import json, sys, torch
torch.set_num_threads({threads})
from stancesum import StanceSummarizer
t1 = time.perf_counter()
s = StanceSummarizer.load({model!r})
t2 = time.perf_counter()
s.analyze("Britain said on Friday it would send two more jets to the coalition. Iran condemned the strikes.")
t3 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "load_s": t2 - t1, "first_article_s": t3 - t2}}))
"""


def cold_start(model: str | None, threads: int, runs: int) -> dict:
    """Fresh processes: import + load, and the first (short) article, which loads spaCy lazily."""
    rows = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", COLD.format(threads=threads, model=model)], cwd=REPO,
                              env=_thread_env(threads), capture_output=True, text=True, check=True)
        wall = time.perf_counter() - start
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append({**row, "process_s": wall})
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    return {"import_load_s": med["import_s"] + med["load_s"],
            "first_result_s": med["import_s"] + med["load_s"] + med["first_article_s"],
            "process_s": med["process_s"], "runs": rows}


def worker(model: str | None, threads: int, n: int) -> dict:
    """Timings after load, in this (fresh) process, so its peak RSS is the pipeline's."""
    import resource

    import torch

    torch.set_num_threads(threads)
    from stancesum import StanceSummarizer

    source = corpus_paragraphs()
    summarizer = StanceSummarizer.load(model)
    out = {"predictor": summarizer.predictor.name, "lengths": {}}
    for text in make_articles(300, 2, source):
        summarizer.analyze(text)  # warm-up: spaCy, the encoder, allocator
    for words in LENGTHS:
        texts = make_articles(words, n, source)
        secs = []
        for text in texts:
            start = time.perf_counter()
            summarizer.analyze(text)
            secs.append(time.perf_counter() - start)
        secs.sort()
        out["lengths"][str(words)] = {
            "articles": n, "mean_words": statistics.fmean(len(t.split()) for t in texts),
            "median_s": statistics.median(secs), "p95_s": secs[min(len(secs) - 1, round(0.95 * (len(secs) - 1)))],
        }
    texts = make_articles(700, n, source)
    start = time.perf_counter()
    done = sum(1 for _ in summarizer.analyze_batch(texts))
    out["batch_700_articles_per_s"] = done / (time.perf_counter() - start)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return out


def main(args: argparse.Namespace) -> dict:
    prov = report.provenance()
    prov["load_average"] = round(os.getloadavg()[0], 2)  # other work on the machine slows every number
    print(f"command: {prov['command']}\nmachine: {prov['machine']}; {args.threads} torch threads; "
          f"load average {prov['load_average']}")
    cold = cold_start(args.model, args.threads, args.cold_runs)
    code = f"import json; from eval.bench import worker; print(json.dumps(worker({args.model!r}, {args.threads}, {args.articles})))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=_thread_env(args.threads),
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"bench worker failed:\n{proc.stderr[-3000:]}")
    warm = json.loads(proc.stdout.strip().splitlines()[-1])
    data = {**prov, "threads": args.threads, "cold_start": cold, **warm}
    data["goals"] = {
        "median_700_s": [warm["lengths"]["700"]["median_s"], GOALS["median_700_s"]],
        "cold_start_s": [cold["import_load_s"], GOALS["cold_start_s"]],
        "peak_rss_mb": [warm["peak_rss_mb"], GOALS["peak_rss_mb"]],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    report.write_json(data, args.out / "bench.json")
    text = markdown(data)
    (args.out / "bench.md").write_text(text)
    print(text)
    return data


def markdown(d: dict) -> str:
    c = d["cold_start"]
    rows = [[f"~{w} words ({m['mean_words']:.0f} on average, {m['articles']} articles)",
             f"{m['median_s']:.3f}", f"{m['p95_s']:.3f}"] for w, m in d["lengths"].items()]
    goal_rows = [[GOAL_NAMES[k], f"{v:.3f}" if k.endswith("_s") else f"{v:.0f}", f"≤ {g:g}",
                  "yes" if v <= g else "**no**"] for k, (v, g) in d["goals"].items()]
    return "\n".join([
        f"# stancesum benchmark: `{d['predictor']}`", "",
        f"`{d['command']}`", "",
        f"Machine: {d['machine']}; load average at start {d['load_average']} (other work slows every number); "
        f"torch threads: {d['threads']}; {d['created']}; stancesum {d['stancesum']}.", "",
        f"Cold start (median of {len(c['runs'])} fresh processes): import + load {c['import_load_s']:.2f} s; "
        f"to the first result of a short article {c['first_result_s']:.2f} s; whole process "
        f"{c['process_s']:.2f} s.", "",
        report.table(["article", "median s", "p95 s"], rows), "",
        f"Batch (`analyze_batch`, ~700-word articles): {d['batch_700_articles_per_s']:.2f} articles/s. "
        f"Peak RSS: {d['peak_rss_mb']:.0f} MB.", "",
        report.table(["goal", "measured", "goal", "met"], goal_rows), "",
    ])
