"""The evaluation harness on a few records written here, so it never rots (full evals never run
in tests). The TextRank baseline runs on the tiny random BERT to stay fast."""

import json
import sys
from pathlib import Path

import pytest

from conftest import gold_record
from stancesum.format import Actor, Record, read_jsonl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `eval` lives at the repo root

from eval import metrics  # noqa: E402
from eval.__main__ import main  # noqa: E402

JUNKY = ("WORLD\nShare this article\n"
         "KYIV, March 3 — Poland will join the coalition sending air defence systems to Ukraine, "
         "its defence minister said.\n\n"
         "Hungary condemned the coalition and said it would block the funding.\nAdvertisement")


def records() -> list[dict]:
    return [
        gold_record(id="e-1", meta={"split": "test"}),
        {"id": "e-2", "text": JUNKY, "summary": "Poland joins the air defence coalition; Hungary objects.",
         "junk_lines": [0, 1, 5], "meta": {"split": "dev"},
         "actors": [{"name": "Poland", "stance": "support"},
                    {"name": "Hungary", "aliases": ["Budapest"], "stance": "oppose"}]},
        {"id": "e-3", "target": "the ceasefire",
         "text": "Egypt welcomed the ceasefire in Gaza on Sunday. Israel rejected the ceasefire terms, officials said.",
         "summary": "Egypt welcomes the Gaza ceasefire, Israel rejects it.", "meta": {"split": "test"},
         "actors": [{"name": "Egypt", "stance": "support"}, {"name": "Israel", "stance": "oppose"}]},
    ]


@pytest.fixture
def gold_file(tmp_path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()))
    return path


