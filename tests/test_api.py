from stancesum import InputError, Record, StanceSummarizer


def test_analyze_returns_a_record_with_predictions(article_text):
    result = StanceSummarizer.load("lead+rule").analyze(article_text, max_sentences=1)
    assert isinstance(result, Record)
    assert result.summary.startswith("BAGHDAD, May 2")
    assert result.meta["predictor"] == "baseline:lead+rule" and result.meta["baseline"]
    iran = result.actor("Iran")
    assert iran is not None and iran.stance == "oppose"
    assert iran.evidence == ["Iran condemned the coalition's strikes and said they violated Syria's sovereignty."]
    assert 0 <= iran.confidence <= 1
    assert all(result.text[m.start:m.end] == m.text for a in result.actors for m in a.mentions)


def test_target_is_kept_and_used(article_text):
    result = StanceSummarizer.load("lead+rule").analyze(article_text, target="the ceasefire")
    assert result.target == "the ceasefire"
    # No sentence mentions a ceasefire, so the rule baseline has no evidence for any side.
    assert {a.stance for a in result.actors} == {"neutral"}


def test_batch_streams_and_keeps_going_after_bad_input(article_text):
    summarizer = StanceSummarizer.load("lead+majority")
    items = [article_text, "   ", Record(id="kept-id", text=article_text, target="the strikes")]
    results = list(summarizer.analyze_batch(items))
    assert isinstance(results[0], Record) and results[0].id == "article-1"
    assert isinstance(results[1], InputError) and "article-2: empty article" in str(results[1])
    assert results[2].id == "kept-id" and results[2].target == "the strikes"
    assert {a.stance for a in results[2].actors} == {"support"}


def test_default_without_shipped_model_is_the_named_baseline(monkeypatch, tmp_path, article_text):
    import stancesum.pipeline as pipeline

    monkeypatch.delenv("STANCESUM_MODEL", raising=False)
    monkeypatch.setattr(pipeline, "SHIPPED_MODEL", tmp_path / "absent")
    assert StanceSummarizer.load().predictor.name == "baseline:lead+rule"


def test_stance_of_named_actors_uses_their_aliases(article_text):
    from stancesum import Actor

    asked = [Actor(name="United Kingdom", aliases=["Britain", "British"], stance="neutral"), "Iran", "Chile"]
    result = StanceSummarizer.load("lead+rule").analyze(article_text, actors=asked)
    assert [a.name for a in sorted(result.actors, key=lambda a: a.name)] == ["Chile", "Iran", "United Kingdom"]
    uk = result.actor("Britain")
    assert [m.text for m in uk.mentions] == ["Britain", "British"]
    assert uk.stance == "support"
    assert result.actor("Chile").mentions == [] and result.actor("Chile").stance == "neutral"
