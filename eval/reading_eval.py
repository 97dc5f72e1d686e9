"""Measure the reader: junk lines, actors, speed, and the public extraction and NER benchmarks.

    python -m eval.reading_eval                       # everything (about 10 minutes on 2 CPUs)
    python -m eval.reading_eval --data eval/data/reading_dev.jsonl --skip-public

Sections:
- junk lines: micro P/R/F1 over lines, on every record with `junk_lines` annotated (the dev set,
  and the team corpus without its test split);
- actors: micro P/R/F1 after alias merging (eval.metrics.match_actors: a predicted actor found
  under any of its names counts once);
- time per article: the whole package (`StanceSummarizer("lead+rule").analyze`) on 2 threads;
- main-text extraction on l3s_gn1 (gold = headline + full-text blocks) and
  scrapinghub_article_extraction (gold = articleBody), with the benchmark's own metric (4-gram
  shingles, per-page P and R averaged, F1 of the averages) and with plain tokens;
- spaCy NER on conll2003 test: entity-level exact-match F1 for PER/ORG/LOC, spaCy's labels mapped
  PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC, NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE→MISC, the
  numeric labels (DATE, CARDINAL, ...) → O.

JSON and markdown go to reports/reading/; public data is read from ../shared/data, never copied.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from eval.metrics import actor_metrics, junk_metrics
from eval.report import provenance, table, write_json
from stancesum.format import Actor, Record, read_jsonl

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "data" / "reading_dev.jsonl"
CORPUS = ROOT / "eval" / "data" / "corpus"
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "reports" / "reading"
# Published on scrapinghub_article_extraction (its README, "latest evaluation"): trafilatura 2.0.0.
TRAFILATURA_PUBLISHED = {"f1": 0.958, "precision": 0.938, "recall": 0.978}


# --- dev set and corpus -----------------------------------------------------------------------

def load_records(paths: list[Path]) -> list[Record]:
    """Records of the given files, never one of the test split."""
    records = []
    for path in paths:
        records += [r for r in read_jsonl(path) if r.meta.get("split") != "test"]
    return records


def score_records(records: list[Record]) -> dict:
    from stancesum.actors import ActorExtractor
    from stancesum.junk import JunkFilter
    from stancesum.reading import read_article

    junk_filter, extractor = JunkFilter(), ActorExtractor()
    junk_pairs, actor_pairs, errors = [], [], []
    for r in records:
        lines = r.text.split("\n")
        verdicts = junk_filter.classify(lines)
        predicted = [v.index for v in verdicts if v.junk]
        if r.junk_lines is not None:
            junk_pairs.append((predicted, r.junk_lines))
            gold = set(r.junk_lines)
            errors += [{"id": r.id, "line": v.index, "gold_junk": v.index in gold, "reason": v.reason,
                        "similarity": v.similarity, "text": lines[v.index][:120]}
                       for v in verdicts if v.junk != (v.index in gold)]
        if r.actors:
            article = read_article(r.text, junk_filter=lambda _: predicted)
            found = [Actor(name=a.name, stance="neutral", aliases=a.aliases, kind=a.kind)
                     for a in extractor(article)]
            actor_pairs.append((found, r.actors))
    return {"junk": junk_metrics(junk_pairs), "actors": actor_metrics(actor_pairs),
            "junk_errors": errors}


def timing(records: list[Record], threads: int = 2) -> dict:
    """Seconds per article for the whole package (read, junk, sentences, actors, lead+rule) on
    `threads` threads, models loaded once beforehand; plus a 700-word article built from them."""
    import torch

    from stancesum import StanceSummarizer

    torch.set_num_threads(threads)
    summarizer = StanceSummarizer.load("lead+rule")
    summarizer.analyze(records[0].text)  # load spaCy and MiniLM outside the clock
    seconds, words = [], []
    for r in records:
        t = time.perf_counter()
        summarizer.analyze(r.text, target=r.target)
        seconds.append(time.perf_counter() - t)
        words.append(len(r.text.split()))
    long_text = _article_of_words(records, 700)
    long_runs = []
    for _ in range(5):
        t = time.perf_counter()
        summarizer.analyze(long_text)
        long_runs.append(time.perf_counter() - t)
    return {"threads": threads, "n": len(records), "mean_s": statistics.mean(seconds),
            "median_s": statistics.median(seconds), "max_s": max(seconds),
            "mean_words": statistics.mean(words), "s_700_words_median": statistics.median(long_runs)}


def _article_of_words(records: list[Record], n_words: int) -> str:
    paragraphs = [p for r in records for p in r.text.split("\n\n") if len(p.split()) > 20]
    out, total = [], 0
    for p in paragraphs:
        if total >= n_words:
            break
        out.append(p)
        total += len(p.split())
    return "\n\n".join(out)


# --- main-text extraction ---------------------------------------------------------------------

TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int) -> Counter:
    tokens = TOKEN.findall(text or "")
    if n == 1:
        return Counter(tokens)
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def page_counts(gold: str, pred: str, n: int) -> tuple[float, float, float]:
    """TP/FP/FN over n-gram shingles (n=1: tokens), normalised to sum to 1 so that long pages do
    not weigh more (the scrapinghub benchmark's per-page scoring)."""
    g, p = _shingles(gold, n), _shingles(pred, n)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def extraction_scores(counts: list[tuple[float, float, float]]) -> dict:
    """Per-page precision and recall averaged over pages, F1 of the averages (as the benchmark)."""
    def prec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else tp / (tp + fp) if tp + fp else 0.0

    def rec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else tp / (tp + fn) if tp + fn else 0.0

    p = statistics.mean(prec(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(rec(*c) for c in counts if c[0] + c[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pages": len(counts)}


def extractors() -> dict:
    """The systems compared: trafilatura with its defaults, and stancesum's reader (trafilatura
    as html_to_text calls it, then the junk filter on the extracted lines)."""
    import trafilatura

    from stancesum.junk import JunkFilter
    from stancesum.reading import html_to_text

    junk_filter = JunkFilter()

    def stancesum_reader(html):
        try:
            text, _ = html_to_text(html)
        except Exception:
            return ""
        lines = text.split("\n")
        drop = set(junk_filter(lines))
        return "\n".join(line for i, line in enumerate(lines) if i not in drop)

    def trafilatura_default(html):
        return trafilatura.extract(html) or ""

    def trafilatura_as_called(html):
        try:
            return html_to_text(html)[0]
        except Exception:
            return ""

    return {"trafilatura (defaults)": trafilatura_default,
            "trafilatura as html_to_text calls it": trafilatura_as_called,
            "stancesum reader (html_to_text + junk filter)": stancesum_reader}


def scrapinghub(limit: int | None) -> dict:
    folder = SHARED / "scrapinghub_article_extraction"
    truth = json.loads((folder / "ground-truth.json").read_text())
    keys = sorted(truth)[:limit]
    out = {}
    for name, extract in extractors().items():
        t = time.perf_counter()
        shingle, token = [], []
        for k in keys:
            html = gzip.decompress((folder / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace")
            pred, gold = extract(html), truth[k].get("articleBody", "")
            shingle.append(page_counts(gold, pred, 4))
            token.append(page_counts(gold, pred, 1))
        out[name] = {"shingle4": extraction_scores(shingle), "token": extraction_scores(token),
                     "s_per_page": (time.perf_counter() - t) / len(keys)}
    out["trafilatura 2.0.0 (published)"] = {"shingle4": TRAFILATURA_PUBLISHED}
    return out


def l3s_gold(annotated: bytes) -> str:
    """Headline (x-nc-sel1) and full-text (x-nc-sel2) blocks of an L3S-GN1 annotated page."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(annotated)
    parts = []
    for span in tree.iter("span"):
        classes = (span.get("class") or "").split()
        if "x-nc-sel1" in classes or "x-nc-sel2" in classes:
            parts.append(span.text_content())
    return "\n".join(parts)


def l3s(limit: int | None) -> dict:
    folder = SHARED / "l3s_gn1"
    names = sorted(p.name for p in (folder / "annotated").glob("*.html"))[:limit]
    golds = {n: l3s_gold((folder / "annotated" / n).read_bytes()) for n in names}
    out = {}
    for name, extract in extractors().items():
        t = time.perf_counter()
        shingle, token = [], []
        for n in names:
            raw = (folder / "original" / n).read_bytes()
            pred = extract(raw.decode("utf-8", "replace"))
            shingle.append(page_counts(golds[n], pred, 4))
            token.append(page_counts(golds[n], pred, 1))
        out[name] = {"shingle4": extraction_scores(shingle), "token": extraction_scores(token),
                     "s_per_page": (time.perf_counter() - t) / len(names)}
    return out


# --- NER ----------------------------------------------------------------------------------------

LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
             "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}


def conll_sentences(path: Path) -> list[tuple[list[str], list[str]]]:
    sentences, words, tags = [], [], []
    for line in path.read_text().splitlines() + [""]:
        if not line.strip() or line.startswith("-DOCSTART-"):
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        parts = line.split()
        words.append(parts[0])
        tags.append(parts[-1])
    return sentences


def bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans of IOB1/IOB2 tags (CoNLL-2003 uses IOB1: I- may open an entity)."""
    spans, start, label = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        kind = tag[2:] if tag != "O" else None
        opens = tag.startswith("B-") or (kind is not None and kind != label)
        if start is not None and (kind is None or opens):
            spans.add((start, i, label))
            start, label = None, None
        if kind is not None and start is None:
            start, label = i, kind
    return spans


def conll_ner(limit: int | None) -> dict:
    from spacy.tokens import Doc

    from stancesum.reading import spacy_pipeline

    nlp = spacy_pipeline()
    sentences = conll_sentences(SHARED / "conll2003" / "test.txt")[:limit]
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    t = time.perf_counter()
    docs = nlp.pipe(Doc(nlp.vocab, words=words) for words, _ in sentences)
    for (words, tags), doc in zip(sentences, docs):
        gold = bio_spans(tags)
        pred = {(e.start, e.end, LABEL_MAP[e.label_]) for e in doc.ents if e.label_ in LABEL_MAP}
        for label in ("PER", "ORG", "LOC", "MISC"):
            g = {s for s in gold if s[2] == label}
            p = {s for s in pred if s[2] == label}
            tp[label] += len(g & p)
            n_pred[label] += len(p)
            n_gold[label] += len(g)
    out = {}
    for label in ("PER", "ORG", "LOC", "MISC"):
        out[label] = _prf(tp[label], n_pred[label], n_gold[label])
    three = ("PER", "ORG", "LOC")
    out["PER+ORG+LOC"] = _prf(sum(tp[k] for k in three), sum(n_pred[k] for k in three),
                              sum(n_gold[k] for k in three))
    out["sentences"] = len(sentences)
    out["s_total"] = time.perf_counter() - t
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "n_pred": n_pred, "n_gold": n_gold}


# --- report -------------------------------------------------------------------------------------

def markdown(d: dict) -> str:
    def f(x):
        return "—" if x is None else f"{x:.3f}"

    out = [f"# Reading: junk lines, actors, extraction, NER\n\n`{d['provenance']['command']}` "
           f"({d['provenance']['created']}, {d['provenance']['machine']})\n"]
    rows = []
    for name, s in d["sets"].items():
        j, a = s["junk"], s["actors"]
        rows.append([name, f(j["precision"]), f(j["recall"]), f(j["f1"]), str(j["n"]),
                     f(a["precision"]), f(a["recall"]), f(a["f1"]), str(a["n"])])
    out.append(table(["data", "junk P", "junk R", "junk F1", "records", "actor P", "actor R",
                      "actor F1", "records"], rows))
    if "timing" in d:
        t = d["timing"]
        out.append(f"\nTime per article (whole package, lead+rule, {t['threads']} threads, models "
                   f"loaded): mean {t['mean_s'] * 1000:.0f} ms, median {t['median_s'] * 1000:.0f} ms, "
                   f"max {t['max_s'] * 1000:.0f} ms over {t['n']} articles of {t['mean_words']:.0f} "
                   f"words on average; a 700-word article: {t['s_700_words_median'] * 1000:.0f} ms.")
    for key, title in (("scrapinghub", "scrapinghub_article_extraction"), ("l3s_gn1", "l3s_gn1")):
        if key not in d:
            continue
        rows = []
        for name, s in d[key].items():
            sh, tok = s["shingle4"], s.get("token")
            rows.append([name, f(sh["precision"]), f(sh["recall"]), f(sh["f1"]),
                         f(tok["precision"]) if tok else "—", f(tok["recall"]) if tok else "—",
                         f(tok["f1"]) if tok else "—"])
        out.append(f"\n**{title}** (4-gram shingles as the benchmark; plain tokens)\n")
        out.append(table(["system", "P", "R", "F1", "token P", "token R", "token F1"], rows))
    if "conll2003" in d:
        c = d["conll2003"]
        rows = [[k, f(c[k]["precision"]), f(c[k]["recall"]), f(c[k]["f1"]), str(c[k]["n_gold"])]
                for k in ("PER", "ORG", "LOC", "PER+ORG+LOC", "MISC")]
        out.append(f"\n**conll2003 test**, spaCy en_core_web_sm as stancesum loads it, "
                   f"{c['sentences']} sentences; GPE/LOC/FAC→LOC, NORP and other names→MISC\n")
        out.append(table(["type", "P", "R", "F1", "gold entities"], rows))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m eval.reading_eval", description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, default=DEV, help="labelled dev set (JSONL)")
    p.add_argument("--corpus", nargs="*", default=[str(CORPUS / "train.jsonl"), str(CORPUS / "dev.jsonl")],
                   help="team corpus files also scored (records of the test split are skipped); none: --corpus")
    p.add_argument("--skip-public", action="store_true", help="only the dev set, corpus and timing")
    p.add_argument("--limit", type=int, default=None, help="pages/sentences per public set (quick runs)")
    p.add_argument("--out", type=Path, default=OUT)
    argv = sys.argv[1:] if argv is None else argv
    args = p.parse_args(argv)

    command = " ".join(["python -m eval.reading_eval", *argv])
    data = {"provenance": provenance(command), "sets": {}}
    dev = load_records([args.data])
    data["sets"][args.data.name] = score_records(dev)
    corpus_files = args.corpus
    if corpus_files:
        corpus = load_records([Path(f) for f in corpus_files])
        data["sets"]["team corpus (no test split)"] = score_records(corpus)
    data["timing"] = timing(dev + (corpus if corpus_files else []))
    if not args.skip_public:
        data["scrapinghub"] = scrapinghub(args.limit)
        data["l3s_gn1"] = l3s(args.limit)
        data["conll2003"] = conll_ner(args.limit)

    args.out.mkdir(parents=True, exist_ok=True)
    write_json(data, args.out / "reading.json")
    text = markdown(data)
    (args.out / "reading.md").write_text(text)
    print(text)
    return data


if __name__ == "__main__":
    main()
