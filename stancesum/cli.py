"""Command line: `python -m stancesum summarize ARTICLE` (a thin layer over the inference API)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.table import Table

from stancesum.errors import InputError, StancesumError
from stancesum.format import DEFAULT_TARGET, Record, dumps, iter_jsonl

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="A short summary and every actor's stance toward a target, from news articles.")
err = Console(stderr=True)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def fail(message: str) -> None:
    """Print one error line and leave with a non-zero status."""
    err.print(f"stancesum: error: {message}", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(1)


def read_inputs(path: str, target: str = DEFAULT_TARGET) -> tuple[Iterator[str | Record | StancesumError], int | None]:
    """The articles in PATH (or '-' for stdin): one text/HTML article, or the records of a JSONL
    file. Returns them with their count where known (for the progress bar)."""
    if path == "-":
        raw, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(f"{path}: no such file")
        raw, name = file.read_bytes(), path
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 (invalid byte at offset {exc.start})") from None
    if not content.strip():
        raise InputError(f"{name}: empty file")
    if name.endswith(".jsonl") or (name == "<stdin>" and content.lstrip().startswith("{")):
        lines = content.splitlines()
        return iter_jsonl(name, lines), sum(1 for line in lines if line.strip())
    article_id = "stdin" if name == "<stdin>" else Path(name).stem
    return iter([Record(id=article_id, text=content, target=target)]), 1


@app.command()
def summarize(
    path: str = typer.Argument(..., help="A .txt or .html article, a .jsonl of records, or - for stdin."),
    target: str = typer.Option(DEFAULT_TARGET, help="What the actors' stance is toward (JSONL records keep their own target)."),
    max_sentences: int = typer.Option(3, min=1, help="Longest summary, in sentences."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text, json (JSONL records) or markdown."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    model: Optional[str] = typer.Option(None, help="A model folder or a baseline name (lead+rule); default: the shipped model."),
) -> None:
    """Summarise articles and give every actor's stance toward TARGET."""
    from stancesum.pipeline import StanceSummarizer

    try:
        articles, count = read_inputs(path, target)
        summarizer = StanceSummarizer.load(model)
    except StancesumError as exc:
        fail(str(exc))

    out = output.open("w", encoding="utf-8") if output else sys.stdout
    console = Console(file=out, width=140 if output else None, no_color=output is not None)
    done = failed = 0
    results = summarizer.analyze_batch(articles, target=target, max_sentences=max_sentences)
    with _progress(count) as bar:
        for result in results:
            bar.update(1)
            if isinstance(result, StancesumError):
                failed += 1
                err.print(f"stancesum: error: {result}", highlight=False, markup=False, soft_wrap=True)
                continue
            done += 1
            if format is OutputFormat.json:
                out.write(dumps(result) + "\n")
            elif format is OutputFormat.markdown:
                out.write(to_markdown(result) + "\n")
            else:
                print_text(result, console)
            out.flush()
    if count != 1 or failed:
        err.print(f"{done} analysed, {failed} failed", highlight=False)
    if output:
        out.close()
    if failed:
        raise typer.Exit(1)


@app.command()
def validate(path: Path = typer.Argument(..., help="A JSONL file in the stancesum format.")) -> None:
    """Check every record of a JSONL file against the format; print one line per bad record."""
    good = bad = 0
    try:
        for item in iter_jsonl(path):
            if isinstance(item, StancesumError):
                bad += 1
                err.print(f"stancesum: error: {item}", highlight=False, markup=False, soft_wrap=True)
            else:
                good += 1
    except StancesumError as exc:
        fail(str(exc))
    print(json.dumps({"valid": good, "invalid": bad}))
    if bad:
        raise typer.Exit(1)


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


def _progress(count: int | None):
    """A progress bar on stderr for batches; nothing for a single article."""
    if count == 1:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=count, unit="article", file=sys.stderr, disable=None)


def _stance_style(stance: str) -> str:
    return {"support": "green", "oppose": "red"}.get(stance, "yellow")


def print_text(record: Record, console: Console) -> None:
    title = record.title or record.id
    console.print(f"[bold]{title}[/bold]  (target: {record.target}; {record.meta.get('predictor')})")
    console.print(record.summary or "(no summary)", highlight=False)
    table = Table(show_lines=False, expand=False)
    for col in ("actor", "aliases", "stance", "conf.", "evidence"):
        table.add_column(col, overflow="fold")
    for a in record.actors:
        evidence = a.evidence[0] if a.evidence else ""
        if len(evidence) > 160:
            evidence = evidence[:157] + "..."
        table.add_row(a.name, ", ".join(a.aliases), f"[{_stance_style(a.stance)}]{a.stance}[/]",
                      f"{a.confidence:.2f}" if a.confidence is not None else "", evidence)
    console.print(table)
    if record.meta.get("dropped_lines"):
        console.print(f"dropped {len(record.meta['dropped_lines'])} junk line(s)", style="dim")
    console.print()


def to_markdown(record: Record) -> str:
    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = [f"## {cell(record.title or record.id)}", "", f"**Target:** {record.target} · "
             f"**Predictor:** {record.meta.get('predictor')}", "", record.summary, "",
             "| Actor | Aliases | Stance | Confidence | Evidence |", "|---|---|---|---|---|"]
    for a in record.actors:
        conf = f"{a.confidence:.2f}" if a.confidence is not None else ""
        lines.append(f"| {cell(a.name)} | {cell(', '.join(a.aliases))} | {a.stance} | {conf} | "
                     f"{cell(a.evidence[0] if a.evidence else '')} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    app()
