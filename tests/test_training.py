"""A seconds-long training run on the tiny random BERT: it trains, checkpoints, resumes and exports."""

import json

import pytest

from stancesum import StanceSummarizer
from stancesum.rouge import greedy_oracle, rouge_scores
from training import train as train_module


def test_greedy_oracle_picks_the_sentences_that_match_the_reference():
    sentences = ["The cat sat on the mat.", "Stocks fell sharply in Tokyo.", "The dog barked at the cat."]
    assert greedy_oracle(sentences, "Stocks fell sharply in Tokyo on Monday.", max_sentences=2) == [1]
    assert greedy_oracle(sentences, "A cat sat on a mat; a dog barked.", max_sentences=3) == [0, 2]


def test_rouge_uses_stemming_and_sentence_lines():
    scores = rouge_scores(["Stocks falling in Tokyo.\nThe yen rose."], ["stocks fell in tokyo .\nthe yen rose ."])
    assert scores["rouge1"] > 70 and set(scores) == {"rouge1", "rouge2", "rougeLsum"}
    with pytest.raises(ValueError):
        rouge_scores(["a"], [])


def test_tiny_training_run_resumes_and_exports(tiny_bert, tmp_path, monkeypatch):
    monkeypatch.setattr(train_module, "ROOT", tmp_path)
    import shutil
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    (tmp_path / "tests" / "data").mkdir(parents=True)
    shutil.copy(repo / "tests" / "data" / "tiny_corpus.jsonl", tmp_path / "tests" / "data")
    config = repo / "training" / "configs" / "tiny.yaml"

    train_module.train(str(config), base_model=str(tiny_bert), steps=4)
    log = [json.loads(line) for line in (tmp_path / "runs" / "tiny" / "log.jsonl").read_text().splitlines()]
    assert [e["step"] for e in log if "loss" in e] == [1, 2, 3, 4]
    assert any("dev" in e for e in log)

    out = train_module.train(str(config), base_model=str(tiny_bert), steps=6)  # resumes at step 4
    log = [json.loads(line) for line in (tmp_path / "runs" / "tiny" / "log.jsonl").read_text().splitlines()]
    assert [e["step"] for e in log if "loss" in e] == [1, 2, 3, 4, 5, 6]

    heads = json.loads((out / "stancesum.json").read_text())
    assert heads["trained_on"]["seed"] == 1 and heads["trained_on"]["steps"] == 6
    assert 0.25 <= heads["temperature"] <= 8
    assert "## Training" in (out / "README.md").read_text()
    result = StanceSummarizer.load(out).analyze(
        "PARIS, May 1 — France joined the coalition. Russia condemned the coalition.", max_sentences=1)
    assert result.meta["predictor"] == "model:model@fp32" and len(result.summary_spans) == 1


def test_second_stage_starts_from_an_export_and_keeps_the_best_dev_checkpoint(tiny_bert, tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    import yaml

    monkeypatch.setattr(train_module, "ROOT", tmp_path)
    repo = Path(__file__).resolve().parent.parent
    (tmp_path / "tests" / "data").mkdir(parents=True)
    shutil.copy(repo / "tests" / "data" / "tiny_corpus.jsonl", tmp_path / "tests" / "data")
    stage1 = train_module.train(str(repo / "training" / "configs" / "tiny.yaml"), base_model=str(tiny_bert), steps=2)

    cfg = yaml.safe_load((repo / "training" / "configs" / "tiny.yaml").read_text())
    cfg.update(init="runs/tiny/model", output="runs/tiny2/model", run_dir="runs/tiny2", steps=6, eval_every=2,
               mix={"summary": 1, "stance_texts": 2}, select_on="stance_macro_f1")
    (tmp_path / "stage2.yaml").write_text(yaml.safe_dump(cfg))
    out = train_module.train(str(tmp_path / "stage2.yaml"))

    log = [json.loads(line) for line in (tmp_path / "runs" / "tiny2" / "log.jsonl").read_text().splitlines()]
    assert [e["task"] for e in log if "loss" in e] == ["summary", "stance_texts", "stance_texts"] * 2
    dev = [e for e in log if "dev" in e]
    best = max(dev, key=lambda e: e["dev"]["stance_macro_f1"])  # ties: the later one is kept
    best_step = max(e["step"] for e in dev if e["dev"]["stance_macro_f1"] == best["dev"]["stance_macro_f1"])
    run = json.loads((out / "stancesum.json").read_text())["trained_on"]
    assert run["exported_step"] == best_step
    assert run["init"]["path"] == "runs/tiny/model" and run["init"]["steps"] == 2
    assert stage1 != out and (out / "model.safetensors").is_file()
    card = (out / "README.md").read_text()
    assert "stage 1" in card and "stage 2" in card and "runs/tiny/model" in card


def test_summary_examples_read_the_first_window_only(tiny_bert):
    """Summary training reads an article's start: one window, and every kept sentence inside it."""
    from transformers import AutoTokenizer

    from stancesum.format import Record
    from stancesum.model import HeadsConfig
    from training.data import summary_example

    tokenizer = AutoTokenizer.from_pretrained(tiny_bert)
    cfg = HeadsConfig(max_length=96, overlap=24)
    # Lengths around one window: there a second window starts early, and a sentence near the end
    # of the kept text would sit more centrally in it.
    for n in range(6, 40):
        text = " ".join(f"Minister {i} said the coalition would meet on Monday." for i in range(n))
        record = Record(id="long", text=text, summary="The coalition will meet again on Monday.")
        feats = summary_example(record, tokenizer, cfg)
        assert len(feats.input_ids) == 1 and len(feats.input_ids[0]) <= 96
        assert all(w == 0 and e < len(feats.input_ids[0]) for w, _, e in feats.sentence_spans), n
        assert sum(feats.sentence_labels) >= 1
