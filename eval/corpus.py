"""The team's stance corpus: assemble, check against the guidelines, count, and measure agreement.

    python -m eval.corpus build     # parts/*.jsonl → train/dev/test.jsonl (split by article)
    python -m eval.corpus check     # format + mechanical guideline rules + required counts
    python -m eval.corpus stats     # counts, label distribution, coalition kinds (markdown)
    python -m eval.corpus kappa RELABELS.jsonl   # Cohen's kappa of a blind second reading
"""

from __future__ import annotations

import argparse
import json
import hashlib
import sys
from collections import Counter
from pathlib import Path

from stancesum.format import STANCES, Record, read_jsonl, write_jsonl

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
SPLITS = ("train", "dev", "test")
DEV_SHARE = 0.15
TEST_WRITERS = ("t",)  # parts written last, by a separate pass, for the test split only


def article_of(record: Record) -> str:
    return record.meta.get("article", record.id)


def build(parts_dir: Path = CORPUS / "parts", out_dir: Path = CORPUS) -> dict[str, int]:
    """Split by article: test = the test writers' parts; of the rest, an article goes to dev when
    a hash of its id falls in the first 15 % (stable: adding articles never moves another one)."""
    records = [r for path in sorted(parts_dir.glob("*.jsonl")) for r in read_jsonl(path)]
    by_split = {s: [] for s in SPLITS}
    for r in records:
        in_dev = int(hashlib.sha1(article_of(r).encode()).hexdigest(), 16) % 100 < 100 * DEV_SHARE
        split = "test" if r.id.startswith(TEST_WRITERS) else "dev" if in_dev else "train"
        r.meta["split"] = split
        by_split[split].append(r)
    return {s: write_jsonl(rs, out_dir / f"{s}.jsonl") for s, rs in by_split.items() if rs}


def load(corpus_dir: Path = CORPUS) -> list[Record]:
    return [r for s in SPLITS if (corpus_dir / f"{s}.jsonl").exists() for r in read_jsonl(corpus_dir / f"{s}.jsonl")]


def problems(record: Record) -> list[str]:
    """The guidelines' mechanical rules for one gold record."""
    out = []
    words = len(record.text.split())
    if not 250 <= words <= 900:
        out.append(f"{words} words (250-900)")
    if not record.summary.strip() or len(record.summary.split()) > 60:
        out.append(f"summary of {len(record.summary.split())} words (1-60)")
    if record.meta.get("synthetic") is not True:
        out.append("meta.synthetic is not true")
    if not record.actors:
        out.append("no actors")
    lines = record.text.split("\n")
    junk = set(record.junk_lines or [])
    for j in junk:
        if not lines[j].strip():
            out.append(f"junk line {j} is blank")
    junk_text = [lines[j] for j in junk]
    for a in record.actors:
        if a.confidence is not None:
            out.append(f"{a.name}: gold confidence must be null")
        if not any(form in record.text for form in (a.name, *a.aliases)):
            out.append(f"{a.name}: neither name nor any alias occurs in the text")
        for alias in a.aliases:
            if alias not in record.text:
                out.append(f"{a.name}: alias {alias!r} does not occur")
        if not a.evidence:
            out.append(f"{a.name}: no evidence sentence")
        for e in a.evidence:
            if e not in record.text:
                out.append(f"{a.name}: evidence not in text: {e[:50]!r}")
            elif any(e in line for line in junk_text):
                out.append(f"{a.name}: evidence comes from a junk line")
    return out


def counts(records: list[Record]) -> dict:
    articles = {article_of(r) for r in records}
    targets_per_article = Counter(article_of(r) for r in records)
    stances = Counter(a.stance for r in records for a in r.actors)
    n_actors = sum(stances.values())
    split_articles = {s: len({article_of(r) for r in records if r.meta.get("split") == s}) for s in SPLITS}
    return {
        "records": len(records),
        "articles": len(articles),
        "articles_by_split": split_articles,
        "two_target_articles": sum(1 for n in targets_per_article.values() if n >= 2),
        "other_target_records": sum(1 for r in records if r.target != "the coalition"),
        "other_target_share": round(sum(1 for r in records if r.target != "the coalition") / max(len(records), 1), 3),
        "junk_articles": len({article_of(r) for r in records if r.junk_lines}),
        "junk_share": round(len({article_of(r) for r in records if r.junk_lines}) / max(len(articles), 1), 3),
        "actors": n_actors,
        "stance_share": {s: round(stances[s] / max(n_actors, 1), 3) for s in STANCES},
        "stance_share_by_split": {
            s: dict(Counter(a.stance for r in records if r.meta.get("split") == s for a in r.actors)) for s in SPLITS},
        "coalition_kinds": dict(Counter(r.meta.get("coalition_kind", "?") for r in records).most_common()),
        "implied_actors": sum(len(r.meta.get("implied", [])) for r in records),
        "mean_words": round(sum(len(r.text.split()) for r in records) / max(len(records), 1)),
    }


REQUIRED = [  # the counts: (what, test)
    ("≥ 400 articles", lambda c: c["articles"] >= 400),
    ("≥ 15 % other targets", lambda c: c["other_target_share"] >= 0.15),
    ("≥ 30 two-target articles", lambda c: c["two_target_articles"] >= 30),
    ("≥ 20 % with junk", lambda c: c["junk_share"] >= 0.20),
    ("test split ≥ 80 articles", lambda c: c["articles_by_split"]["test"] >= 80),
    ("no stance under 20 %", lambda c: min(c["stance_share"].values()) >= 0.20),
]


def check(records: list[Record]) -> int:
    bad = 0
    for r in records:
        for p in problems(r):
            print(f"{r.id}: {p}")
            bad += 1
    c = counts(records)
    unmet = [name for name, ok in REQUIRED if not ok(c)]
    print(json.dumps({"records": len(records), "problems": bad, "unmet": unmet}, ensure_ascii=False))
    return 1 if bad or unmet else 0


def kappa(relabel_path: Path, records: list[Record]) -> dict:
    """Cohen's kappa between the gold stances and a blind second reading of the same actors."""
    from sklearn.metrics import cohen_kappa_score

    gold = {(r.id, a.name): a.stance for r in records for a in r.actors}
    pairs = [(gold[(r.id, a.name)], a.stance) for r in read_jsonl(relabel_path) for a in r.actors
             if (r.id, a.name) in gold]
    first, second = zip(*pairs) if pairs else ((), ())
    return {"pairs": len(pairs), "records": len({r.id for r in read_jsonl(relabel_path)}),
            "agreement": round(sum(a == b for a, b in pairs) / max(len(pairs), 1), 3),
            "disagreements": dict(Counter(f"{a}->{b}" for a, b in pairs if a != b).most_common()),
            "cohen_kappa": round(cohen_kappa_score(first, second, labels=list(STANCES)), 3) if pairs else None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The team's stance corpus.")
    parser.add_argument("command", choices=["build", "check", "stats", "kappa"])
    parser.add_argument("relabels", nargs="?", type=Path)
    args = parser.parse_args(argv)
    if args.command == "build":
        print(json.dumps(build()))
    elif args.command == "check":
        sys.exit(check(load()))
    elif args.command == "stats":
        print(json.dumps(counts(load()), indent=2, ensure_ascii=False))
    else:
        print(json.dumps(kappa(args.relabels, load())))


if __name__ == "__main__":
    main()
