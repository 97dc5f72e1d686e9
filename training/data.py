"""Training examples from records in the one format: oracle-labelled sentences and labelled actors."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from tqdm import tqdm

from stancesum.actors import locate_actors
from stancesum.errors import StancesumError
from stancesum.format import STANCES, Record, read_jsonl
from stancesum.model import Features, HeadsConfig, encode
from stancesum.public_data import AUTHOR, load_public
from stancesum.reading import Article, read_article
from stancesum.rouge import greedy_oracle


def read_source(spec: dict, root: Path, seed: int) -> list[Record]:
    """Records named by one data entry of a config: {corpus: PATH} or {public: NAME}, with an
    optional seeded `limit` (the trainer applies the entry's `repeat`)."""
    if "corpus" in spec:
        records = read_jsonl(root / spec["corpus"])
    else:
        records = list(load_public(spec["public"]))
    if spec.get("limit") and len(records) > spec["limit"]:
        records = random.Random(seed).sample(records, spec["limit"])
    return records


def read_record(record: Record) -> Article:
    gold_junk = set(record.junk_lines or [])  # train on what the pipeline sees after junk removal
    return read_article(record.text, title=record.title, junk_filter=lambda lines: gold_junk)


def _first_window(article: Article, tokenizer, max_tokens: int) -> Article:
    """The sentences that fit in one window (summary training reads the article's start only)."""
    offsets = tokenizer(article.text, add_special_tokens=False, return_offsets_mapping=True)["offset_mapping"]
    if len(offsets) <= max_tokens:
        return article
    limit = offsets[max_tokens - 1][1]
    kept = [s for s in article.sentences if s.end <= limit] or article.sentences[:1]
    # Cut the text too: encoding the whole text would spread windows over it, and a kept sentence
    # could sit more centrally in the second window than in the first.
    return replace(article, text=article.text[:max(limit, kept[-1].end)], sentences=kept, entities=[])


def summary_example(record: Record, tokenizer, cfg: HeadsConfig) -> Features | None:
    if not record.summary.strip():
        return None
    head_room = cfg.max_target_tokens + 3
    article = _first_window(read_record(record), tokenizer, cfg.max_length - head_room)
    if len(article.sentences) < 2:
        return None
    picked = set(greedy_oracle([s.text for s in article.sentences], record.summary, max_sentences=3))
    feats = encode(tokenizer, article, [], record.target, replace(cfg, overlap=0))
    feats.sentence_labels = [1.0 if i in picked else 0.0 for i in range(len(article.sentences))]
    return feats


def stance_example(record: Record, tokenizer, cfg: HeadsConfig, article: Article | None = None) -> Features | None:
    article = article or read_record(record)
    found = locate_actors(article, [(a.name, a.aliases) for a in record.actors])
    # An actor never found in the kept text can't be read from it; the author needs no mention.
    pairs = [(f, a) for f, a in zip(found, record.actors) if f.mentions or a.name == AUTHOR]
    if not pairs:
        return None
    feats = encode(tokenizer, article, [f for f, _ in pairs], record.target, cfg)
    feats.actor_labels = [STANCES.index(a.stance) for _, a in pairs]
    return feats


def build(records: list[Record], make, tokenizer, cfg: HeadsConfig, desc: str) -> list[Features]:
    out = []
    for record in tqdm(records, desc=desc, unit="record", mininterval=5):
        try:
            feats = make(record, tokenizer, cfg)
        except StancesumError:
            continue  # an unreadable record is skipped, not fatal
        if feats is not None:
            out.append(feats)
    return out
