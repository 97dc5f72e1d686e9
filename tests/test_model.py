"""The two-head model on a tiny randomly initialised BERT: shapes, windows, save/load, checksums."""

import shutil

import pytest

from stancesum import ModelError, StanceSummarizer
from stancesum.actors import locate_actors
from stancesum.model import HeadsConfig, StanceSumModel, collate, encode
from stancesum.reading import read_article


@pytest.fixture(scope="module")
def tiny_model(tiny_bert):
    return StanceSumModel.from_base(tiny_bert, HeadsConfig(max_length=64, overlap=16))


@pytest.fixture(scope="module")
def long_article():
    paragraphs = [f"Paragraph {i} says that Britain backs the coalition while Iran condemns it." for i in range(30)]
    return read_article("\n\n".join(paragraphs))


def test_long_articles_are_windowed_not_cut(tiny_model, long_article):
    actors = locate_actors(long_article, [("United Kingdom", ["Britain"]), ("Iran", [])])
    feats = encode(tiny_model.tokenizer, long_article, actors, "the coalition", tiny_model.net.cfg)
    assert len(feats.input_ids) > 5 and all(len(ids) <= 64 for ids in feats.input_ids)
    assert len(feats.sentence_spans) == len(long_article.sentences) == 30
    # Every sentence and mention span points at its own tokens, inside its window.
    tok = tiny_model.tokenizer
    for (w, s, e), sent in zip(feats.sentence_spans, long_article.sentences):
        assert tok.decode(feats.input_ids[w][s:e]).replace(" ", "") in sent.text.lower().replace(" ", "")
    for (w, s, e), k in zip(feats.mention_spans, feats.mention_actor):
        assert tok.decode(feats.input_ids[w][s:e]) == ["britain", "iran"][k]
    # The target is the first segment of every window.
    assert all(tok.decode(ids[1:3]) == "the coalition" and ids[3] == tok.sep_token_id for ids in feats.input_ids)


def test_one_forward_pass_scores_sentences_and_actors(tiny_model, long_article):
    actors = locate_actors(long_article, [("Britain", []), ("(author)", [])])
    out = tiny_model.net(collate([encode(tiny_model.tokenizer, long_article, actors, "the coalition",
                                         tiny_model.net.cfg)]))
    assert out["sentence_scores"].shape == (30,)
    assert out["actor_logits"].shape == (2, 3)
    prediction = tiny_model.predict(long_article, actors, "the coalition", max_sentences=2)
    assert len(prediction.summary) <= 2 and prediction.summary == sorted(prediction.summary)
    assert [s.stance in ("support", "oppose", "neutral") for s in prediction.stances] == [True, True]
    assert prediction.stances[1].evidence == []  # the author has no mention sentence
    assert all(0 < s.confidence <= 1 for s in prediction.stances)


def test_batched_articles_match_single_ones(tiny_model, long_article):
    import torch

    short = read_article("Iran condemned the coalition. Britain joined it.")
    feats = [encode(tiny_model.tokenizer, a, locate_actors(a, [("Iran", [])]), "the coalition",
                    tiny_model.net.cfg) for a in (long_article, short)]
    together = tiny_model.net(collate(feats))
    alone = tiny_model.net(collate(feats[1:]))
    assert torch.allclose(together["actor_logits"][1], alone["actor_logits"][0], atol=1e-5)
    assert torch.allclose(together["sentence_scores"][30:], alone["sentence_scores"], atol=1e-5)


def test_save_load_round_trip_and_pipeline(tiny_model, tmp_path, article_text):
    folder = tmp_path / "tiny-model"
    tiny_model.save(folder)
    loaded = StanceSumModel.load(folder)
    article = read_article(article_text)
    actors = locate_actors(article, [("Iran", [])])
    a = tiny_model.predict(article, actors, "the coalition", 2)
    b = loaded.predict(article, actors, "the coalition", 2)
    assert a.summary == b.summary and a.stances[0].stance == b.stances[0].stance
    result = StanceSummarizer.load(folder).analyze(article_text)
    assert result.meta["predictor"] == "model:tiny-model@fp32" and result.meta["baseline"] is False


def test_tampered_or_incomplete_model_folder_is_refused(tiny_model, tmp_path):
    folder = tmp_path / "m"
    tiny_model.save(folder)
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    (broken / "stancesum.json").unlink()
    with pytest.raises(ModelError, match="missing model file stancesum.json"):
        StanceSummarizer.load(broken)
    with (folder / "model.safetensors").open("r+b") as fh:
        fh.seek(-4, 2)
        fh.write(b"\x01\x02\x03\x04")
    with pytest.raises(ModelError, match="does not match"):
        StanceSummarizer.load(folder)


def test_int8_load_quantizes_the_linear_layers_and_still_predicts(tiny_model, tmp_path, article_text):
    import torch

    folder = tmp_path / "m"
    tiny_model.save(folder)
    quantized = StanceSumModel.load(folder, quantize=True)
    kinds = {type(m).__name__ for m in quantized.net.modules()}
    assert "Linear" in kinds and not any(type(m) is torch.nn.Linear for m in quantized.net.modules())
    article = read_article(article_text)
    prediction = quantized.predict(article, locate_actors(article, [("Iran", [])]), "the coalition", 2)
    assert 1 <= len(prediction.summary) <= 2 and prediction.stances[0].stance in ("support", "oppose", "neutral")
    # Any --model / STANCESUM_MODEL folder can name its precision; a wrong one is a clear error.
    assert StanceSummarizer.load(f"{folder}@int8").predictor.name == "model:m@int8"
    assert StanceSummarizer.load(folder).predictor.name == "model:m@fp32"  # the folder's default
    with pytest.raises(ModelError, match="unknown precision @fp8"):
        StanceSummarizer.load(f"{folder}@fp8")


def test_windows_are_full_and_overlap_at_least_as_configured():
    from stancesum.model import _window_starts

    assert _window_starts(300, 500, 100) == [0]
    for n_tokens in (501, 906, 2000, 5003):
        starts = _window_starts(n_tokens, 500, 100)
        assert starts[0] == 0 and starts[-1] + 500 == n_tokens  # full windows, the end covered
        assert all(500 - (b - a) >= 100 for a, b in zip(starts, starts[1:]))
        assert len(starts) == max(2, -(-(n_tokens - 100) // 400))  # no more windows than needed
