import json

import pytest

from conftest import gold_record
from stancesum.errors import FormatError, InputError
from stancesum.format import Record, dumps, iter_jsonl, load_dataset, read_jsonl, write_jsonl


def test_round_trip_keeps_every_field(tmp_path, gold):
    record = Record.from_dict(gold)
    path = tmp_path / "out.jsonl"
    assert write_jsonl([record, record], path) == 2
    again = read_jsonl(path)
    assert again == [record, record]
    assert again[0].actor("Britain").stance == "support"
    assert again[0].actors[1].aliases == []


def test_defaults_fill_target_and_summary():
    record = Record.from_dict({"id": 7, "text": "Some text."})
    assert (record.id, record.target, record.summary, record.actors) == ("7", "the coalition", "", [])


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"id": ""}, "id", "missing or empty"),
        ({"text": "  "}, "text", "is empty"),
        ({"text": 5}, "text", "expected a string"),
        ({"target": ""}, "target", "non-empty"),
        ({"summary": ["a"]}, "summary", "expected a string"),
        ({"junk_lines": [99]}, "junk_lines[0]", "line index"),
        ({"summary_spans": [[5, 2]]}, "summary_spans[0]", "inside the text"),
        ({"meta": {"split": "validation"}}, "meta.split", "train, dev or test"),
        ({"colour": "red"}, "<record>", "unknown key"),
        ({"actors": [{"name": "Iran", "stance": "pro"}]}, "actors[0].stance", "unknown stance label 'pro'"),
        ({"actors": [{"name": "Iran"}]}, "actors[0].stance", "unknown stance label None"),
        ({"actors": [{"name": "", "stance": "oppose"}]}, "actors[0].name", "is empty"),
        ({"actors": [{"name": "Iran", "stance": "oppose", "confidence": 1.5}]}, "actors[0].confidence", "[0, 1]"),
        ({"actors": [{"name": "Iran", "stance": "oppose", "aliases": "Tehran"}]}, "actors[0].aliases", "list"),
        ({"actors": [{"name": "Iran", "stance": "oppose", "evidence": [3]}]}, "actors[0].evidence[0]", "string"),
        ({"actors": [{"name": "Iran", "stance": "oppose", "side": "x"}]}, "actors[0]", "unknown key"),
        ({"actors": [{"name": "Iran", "stance": "oppose"}, {"name": "iran", "stance": "neutral"}]}, "actors", "twice"),
    ],
)
def test_validation_names_the_field(change, field, words):
    with pytest.raises(FormatError) as info:
        Record.from_dict(gold_record(**change))
    assert info.value.field == field
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_malformed_line_is_reported_with_its_number_and_the_rest_survive(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [json.dumps(gold_record(id="a")), "{not json", "",
             json.dumps(gold_record(id="b", actors=[{"name": "X", "stance": "maybe"}])),
             json.dumps(gold_record(id="c"))]
    path.write_text("\n".join(lines) + "\n")
    items = list(iter_jsonl(path))
    assert [i.id for i in items if isinstance(i, Record)] == ["a", "c"]
    errors = [str(i) for i in items if isinstance(i, FormatError)]
    assert errors[0].startswith(f"{path}:2: malformed JSON")
    assert errors[1].startswith(f"{path}:4: field 'actors[0].stance': unknown stance label 'maybe'")
    with pytest.raises(FormatError, match=":2: malformed JSON"):
        read_jsonl(path)


def test_empty_and_non_utf8_files(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    with pytest.raises(FormatError, match="empty file"):
        read_jsonl(empty)
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"id": "1", "text": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_jsonl(latin)
    with pytest.raises(InputError, match="no such file"):
        read_jsonl(tmp_path / "missing.jsonl")


def test_writing_an_invalid_record_fails():
    record = Record.from_dict(gold_record())
    record.actors[0].stance = "favour"
    with pytest.raises(FormatError, match="unknown stance label 'favour'"):
        dumps(record)


def test_loads_into_a_datasets_dataset(jsonl_file):
    ds = load_dataset(jsonl_file)
    assert ds.num_rows == 3
    assert ds[0]["actors"][0]["name"] == "United Kingdom"
    assert json.loads(ds[0]["meta"])["split"] == "train"
