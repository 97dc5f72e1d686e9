"""Train the stancesum model from a config: python -m training.train --config training/configs/minilm.yaml

Seeded, checkpointed every few steps and resumable (rerun the same command), logs loss and dev
metrics, and exports the model folder (fp16 safetensors, tokenizer, configs, checksums, model card).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shlex
import sys
import time
from dataclasses import replace
from pathlib import Path

import torch
import yaml
from sklearn.metrics import f1_score
from tqdm import tqdm

from stancesum.format import STANCES, read_jsonl
from stancesum.model import Features, HeadsConfig, StanceSumModel, collate, encode
from stancesum.rouge import rouge_scores
from stancesum.weights import base_model_dir
from training import data
from training.card import write_card

ROOT = Path(__file__).resolve().parent.parent
TASKS = ("summary", "stance_articles", "stance_texts")
SHORT_TOKENS = 160


def load_config(path: str | Path) -> dict:
    return yaml.safe_load(Path(path).read_text())


def prepare(cfg: dict, model: StanceSumModel, train_cfg: HeadsConfig) -> dict[str, list[Features]]:
    """Examples for each task. Each data entry is cached (parsing thousands of articles is slow) in
    `cache_dir` (default: the run folder), keyed by the entry, the seed, the window size and a
    corpus file's content."""
    summary, stance = [], []
    for kind, make, specs in (("summary", data.summary_example, cfg["summary_data"]),
                              ("stance", data.stance_example, cfg["stance_data"])):
        for spec in specs:
            content = hashlib.sha256((ROOT / spec["corpus"]).read_bytes()).hexdigest() if "corpus" in spec else ""
            key = hashlib.sha256(json.dumps([kind, spec, cfg["seed"], cfg["train_max_length"], content],
                                            sort_keys=True).encode()).hexdigest()[:16]
            cache = ROOT / cfg.get("cache_dir", Path(cfg["run_dir"]) / "examples") / f"{kind}-{key}.pt"
            if cache.exists():
                feats = torch.load(cache, weights_only=False)
            else:
                records = data.read_source(spec, ROOT, cfg["seed"])
                feats = data.build(records, make, model.tokenizer, train_cfg, f"{kind} {json.dumps(spec)}")
                cache.parent.mkdir(parents=True, exist_ok=True)
                torch.save(feats, cache)
            # `repeat` up-weights a small set (the corpus) against the large public ones.
            (summary if kind == "summary" else stance).extend(feats * int(spec.get("repeat", 1)))
    # Short texts (sentences) go in large batches of their own, so they are not padded to article length.
    short = [len(f.input_ids) == 1 and len(f.input_ids[0]) <= SHORT_TOKENS for f in stance]
    return {"summary": summary,
            "stance_articles": [f for f, s in zip(stance, short) if not s],
            "stance_texts": [f for f, s in zip(stance, short) if s]}


def task_cycle(tasks: list[str], mix: dict[str, int] | None) -> list[str]:
    """The order tasks take turns in: each task `mix[task]` times per cycle (default once)."""
    return [t for t in tasks for _ in range(int((mix or {}).get(t, 1)))]


