"""Converters from the public data sets in ../shared/data into the one dataset format.

The data are read where they lie (never copied into the project); every record carries its source
and license in `meta`. Training and evaluation both read them through these functions.

Conventions for data sets whose labels do not name an actor holding a stance toward a target:
- target stance of a whole text (FNC-1, GWSD): one actor named AUTHOR, with no mentions;
- sentiment of a text toward a person (NewsMTSC, BASIL): target SENTIMENT_TARGET, the person is the
  actor, positive → support, negative → oppose.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
from pathlib import Path
from typing import Iterator

from stancesum.format import Actor, Mention, Record

AUTHOR = "(author)"
SENTIMENT_TARGET = "a favourable portrayal"
REPO = Path(__file__).resolve().parent.parent
# Fixed evaluation sample of cnndm-test (ids saved in the repo; never trained on).
CNNDM_SAMPLE_IDS = REPO / "eval" / "data" / "cnndm_test_sample_ids.txt"
CNNDM_SAMPLE_SIZE, CNNDM_SAMPLE_SEED = 2000, 20261125


def shared_data() -> Path:
    """../shared/data beside the checkout, or $STANCESUM_SHARED_DATA."""
    return Path(os.environ.get("STANCESUM_SHARED_DATA", REPO.parent / "shared" / "data"))


# --- summarization ---------------------------------------------------------------------------

_PTB = [(r"-LRB-", "("), (r"-RRB-", ")"), (r"-LSB-", "["), (r"-RSB-", "]"), (r"-LCB-", "{"),
        (r"-RCB-", "}"), (r"``\s*", '"'), (r"\s*''", '"'), (r"\(\s+", "("), (r"\s+\)", ")"),
        (r"\s+([.,;:!?%])", r"\1"), (r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1"), (r"\$\s+(?=\d)", "$")]


def detokenize(text: str) -> str:
    """Undo the PTB tokenisation of CNN/DM articles ("does n't" → "doesn't", -LRB- → "(")."""
    for pattern, repl in _PTB:
        text = re.sub(pattern, repl, text)
    return text


def cnndm_test(sample: bool | None = None) -> Iterator[Record]:
    """CNN/DM test (See et al. 2017 release). sample=True: only the fixed 2,000-article evaluation
    sample; sample=False: only the articles outside it (for training); None: all."""
    ids, seen = cnndm_sample_ids(), set()
    with (shared_data() / "cnndm-test" / "test.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            row = json.loads(line)
            key = _cnndm_key(row, i)
            if key in seen or (sample is not None and (key in ids) != sample):
                continue  # one story id occurs twice in this copy: keep its first row
            seen.add(key)
            text = row["article"] or row["article_lower_tok"]
            if not text:
                continue
            yield Record(
                id=f"cnndm-{key}", text=detokenize(text), summary="\n".join(row["highlights"]),
                meta={"source": "cnndm-test", "license": "CNN/Daily Mail, research use",
                      "lowercased": row["article"] is None,
                      "pointer_gen_cov": row["pointer_gen_cov"] or ""},
            )


def cnndm_sample_ids() -> set[str]:
    """The fixed evaluation sample; drawn once with a fixed seed and saved, so it never changes."""
    if not CNNDM_SAMPLE_IDS.exists():
        with (shared_data() / "cnndm-test" / "test.jsonl").open(encoding="utf-8") as fh:
            usable = [_cnndm_key(r, i) for i, r in enumerate(map(json.loads, fh))
                      if r["article"] or r["article_lower_tok"]]
        chosen = sorted(random.Random(CNNDM_SAMPLE_SEED).sample(sorted(usable), CNNDM_SAMPLE_SIZE))
        CNNDM_SAMPLE_IDS.parent.mkdir(parents=True, exist_ok=True)
        CNNDM_SAMPLE_IDS.write_text("\n".join(chosen) + "\n")
    return set(CNNDM_SAMPLE_IDS.read_text().split())


def _cnndm_key(row: dict, line_index: int) -> str:
    # 353 rows of this copy have no story id; their line number in test.jsonl identifies them.
    return row["id"] or f"line{line_index}"


def sumllm(name: str = "val_chatgpt") -> Iterator[Record]:
    """cnndm-sumllm: CNN/DM articles with LLM-written summaries (train_gpt4, val_chatgpt, val_gpt4)."""
    path = shared_data() / "cnndm-sumllm" / f"{name}.jsonl"
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            row = json.loads(line)
            yield Record(id=f"sumllm-{name}-{i}", text=row["article"], summary=row["abstract"],
                         meta={"source": f"cnndm-sumllm/{name}", "license": "CC BY-NC 4.0"})


def bbc_news() -> Iterator[Record]:
    """BBC News Summary: articles with extractive summaries (sentences copied from the article)."""
    with (shared_data() / "bbc_news_summary" / "bbc_news_summary.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            yield Record(id=f"bbc-{row['id']}", text=row["article"].strip(), title=row["title"],
                         summary=row["summary"],
                         meta={"source": "bbc_news_summary", "category": row["category"],
                               "license": "BBC, non-commercial research"})


# --- stance and sentiment --------------------------------------------------------------------

def _actor(name: str, stance: str, mentions: list[Mention] = ()) -> Actor:
    return Actor(name=name, stance=stance, mentions=list(mentions))


def directed_sentiment(split: str = "test") -> Iterator[Record]:
    """Directed sentiment between two bracketed entities of a news sentence (Park et al. 2021):
    the entity that endorses/blames is the actor, the other entity is the target."""
    label_to = {0: (0, "neutral"), 1: (0, "support"), 2: (1, "support"), 3: (0, "oppose"), 4: (1, "oppose")}
    with (shared_data() / "directed_sentiment_news" / f"{split}.txt").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            sentence, label = parts[0], int(parts[3])
            spans, text, pos = [], "", 0
            for m in re.finditer(r"\[([^\[\]]+)\]", sentence):
                text += sentence[pos:m.start()]
                spans.append((len(text), len(text) + len(m.group(1)), m.group(1)))
                text += m.group(1)
                pos = m.end()
            text += sentence[pos:]
            if len(spans) != 2 or spans[0][2] == spans[1][2]:
                continue
            who, stance = label_to[label]
            actor, target = spans[who], spans[1 - who]
            yield Record(id=f"dsn-{split}-{i}", text=text, target=target[2],
                         actors=[_actor(actor[2], stance, [Mention(actor[2], actor[0], actor[1], 0)])],
                         meta={"source": f"directed_sentiment_news/{split}", "task": "directed-sentiment",
                               "license": "research use, cite Park, Pan & Joo (ACL 2021)"})


def newsmtsc(split: str = "devtest_rw") -> Iterator[Record]:
    """NewsMTSC: sentiment of a news sentence toward each person it mentions."""
    polarity = {2.0: "oppose", 4.0: "neutral", 6.0: "support"}
    with (shared_data() / "newsmtsc" / f"{split}.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            row = json.loads(line)
            text, actors = row["sentence_normalized"], {}
            for t in row["targets"]:
                mention = Mention(text[t["from"]:t["to"]], t["from"], t["to"], 0)
                actors.setdefault(t["mention"], _actor(t["mention"], polarity[t["polarity"]], [mention]))
            yield Record(id=f"newsmtsc-{split}-{i}", text=text, target=SENTIMENT_TARGET,
                         actors=list(actors.values()),
                         meta={"source": f"newsmtsc/{split}", "task": "sentiment", "license": "MIT"})


def basil() -> Iterator[Record]:
    """BASIL: the author's article-level feeling toward each main entity (pos/neg/neu)."""
    root = shared_data() / "basil"
    feeling = {"pos": "support", "neg": "oppose", "neu": "neutral"}
    for path in sorted((root / "articles").glob("*/*.json")):
        art = json.loads(path.read_text(encoding="utf-8"))
        ann_path = root / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        if not ann_path.exists():
            continue
        ann = json.loads(ann_path.read_text(encoding="utf-8"))["article-level-annotations"]
        text = "\n\n".join(" ".join(p) for p in art["body-paragraphs"]).strip()
        actors = []
        for key, value in ann.items():
            if key.startswith("author_feeling_") and key != "author_feeling_main_event" and value in feeling:
                actors.append(_actor(key.removeprefix("author_feeling_").replace("_", " "), feeling[value]))
        if text and actors:
            yield Record(id=f"basil-{path.stem}", text=text, title=art.get("title"), target=SENTIMENT_TARGET,
                         actors=actors, meta={"source": "basil", "task": "sentiment",
                                              "outlet": art.get("source"), "license": "research use (Fan et al. 2019)"})


