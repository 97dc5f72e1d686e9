"""The one dataset format: JSON Lines, one article per line.

The same record is a training example, an evaluation gold item and an inference result (with the
predictions filled in). Every read and write goes through this module, which validates each record
and names the line and field that is wrong. See docs/format.md for the full description.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from stancesum.errors import FormatError, InputError

STANCES = ("support", "oppose", "neutral")
DEFAULT_TARGET = "the coalition"


@dataclass
class Mention:
    """One occurrence of an actor: its surface text, character offsets and sentence index."""

    text: str
    start: int
    end: int
    sentence: int


@dataclass
class Actor:
    """An actor and its stance toward the record's target."""

    name: str
    stance: str
    aliases: list[str] = field(default_factory=list)
    confidence: float | None = None  # None in gold data; a probability in predictions
    evidence: list[str] = field(default_factory=list)  # sentences of the text, the decisive one first
    kind: str | None = None  # person, org, gpe, group
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Record:
    """One article, with gold labels or predictions."""

    id: str
    text: str
    target: str = DEFAULT_TARGET
    title: str | None = None
    summary: str = ""
    # Extractive labels: [start, end) character spans of text sentences that make up the summary.
    summary_spans: list[list[int]] | None = None
    # Indices into text.split("\n") of lines that are not part of the story (gold or predicted).
    junk_lines: list[int] | None = None
    actors: list[Actor] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> "Record":
        """Build a validated record; raises FormatError naming the first bad field."""
        return _parse_record(data)

    def actor(self, name: str) -> Actor | None:
        """The actor with this canonical name or alias (case-insensitive), if any."""
        wanted = name.casefold()
        for actor in self.actors:
            if actor.name.casefold() == wanted or wanted in (a.casefold() for a in actor.aliases):
                return actor
        return None


# --- validation -------------------------------------------------------------------------------

_RECORD_KEYS = {f for f in Record.__dataclass_fields__}
_ACTOR_KEYS = {f for f in Actor.__dataclass_fields__}


def _require(cond: bool, fld: str, problem: str) -> None:
    if not cond:
        raise FormatError(f"field '{fld}': {problem}", field=fld)


