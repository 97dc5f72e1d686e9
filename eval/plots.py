"""PNG plots beside a report: confusion-matrix heatmaps and calibration curves (headless)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on servers and in CI
import matplotlib.pyplot as plt  # noqa: E402

from stancesum.format import STANCES  # noqa: E402


def confusion_png(systems: dict[str, dict], path: Path, title: str = "") -> Path:
    """One heatmap per system: rows gold, columns predicted; colour = share of the gold row,
    numbers = counts."""
    n = len(systems)
    fig, axes = plt.subplots(1, n, figsize=(3.6 * n, 3.6), squeeze=False)
    for ax, (label, m) in zip(axes[0], systems.items()):
        counts = m["confusion"]
        shares = [[c / max(sum(row), 1) for c in row] for row in counts]
        ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
        for i, row in enumerate(counts):
            for j, c in enumerate(row):
                ax.text(j, i, str(c), ha="center", va="center", color="white" if shares[i][j] > 0.6 else "black")
        ax.set_xticks(range(len(STANCES)), STANCES, rotation=30)
        ax.set_yticks(range(len(STANCES)), STANCES)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        ax.set_title(f"{_short(label)}\nmacro-F1 {m['macro_f1']:.3f}", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def calibration_png(systems: dict[str, dict], path: Path, title: str = "") -> Path:
    """Reliability diagram: accuracy against mean confidence per confidence bin, one line per
    system (marker size ~ pairs in the bin); the diagonal is perfect calibration."""
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="perfectly calibrated")
    for label, m in systems.items():
        bins = m.get("reliability") or []
        if not bins:
            continue
        total = sum(b["n"] for b in bins)
        (line,) = ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], marker="o", lw=1.2,
                          label=f"{_short(label)} (ECE {m['ece']:.3f})")
        ax.scatter([b["confidence"] for b in bins], [b["accuracy"] for b in bins],
                   s=[10 + 200 * b["n"] / total for b in bins], alpha=0.3, color=line.get_color())
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title(title or "calibration", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _short(label: str) -> str:
    return label if len(label) <= 34 else label[:31] + "…"