def fnc1(split: str = "competition_test") -> Iterator[Record]:
    """FNC-1: stance of an article body toward a headline (agree/disagree/discuss; unrelated dropped)."""
    root = shared_data() / "fnc1"
    with (root / f"{split}_bodies.csv").open(encoding="utf-8") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    label = {"agree": "support", "disagree": "oppose", "discuss": "neutral",
             "0": "support", "1": "oppose", "2": "neutral"}
    with (root / f"{split}_stances.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            stance = label.get(row["Stance"].strip())
            body = bodies.get(row["Body ID"], "").strip()
            if stance is None or not body:
                continue
            yield Record(id=f"fnc1-{split}-{i}", text=body, target=row["Headline"].strip(),
                         actors=[_actor(AUTHOR, stance)],
                         meta={"source": f"fnc1/{split}", "task": "text-stance",
                               "license": "research use (FNC-1, from Emergent)"})


GWSD_TARGET = "climate change is a serious concern"


def gwsd(held_out: bool = True) -> Iterator[Record]:
    """GWSD: stance of news sentences toward "climate change is a serious concern". held_out=True:
    the 200-sentence balanced test; False: the train pool, labelled by its inferred majority."""
    root = shared_data() / "gwsd_desmog"
    label = {"agree": "support", "disagree": "oppose", "neutral": "neutral"}
    if held_out:
        path, key = root / "3_stance_detection__2_Stance_model__data__held_out_balanced_test.tsv", "stance"
        rows = csv.DictReader(path.open(encoding="utf-8"), delimiter="\t")
    else:
        path, key = root / "3_stance_detection__2_Stance_model__data__sent_scores_df_final.tsv", "label"
        held = {r["sentence"] for r in csv.DictReader(
            (root / "3_stance_detection__2_Stance_model__data__held_out_balanced_test.tsv").open(encoding="utf-8"),
            delimiter="\t")}
        # The train pool's label: the class with the highest inferred probability.
        rows = ({**r, "label": max(label, key=lambda c: float(r[c]))}
                for r in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t") if r["sentence"] not in held)
    for i, row in enumerate(rows):
        stance = label.get(row.get(key, "").strip())
        if stance is None or not row["sentence"].strip():
            continue
        yield Record(id=f"gwsd-{'test' if held_out else 'train'}-{i}", text=row["sentence"].strip(),
                     target=GWSD_TARGET, actors=[_actor(AUTHOR, stance)],
                     meta={"source": "gwsd_desmog", "task": "text-stance",
                           "license": "research use (Luo, Card & Jurafsky 2020)"})


SOURCES = {
    "cnndm-test-sample": lambda: cnndm_test(sample=True),
    "cnndm-test-train": lambda: cnndm_test(sample=False),
    "sumllm-val_chatgpt": lambda: sumllm("val_chatgpt"),
    "sumllm-train_gpt4": lambda: sumllm("train_gpt4"),
    "bbc_news_summary": bbc_news,
    "directed_sentiment-train": lambda: directed_sentiment("train"),
    "directed_sentiment-valid": lambda: directed_sentiment("valid"),
    "directed_sentiment-test": lambda: directed_sentiment("test"),
    "newsmtsc-train": lambda: newsmtsc("train"),
    "newsmtsc-devtest_rw": lambda: newsmtsc("devtest_rw"),
    "newsmtsc-devtest_mt": lambda: newsmtsc("devtest_mt"),
    "basil": basil,
    "fnc1-train": lambda: fnc1("train"),
    "fnc1-competition_test": lambda: fnc1("competition_test"),
    "gwsd-train": lambda: gwsd(held_out=False),
    "gwsd-test": lambda: gwsd(held_out=True),
}


def load_public(name: str) -> Iterator[Record]:
    """Records of one public source by name (see SOURCES)."""
    if name not in SOURCES:
        raise KeyError(f"unknown public data set {name!r}; known: {', '.join(SOURCES)}")
    return SOURCES[name]()