def batch_for(examples: list[Features], size: int, k: int, seed: int) -> list[Features]:
    """The k-th batch of a task: a seeded reshuffle each epoch, so a resumed run sees the same data."""
    per_epoch = max(len(examples) // size, 1)
    epoch, i = divmod(k, per_epoch)
    order = list(range(len(examples)))
    random.Random(seed * 1000 + epoch).shuffle(order)
    return [examples[j] for j in order[i * size:(i + 1) * size]]


def loss_of(net, batch: list[Features]) -> torch.Tensor:
    b = collate(batch)
    out = net(b)
    losses = []
    labels = b["sentence_labels"]
    if (labels >= 0).any():
        keep = labels >= 0
        losses.append(torch.nn.functional.binary_cross_entropy_with_logits(out["sentence_scores"][keep], labels[keep]))
    if "actor_logits" in out and (b["actor_labels"] >= 0).any():
        keep = b["actor_labels"] >= 0
        losses.append(torch.nn.functional.cross_entropy(out["actor_logits"][keep], b["actor_labels"][keep]))
    return sum(losses)


@torch.inference_mode()
def evaluate(model: StanceSumModel, dev: list, cfg: HeadsConfig) -> dict:
    """Dev metrics: stance macro-F1 on gold actors, ROUGE of the selected sentences, and the logits
    and labels that temperature scaling is fitted on."""
    model.net.eval()
    gold, pred, logits, refs, summaries = [], [], [], [], []
    for record in dev:
        article = data.read_record(record)
        feats = data.stance_example(record, model.tokenizer, cfg, article)
        if feats is None and not record.summary:
            continue
        # One pass serves both heads: the actors' mentions do not change what the encoder reads.
        out = model.net(collate([feats or encode(model.tokenizer, article, [], record.target, cfg)]))
        if feats is not None:
            logits.append(out["actor_logits"])
            gold += feats.actor_labels
            pred += out["actor_logits"].argmax(-1).tolist()
        if record.summary:
            picked = model.select(article, out["sentence_scores"].tolist(), 3)
            summaries.append("\n".join(article.sentences[i].text for i in picked))
            refs.append(record.summary)
    model.net.train()
    result = {"stance_macro_f1": f1_score(gold, pred, average="macro", labels=[0, 1, 2]) if gold else None,
              "stance_accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else None,
              "n_actors": len(gold), "n_summaries": len(refs)}
    if refs:
        result.update(rouge_scores(summaries, refs))
    result["_logits"] = torch.cat(logits) if logits else torch.zeros(0, 3)
    result["_labels"] = torch.tensor(gold, dtype=torch.long)
    return result


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Temperature scaling (Guo et al. 2017): the T minimising dev NLL, on a log grid."""
    if len(labels) == 0:
        return 1.0
    grid = [math.exp(x) for x in torch.linspace(math.log(0.25), math.log(8.0), 80).tolist()]
    nll = [torch.nn.functional.cross_entropy(logits / t, labels).item() for t in grid]
    return grid[min(range(len(grid)), key=nll.__getitem__)]


def train(config_path: str, base_model: str | None = None, steps: int | None = None,
          prepare_only: bool = False) -> Path | None:
    cfg = load_config(config_path)
    if steps is not None:
        cfg["steps"] = steps
    seed = cfg["seed"]
    random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(max(torch.get_num_threads(), 1))
    run_dir = ROOT / cfg["run_dir"]
    run_dir.mkdir(parents=True, exist_ok=True)
    heads = HeadsConfig(**cfg.get("heads", {}))
    if cfg.get("init"):  # a second stage: start from a model this script exported
        model = StanceSumModel.load(ROOT / cfg["init"])
        init_run = {**model.net.cfg.trained_on, "path": cfg["init"]}  # its own `init` stays: a chain of stages
        model.net.cfg = heads = replace(model.net.cfg, **cfg.get("heads", {}))
    else:
        model = StanceSumModel.from_base(base_model_dir(base_model or cfg.get("base_model")), heads)
        init_run = None
    train_cfg = replace(heads, max_length=cfg["train_max_length"], overlap=min(heads.overlap, cfg["train_max_length"] // 4))
    net = model.net.train()
    if cfg.get("freeze_embeddings"):
        net.encoder.embeddings.requires_grad_(False)
    examples = prepare(cfg, model, train_cfg)
    if prepare_only:
        return None
    dev = read_jsonl(ROOT / cfg["dev"]) if cfg.get("dev") else []
    sizes = {"summary": cfg["batch"]["summary"], "stance_articles": cfg["batch"]["stance_articles"],
             "stance_texts": cfg["batch"]["stance_texts"]}
    tasks = task_cycle([t for t in TASKS if examples[t]], cfg.get("mix"))
    print(json.dumps({t: len(examples[t]) for t in TASKS}), file=sys.stderr)

    encoder_params = [p for p in net.encoder.parameters() if p.requires_grad]
    head_params = [p for n, p in net.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW([{"params": encoder_params, "lr": cfg["lr"]},
                                   {"params": head_params, "lr": cfg["head_lr"]}], weight_decay=0.01)
    total = cfg["steps"]
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / cfg["warmup"], max(0.0, (total - s) / max(total - cfg["warmup"], 1))))

    checkpoint, best = run_dir / "checkpoint.pt", run_dir / "best.pt"
    select_on = cfg.get("select_on")  # a dev metric: export the checkpoint that scored best on it
    start, history = 0, []
    if checkpoint.exists():  # resume
        state = torch.load(checkpoint, weights_only=False)
        net.load_state_dict(state["net"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        start, history = state["step"], state["history"]
        torch.set_rng_state(state["torch_rng"])
        print(f"resuming at step {start}", file=sys.stderr)

    log = (run_dir / "log.jsonl").open("a")
    bar = tqdm(range(start, total), initial=start, total=total, desc="train", unit="step")
    running = None
    for step in bar:
        task = tasks[step % len(tasks)]
        turn = tasks[:step % len(tasks)].count(task) + tasks.count(task) * (step // len(tasks))
        batch = batch_for(examples[task], sizes[task], turn, seed + TASKS.index(task))
        loss = loss_of(net, batch)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        running = loss.item() if running is None else 0.95 * running + 0.05 * loss.item()
        bar.set_postfix(loss=f"{running:.3f}", task=task)
        log.write(json.dumps({"step": step + 1, "task": task, "loss": round(loss.item(), 4), "time": time.time()}) + "\n")
        done = step + 1
        if dev and (done % cfg["eval_every"] == 0 or done == total):
            metrics = {k: v for k, v in evaluate(model, dev, heads).items() if not k.startswith("_")}
            history.append({"step": done, **metrics})
            log.write(json.dumps({"step": done, "dev": metrics}) + "\n")
            bar.write(f"step {done} dev: {json.dumps(metrics)}")
            if select_on and metrics[select_on] >= max(h[select_on] for h in history):
                torch.save({"net": net.state_dict(), "step": done}, best)
        if done % cfg["checkpoint_every"] == 0 or done == total:
            torch.save({"net": net.state_dict(), "optimizer": optimizer.state_dict(),
                        "schedule": schedule.state_dict(), "step": done, "history": history,
                        "torch_rng": torch.get_rng_state()}, checkpoint)
        log.flush()
    log.close()

    exported_step = total
    if select_on and best.exists():
        state = torch.load(best, weights_only=False)
        net.load_state_dict(state["net"])
        exported_step = state["step"]
        print(f"exporting the step-{exported_step} checkpoint (best dev {select_on})", file=sys.stderr)
    final = evaluate(model, dev, heads) if dev else {"_logits": torch.zeros(0, 3), "_labels": torch.zeros(0)}
    net.cfg.temperature = round(fit_temperature(final["_logits"], final["_labels"]), 4)
    net.cfg.trained_on = {
        "config": str(Path(config_path)), "seed": seed, "steps": total,
        "exported_step": exported_step,
        "command": "python -m training.train " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
        "summary_data": cfg["summary_data"], "stance_data": cfg["stance_data"],
        "examples": {t: len(examples[t]) for t in TASKS},
        "dev": {k: v for k, v in final.items() if not k.startswith("_")},
    }
    if init_run:
        net.cfg.trained_on["init"] = init_run
    output = ROOT / cfg["output"]
    model.save(output)
    write_card(output)
    print(f"exported {output}", file=sys.stderr)
    return output


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--base-model", help="a local encoder folder instead of the pinned MiniLM")
    parser.add_argument("--steps", type=int, help="override the config's step count")
    parser.add_argument("--prepare-only", action="store_true", help="build and cache the examples, then stop")
    args = parser.parse_args(argv)
    train(args.config, args.base_model, args.steps, args.prepare_only)


if __name__ == "__main__":
    main()