def test_run_scores_model_and_baselines_side_by_side(gold_file, tmp_path, tiny_bert):
    out = tmp_path / "report"
    assert main(["run", "--data", str(gold_file), "--model", "lead+rule", "--out", str(out),
                 "--train", str(gold_file), "--encoder", str(tiny_bert)]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["n_records"] == 3 and report["model"] == "baseline:lead+rule"

    summary = report["summary"]
    assert summary["n"] == 3
    assert list(summary["systems"]) == ["baseline:lead+rule (under test)", "Lead-1", "Lead-3", "TextRank-3",
                                        "Oracle-3 (greedy ROUGE)"]
    for m in summary["systems"].values():
        assert 0 <= m["rouge2"] <= m["rouge1"] <= 100 and m["words"] > 0
    assert summary["systems"]["Lead-3"]["junk_share"] == 0  # Lead-N skips "WORLD" and "Share this article"
    # The model's margin over each other system: none over itself, zero over Lead-3 (lead+rule is Lead-3).
    systems = summary["systems"]
    assert "model_minus" not in systems["baseline:lead+rule (under test)"]
    assert systems["Lead-3"]["model_minus"]["rouge1"] == {"diff": 0.0, "low": 0.0, "high": 0.0, "resamples": 1000}
    oracle = systems["Oracle-3 (greedy ROUGE)"]["model_minus"]["rouge1"]
    assert oracle["low"] <= oracle["diff"] <= oracle["high"] <= 0
    assert abs(oracle["diff"] - (systems["baseline:lead+rule (under test)"]["rouge1"]
                                 - systems["Oracle-3 (greedy ROUGE)"]["rouge1"])) < 1e-9

    stance = report["stance"]
    assert stance["n_pairs"] == 6 and stance["majority"] == "support"
    rule, majority = stance["systems"]["lead+rule"], stance["systems"]["majority (support)"]
    assert majority["accuracy"] == 0.5 and rule["macro_f1"] > majority["macro_f1"]
    assert sum(map(sum, rule["confusion"])) == 6 and 0 <= rule["ece"] <= 1
    assert set(stance["breakdown"]) == {"split", "target"}
    assert stance["breakdown"]["target"]["other target"]["lead+rule"]["n"] == 2

    assert report["actors"]["n_gold"] == 6 and report["junk"]["n"] == 1
    assert (out / "confusion.png").stat().st_size > 0 and (out / "calibration.png").stat().st_size > 0
    assert "| Lead-3 |" in (out / "report.md").read_text()
    assert [r.id for r in read_jsonl(out / "predictions.jsonl")] == ["e-1", "e-2", "e-3"]


def test_public_stance_set_with_its_baselines(tmp_path, monkeypatch):
    """A public set in its published layout (GWSD), written here; majority from its train pool."""
    root = tmp_path / "shared" / "gwsd_desmog"
    root.mkdir(parents=True)
    (root / "3_stance_detection__2_Stance_model__data__held_out_balanced_test.tsv").write_text(
        "sentence\tstance\n"
        "Scientists back urgent action on climate change.\tagree\n"
        "Critics reject claims that climate change is a serious concern.\tdisagree\n"
        "The report was published on Monday.\tneutral\n")
    (root / "3_stance_detection__2_Stance_model__data__sent_scores_df_final.tsv").write_text(
        "\tdisagree\tneutral\tagree\tsentence\n0\t0.1\t0.8\t0.1\tA neutral sentence.\n")
    monkeypatch.setenv("STANCESUM_SHARED_DATA", str(tmp_path / "shared"))
    out = tmp_path / "public"
    main(["public", "--model", "lead+rule", "--out", str(out), "--sets", "gwsd-test", "--no-textrank"])
    entry = json.loads((out / "report.json").read_text())["sets"]["gwsd-test"]
    assert entry["majority_from"] == "gwsd-train"
    systems = entry["stance"]["systems"]
    assert systems["majority (neutral)"]["accuracy"] == pytest.approx(1 / 3)
    assert systems["lead+rule"]["accuracy"] == 1.0  # (author) reads the whole sentence
    assert "Stance overview" in (out / "report.md").read_text()


def test_ptb_normalisation_makes_both_sides_tokenise_alike():
    from eval.public import ptb_normalize
    from stancesum.rouge import tokens

    assert tokens(ptb_normalize("Obama does n't back -LRB- CNN -RRB- it .")) == \
        tokens(ptb_normalize("obama doesn't back (cnn) it."))


def test_stance_metrics_and_calibration():
    m = metrics.stance_metrics(["support", "oppose", "neutral", "support"],
                               ["support", "neutral", "neutral", "oppose"], [0.9, 0.6, 0.8, 0.55])
    assert m["accuracy"] == 0.5
    assert m["confusion"] == [[1, 1, 0], [0, 0, 1], [0, 0, 1]]  # rows gold, columns predicted
    assert m["f1"] == pytest.approx({"support": 2 / 3, "oppose": 0.0, "neutral": 2 / 3})
    assert m["macro_f1"] == pytest.approx(4 / 9)
    # Bins: [0.5, 0.6) holds 0.55 (wrong); [0.6, 0.7) 0.6 (wrong); [0.8, 0.9) 0.8 (right); [0.9, 1] 0.9 (right).
    assert m["ece"] == pytest.approx((0.55 + 0.6 + 0.2 + 0.1) / 4)


def test_actor_matching_counts_each_gold_actor_once():
    gold = [Actor("Russia", "oppose", aliases=["Moscow", "the Kremlin"]), Actor("Iran", "oppose")]
    pred = [Actor("Moscow", "oppose"), Actor("Kremlin", "oppose", aliases=["the kremlin"]), Actor("Chile", "neutral")]
    m = metrics.actor_metrics([(pred, gold)])
    assert (m["n_pred"], m["n_gold"]) == (3, 2)
    assert m["precision"] == pytest.approx(1 / 3) and m["recall"] == pytest.approx(1 / 2)


def test_junk_metrics():
    m = metrics.junk_metrics([([0, 1, 7], [0, 1, 5]), ([], [2])])
    assert (m["precision"], m["recall"]) == (pytest.approx(2 / 3), pytest.approx(2 / 4))


def test_textrank_ranks_the_central_sentence_first():
    from stancesum.baselines import TextRankBaseline
    from stancesum.reading import read_article

    class Fixed(TextRankBaseline):
        def embed(self, texts):  # sentence 1 is similar to both others, which are unlike each other
            import numpy as np

            vecs = np.array([[1.0, 0.0], [0.7071, 0.7071], [0.0, 1.0]])[: len(texts)]
            return vecs

    article = read_article("One sentence here.\nTwo sentences here.\nThree sentences here.")
    scores = Fixed().rank([s.text for s in article.sentences])
    assert scores[1] > scores[0] == pytest.approx(scores[2])
    assert Fixed().predict(article, [], "the coalition", 1).summary == [1]
    assert Fixed().predict(article, [], "the coalition", 5).summary == [0, 1, 2]


def test_bench_articles_have_the_asked_length():
    from eval.bench import make_articles

    source = [[" ".join(["word"] * 40)] * 5 for _ in range(3)]  # 3 articles of 5 paragraphs of 40 words
    texts = make_articles(300, 4, source)
    assert len(texts) == 4 and all(300 <= len(t.split()) < 340 for t in texts)


def test_rule_baseline_reads_the_whole_text_for_the_author():
    """Text-level stance sets (FNC-1, GWSD) name no actor: the AUTHOR convention of public_data."""
    from stancesum import StanceSummarizer
    from stancesum.public_data import AUTHOR

    record = Record(id="fnc", text="Critics reject the plan.\nThey condemned it again on Monday.",
                    target="the new budget plan", actors=[Actor(AUTHOR, "oppose")])
    out = StanceSummarizer.load("lead+rule").analyze(record, actors=record.actors)
    assert out.actors[0].stance == "oppose"


def test_full_report_runs_the_three_commands_with_their_own_arguments(monkeypatch, tmp_path):
    from eval import __main__ as cli, bench, public, run

    calls = []
    for name, module in (("run", run), ("public", public), ("bench", bench)):
        monkeypatch.setattr(module, "main", lambda args, name=name: calls.append((name, args)))
    cli.main(["full", "--model", "lead+rule", "--out", str(tmp_path), "--limit", "gwsd-test=5", "--no-textrank"])
    assert [name for name, _ in calls] == ["run", "public", "bench"]
    run_args, public_args, bench_args = (args for _, args in calls)
    assert run_args.data[0].name == "test.jsonl" and run_args.train.name == "train.jsonl"
    assert run_args.out == tmp_path / "corpus-test" and run_args.no_textrank
    assert public_args.limit == ["gwsd-test=5"] and public_args.out == tmp_path / "public"
    assert bench_args.model == "lead+rule" and bench_args.out == tmp_path / "bench"


def test_budget_chooses_on_articles_outside_the_eval_and_training_samples(tmp_path, monkeypatch, tiny_bert):
    from eval import budget
    from stancesum import public_data
    from stancesum.model import HeadsConfig, StanceSumModel
    from training.data import read_source

    root = tmp_path / "shared" / "cnndm-test"
    root.mkdir(parents=True)
    sentences = ["The council approved the plan on Monday .", "Critics said the cost was too high .",
                 "The mayor promised a review next year .", "Residents will vote in May ."]
    with (root / "test.jsonl").open("w") as fh:
        for i in range(10):
            fh.write(json.dumps({"id": f"story{i}", "article": " ".join(sentences[i % 4:] + sentences[:i % 4]),
                                 "article_lower_tok": None, "highlights": [sentences[0]],
                                 "pointer_gen_cov": None}) + "\n")
    (tmp_path / "sample_ids.txt").write_text("story0\nstory1\n")
    monkeypatch.setenv("STANCESUM_SHARED_DATA", str(tmp_path / "shared"))
    monkeypatch.setattr(public_data, "CNNDM_SAMPLE_IDS", tmp_path / "sample_ids.txt")
    # A two-stage model: each stage trained on its own seeded sample of the articles.
    stage1 = {"seed": 3, "summary_data": [{"public": "cnndm-test-train", "limit": 2}]}
    stage2 = {"seed": 5, "summary_data": [{"public": "cnndm-test-train", "limit": 2}], "init": stage1}
    trained = {r.id for seed in (3, 5) for r in read_source({"public": "cnndm-test-train", "limit": 2}, tmp_path, seed)}
    assert len(trained) > 2  # the two samples differ, so the second stage's alone would leave some in

    held = {r.id for r in budget.held_out([stage2], 100)}
    assert len(held) == 8 - len(trained) and not held & trained and not held & {"cnndm-story0", "cnndm-story1"}

    model = tmp_path / "model"
    net = StanceSumModel.from_base(tiny_bert, HeadsConfig(max_length=64, overlap=16, trained_on=stage2))
    net.save(model)
    out = tmp_path / "budget"
    main(["budget", "--model", str(model), "--budgets", "8", "40", "--out", str(out)])
    data = json.loads((out / "report.json").read_text())
    assert data["articles"] == len(held)
    assert set(data["rouge"]) == {"Lead-3", "model, 8 words", "model, 40 words"}
    assert data["rouge"]["Lead-3"]["rouge1"] > 0
    gap = data["rouge"]["model, 40 words"]["rouge1_minus_lead"]
    assert gap["low"] <= gap["diff"] <= gap["high"] and "rouge1_minus_lead" not in data["rouge"]["Lead-3"]
    assert gap["diff"] == pytest.approx(data["rouge"]["model, 40 words"]["rouge1"] - data["rouge"]["Lead-3"]["rouge1"], abs=0.02)
    assert "held-out" in (out / "report.md").read_text()

    # Two models: scored on the same articles, held out from both models' samples.
    other = tmp_path / "other"
    StanceSumModel.from_base(tiny_bert, HeadsConfig(max_length=64, overlap=16, trained_on=stage1)).save(other)
    main(["budget", "--model", str(model), str(other), "--budgets", "40", "--out", str(out)])
    data = json.loads((out / "report.json").read_text())
    assert data["articles"] == len(held) and data["models"] == [str(model), str(other)]
    assert set(data["rouge"]) == {"Lead-3", f"{model}, 40 words", f"{other}, 40 words"}


def test_paired_bootstrap_interval():
    from eval.metrics import paired_bootstrap

    shifted = paired_bootstrap([2.0, 3.0, 5.0], [1.0, 2.0, 4.0])
    assert shifted["diff"] == shifted["low"] == shifted["high"] == 1.0  # every resample differs by 1
    noisy_a = [float(i % 7) for i in range(200)]
    noisy_b = [float(i % 5) for i in range(200)]
    out = paired_bootstrap(noisy_a, noisy_b, seed=3)
    assert out["low"] < out["diff"] < out["high"] and out == paired_bootstrap(noisy_a, noisy_b, seed=3)
    wider = paired_bootstrap(noisy_a[:20], noisy_b[:20], seed=3)
    assert wider["high"] - wider["low"] > out["high"] - out["low"]  # fewer items, less certainty
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0, 2.0])
