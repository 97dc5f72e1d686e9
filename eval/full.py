"""`python -m eval full`: the whole report in one command: the corpus test split (`run`), the public
data sets (`public`) and the benchmark (`bench`), each in its own folder under --out."""

from __future__ import annotations

import argparse
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default=None, help="model folder or baseline name; default: the shipped model")
    p.add_argument("--out", type=Path, default=Path("reports"), help="parent folder of the three reports")
    p.add_argument("--limit", action="append", default=[], metavar="N|NAME=N",
                   help="passed to `public`: a seeded sample per data set (default: every record)")
    p.add_argument("--no-textrank", action="store_true", help="leave out the TextRank baseline")


def steps(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    """The three commands, as the argument lists their own parsers take."""
    model = ["--model", args.model] if args.model else []
    textrank = ["--no-textrank"] if args.no_textrank else []
    limits = [x for n in args.limit for x in ("--limit", n)]
    return [
        ("run", ["--data", str(CORPUS / "test.jsonl"), "--train", str(CORPUS / "train.jsonl"),
                 "--out", str(args.out / "corpus-test"), *model, *textrank]),
        ("public", ["--out", str(args.out / "public"), *model, *limits, *textrank]),
        ("bench", ["--out", str(args.out / "bench"), *model]),
    ]


def main(args: argparse.Namespace) -> None:
    from eval import bench, public, run

    modules = {"run": run, "public": public, "bench": bench}
    for name, argv in steps(args):
        parser = argparse.ArgumentParser(prog=f"python -m eval {name}")
        modules[name].add_arguments(parser)
        print(f"python -m eval {name} {' '.join(argv)}", flush=True)
        modules[name].main(parser.parse_args(argv))