def _str(data: dict, key: str, fld: str, *, optional: bool = False, nonempty: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    _require(isinstance(value, str), fld, f"expected a string, got {type(value).__name__}")
    if nonempty:
        _require(value.strip() != "", fld, "is empty")
    return value


def _str_list(data: dict, key: str, fld: str) -> list[str]:
    value = data.get(key) or []
    _require(isinstance(value, list), fld, f"expected a list of strings, got {type(value).__name__}")
    for i, item in enumerate(value):
        _require(isinstance(item, str), f"{fld}[{i}]", f"expected a string, got {type(item).__name__}")
    return list(value)


def _parse_actor(data: Any, fld: str) -> Actor:
    _require(isinstance(data, dict), fld, f"expected an object, got {type(data).__name__}")
    unknown = set(data) - _ACTOR_KEYS
    _require(not unknown, fld, f"unknown key(s) {sorted(unknown)}")
    name = _str(data, "name", f"{fld}.name", nonempty=True)
    stance = data.get("stance")
    _require(
        stance in STANCES,
        f"{fld}.stance",
        f"unknown stance label {stance!r} (expected one of {', '.join(STANCES)})",
    )
    confidence = data.get("confidence")
    if confidence is not None:
        _require(
            isinstance(confidence, (int, float)) and not isinstance(confidence, bool) and 0 <= confidence <= 1,
            f"{fld}.confidence",
            f"expected a number in [0, 1] or null, got {confidence!r}",
        )
        confidence = float(confidence)
    mentions = []
    raw_mentions = data.get("mentions") or []
    _require(isinstance(raw_mentions, list), f"{fld}.mentions", "expected a list")
    for j, m in enumerate(raw_mentions):
        mfld = f"{fld}.mentions[{j}]"
        _require(isinstance(m, dict) and set(m) == {"text", "start", "end", "sentence"}, mfld,
                 "expected an object with text, start, end, sentence")
        _require(all(isinstance(m[k], int) for k in ("start", "end", "sentence")), mfld,
                 "start, end and sentence must be integers")
        mentions.append(Mention(**m))
    return Actor(
        name=name,
        stance=stance,
        aliases=_str_list(data, "aliases", f"{fld}.aliases"),
        confidence=confidence,
        evidence=_str_list(data, "evidence", f"{fld}.evidence"),
        kind=_str(data, "kind", f"{fld}.kind", optional=True),
        mentions=mentions,
    )


def _parse_record(data: Any) -> Record:
    _require(isinstance(data, dict), "<record>", f"expected a JSON object, got {type(data).__name__}")
    unknown = set(data) - _RECORD_KEYS
    _require(not unknown, "<record>", f"unknown key(s) {sorted(unknown)}")
    rid = data.get("id")
    _require(isinstance(rid, (str, int)) and not isinstance(rid, bool) and str(rid).strip() != "",
             "id", "missing or empty")
    text = _str(data, "text", "text", nonempty=True)
    target = data.get("target", DEFAULT_TARGET)
    _require(isinstance(target, str) and target.strip() != "", "target", "expected a non-empty string")
    summary = data.get("summary") or ""
    _require(isinstance(summary, str), "summary", f"expected a string, got {type(summary).__name__}")

    spans = data.get("summary_spans")
    if spans is not None:
        _require(isinstance(spans, list), "summary_spans", "expected a list of [start, end] pairs")
        for i, span in enumerate(spans):
            ok = (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)
                  and 0 <= span[0] < span[1] <= len(text))
            _require(ok, f"summary_spans[{i}]", f"expected [start, end] inside the text, got {span!r}")

    junk = data.get("junk_lines")
    if junk is not None:
        n_lines = text.count("\n") + 1
        _require(isinstance(junk, list), "junk_lines", "expected a list of line indices")
        for i, j in enumerate(junk):
            _require(isinstance(j, int) and not isinstance(j, bool) and 0 <= j < n_lines,
                     f"junk_lines[{i}]", f"expected a line index in [0, {n_lines}), got {j!r}")

    raw_actors = data.get("actors") or []
    _require(isinstance(raw_actors, list), "actors", "expected a list")
    actors = [_parse_actor(a, f"actors[{i}]") for i, a in enumerate(raw_actors)]
    names = [a.name.casefold() for a in actors]
    dup = next((n for n in names if names.count(n) > 1), None)
    _require(dup is None, "actors", f"actor {dup!r} appears twice; merge its aliases into one entry")

    meta = data.get("meta") or {}
    _require(isinstance(meta, dict), "meta", "expected an object")
    if "split" in meta:
        _require(meta["split"] in ("train", "dev", "test"), "meta.split",
                 f"expected train, dev or test, got {meta['split']!r}")

    return Record(
        id=str(rid), text=text, target=target, title=_str(data, "title", "title", optional=True),
        summary=summary, summary_spans=spans, junk_lines=junk, actors=actors, meta=meta,
    )


# --- reading and writing ----------------------------------------------------------------------


def iter_jsonl(path: str | Path | None, lines: Iterable[str] | None = None) -> Iterator[Record | FormatError]:
    """Yield a Record, or the FormatError of a bad line, for every non-blank line.

    A bad line never stops the stream, so a batch keeps its good records. Pass `lines` to read
    from an open stream (e.g. stdin) and `path` only to name it in errors.
    """
    name = str(path) if path is not None else "<stdin>"
    if lines is None:
        lines = _read_lines(Path(path))
    seen_any = False
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        seen_any = True
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield FormatError(f"malformed JSON ({exc.msg} at column {exc.colno})", path=name, line=lineno)
            continue
        try:
            yield _parse_record(data)
        except FormatError as exc:
            yield exc.at(name, lineno)
    if not seen_any:
        yield FormatError("empty file: no records", path=name)


def read_jsonl(path: str | Path) -> list[Record]:
    """Read every record of a file; raise the first FormatError (for training and eval data)."""
    records = []
    for item in iter_jsonl(path):
        if isinstance(item, FormatError):
            raise item
        records.append(item)
    return records


def write_jsonl(records: Iterable[Record], path: str | Path) -> int:
    """Validate and write records; returns how many were written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(dumps(record) + "\n")
            n += 1
    return n


def dumps(record: Record) -> str:
    """One validated JSON line for a record."""
    data = record.to_dict()
    _parse_record(data)  # a record built in code is held to the same rules as one read from disk
    return json.dumps(data, ensure_ascii=False)


def to_dataset(records: Iterable[Record]):
    """A `datasets.Dataset` with one row per record (meta is kept as a JSON string column)."""
    from datasets import Dataset

    rows = []
    for r in records:
        row = r.to_dict()
        row["meta"] = json.dumps(row["meta"], ensure_ascii=False)
        rows.append(row)
    return Dataset.from_list(rows)


def load_dataset(path: str | Path):
    """Read and validate a JSONL file in the one format into a `datasets.Dataset`."""
    return to_dataset(read_jsonl(path))


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (invalid byte at offset {exc.start})") from None
