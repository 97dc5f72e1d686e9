"""The CLI end to end, in a subprocess as a user runs it."""

import json
import os
import subprocess
import sys

import pytest

from conftest import gold_record


def run(*args, stdin: bytes | None = None, model: str | None = "lead+rule"):
    """The CLI in a subprocess; `model` sets $STANCESUM_MODEL (None: the shipped model)."""
    env = {k: v for k, v in os.environ.items() if k != "STANCESUM_MODEL"}
    if model is not None:
        env["STANCESUM_MODEL"] = model
    proc = subprocess.run([sys.executable, "-m", "stancesum", *args], input=stdin,
                          capture_output=True, timeout=300, env=env)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_text_article_prints_summary_and_actor_table(example_path):
    code, out, err = run("summarize", str(example_path))
    assert code == 0, err
    assert "BAGHDAD, Oct. 14" in out  # the summary's first sentence
    assert "stance" in out and "evidence" in out  # the actor table
    assert "Lavrov" in out


def test_json_output_is_a_valid_record(example_path):
    from stancesum.format import Record

    code, out, err = run("summarize", str(example_path), "--format", "json", "--target", "the air campaign")
    assert code == 0, err
    record = Record.from_dict(json.loads(out))
    assert record.target == "the air campaign"
    assert record.summary and record.actors
    assert record.meta["baseline"] is True
    for actor in record.actors:
        assert all(e in record.text for e in actor.evidence)


def test_html_article(tmp_path):
    page = tmp_path / "page.html"
    paragraphs = "".join(
        f"<p>Paragraph {i}: Britain said on Monday it would keep its jets in the coalition against "
        f"Islamic State, while Iran again condemned the strikes in a long statement.</p>" for i in range(6))
    page.write_text(f"<html><head><title>Jets stay</title></head><body><nav>Home | World</nav>"
                    f"<article><h1>Jets stay</h1>{paragraphs}</article></body></html>")
    code, out, err = run("summarize", str(page), "-f", "json", "--max-sentences", "2")
    assert code == 0, err
    record = json.loads(out)
    assert "<p>" not in record["text"] and "Paragraph 0" in record["text"]
    assert record["title"] == "Jets stay"
    assert len(record["summary_spans"]) == 2


def test_jsonl_batch_keeps_going_after_a_bad_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps(gold_record(id="first")), "{broken",
             json.dumps(gold_record(id="third", target="the air strikes"))]
    path.write_text("\n".join(lines) + "\n")
    code, out, err = run("summarize", str(path), "-f", "json")
    assert code == 1
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids == ["first", "third"]
    assert f"{path}:2: malformed JSON" in err
    assert "2 analysed, 1 failed" in err


def test_unknown_stance_label_in_jsonl_names_line_and_field(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(gold_record(actors=[{"name": "Iran", "stance": "against"}])) + "\n")
    code, _, err = run("summarize", str(path))
    assert code == 1
    assert f"{path}:1: field 'actors[0].stance': unknown stance label 'against'" in err


def test_stdin_text_and_markdown(article_text):
    code, out, err = run("summarize", "-", "--format", "markdown", stdin=article_text.encode())
    assert code == 0, err
    assert out.startswith("## stdin")
    assert "| Actor | Aliases | Stance | Confidence | Evidence |" in out


def test_output_file(example_path, tmp_path):
    target = tmp_path / "out.jsonl"
    code, out, err = run("summarize", str(example_path), "-f", "json", "-o", str(target))
    assert code == 0, err
    assert out == ""
    assert json.loads(target.read_text())["id"] == "coalition_article"


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty file"), (b"   \n", "empty file"), (b"caf\xe9 au lait", "not UTF-8 (invalid byte at offset 3)")],
)
def test_bad_files_give_one_error_line(tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    code, out, err = run("summarize", str(path))
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0
    assert message in err


def test_missing_input_and_missing_model_folder(example_path, tmp_path):
    code, _, err = run("summarize", str(tmp_path / "nope.txt"))
    assert code == 1 and "no such file" in err
    code, _, err = run("summarize", str(example_path), "--model", str(tmp_path / "no-model"))
    assert code == 1 and "model folder not found" in err
    assert err.strip().count("\n") == 0


def test_validate_command(jsonl_file, tmp_path):
    code, out, _ = run("validate", str(jsonl_file))
    assert code == 0 and json.loads(out) == {"valid": 3, "invalid": 0}
    bad = tmp_path / "bad.jsonl"
    bad.write_text(jsonl_file.read_text() + '{"id": "x"}\n')
    code, out, err = run("validate", str(bad))
    assert code == 1 and json.loads(out) == {"valid": 3, "invalid": 1}
    assert ":4: field 'text'" in err


def test_shipped_model_smoke(example_path):
    """The default: the fine-tuned model in models/, end to end."""
    code, out, err = run("summarize", str(example_path), "-f", "json", model=None)
    assert code == 0, err
    from stancesum.format import Record

    record = Record.from_dict(json.loads(out))
    assert record.meta["predictor"].startswith("model:stancesum-minilm@") and record.meta["baseline"] is False
    assert 1 <= len(record.summary_spans) <= 3
    assert record.actor("Russia") is not None and record.actor("Moscow") is record.actor("Russia")
    assert all(0 < a.confidence <= 1 and a.evidence for a in record.actors)
    assert not any("Subscribe" in line for line in [record.summary])
    assert "Subscribe to our newsletter" in record.meta["dropped_lines"]
