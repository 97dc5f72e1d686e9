"""Shared fixtures: small articles written by the team, and a tiny randomly initialised BERT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ARTICLE = (
    "BAGHDAD, May 2 — Britain will send four more Typhoon jets to the coalition fighting Islamic State, "
    "the defence ministry said on Friday.\n\n"
    "Iran condemned the coalition's strikes and said they violated Syria's sovereignty.\n\n"
    "\"We stand with our partners,\" said British Defence Secretary John Healey.\n"
)


@pytest.fixture
def article_text() -> str:
    return ARTICLE


@pytest.fixture
def example_path() -> Path:
    return EXAMPLES / "coalition_article.txt"


def gold_record(**overrides) -> dict:
    record = {
        "id": "t-1",
        "text": ARTICLE,
        "target": "the coalition",
        "summary": "Britain sends jets to the coalition; Iran condemns its strikes.",
        "actors": [
            {"name": "United Kingdom", "aliases": ["Britain", "British"], "stance": "support",
             "evidence": ["\"We stand with our partners,\" said British Defence Secretary John Healey."]},
            {"name": "Iran", "stance": "oppose", "confidence": None, "evidence": []},
        ],
        "meta": {"split": "train", "synthetic": True},
    }
    record.update(overrides)
    return record


@pytest.fixture
def gold() -> dict:
    return gold_record()


@pytest.fixture
def jsonl_file(tmp_path) -> Path:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(gold_record(id=f"t-{i}")) for i in range(3)) + "\n")
    return path


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory) -> Path:
    """A 2-layer, 32-wide BERT with random weights and the real MiniLM tokenizer, saved to a folder."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    from stancesum.weights import base_model_dir, write_checksums

    folder = tmp_path_factory.mktemp("tiny-bert")
    tokenizer = AutoTokenizer.from_pretrained(base_model_dir(), local_files_only=True)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=512)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    write_checksums(folder, ["model.safetensors"])
    return folder
