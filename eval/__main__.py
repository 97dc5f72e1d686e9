"""`python -m eval run|public|bench|full|budget`: every number in the README or a model card comes from here."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    from eval import bench, budget, full, public, run

    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module, help_text in [
        ("run", run, "score a predictor and the baselines on gold JSONL files in the one format"),
        ("public", public, "the public data sets under ../shared/data, with published anchors"),
        ("bench", bench, "speed and memory on 2 CPU threads"),
        ("full", full, "the whole report: run on the corpus test split, public, bench"),
        ("budget", budget, "choose the summary word budget on held-out CNN/DM articles"),
    ]:
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(func=module.main)
    args = parser.parse_args(argv)
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
