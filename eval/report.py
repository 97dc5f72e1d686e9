"""Reports: the JSON every number comes from, and the markdown tables people read."""

from __future__ import annotations

import json
import os
import platform
import shlex
import sys
from datetime import datetime, timezone
from pathlib import Path

from stancesum import __version__
from stancesum.format import STANCES


def command_line() -> str:
    """The command as it was typed (for `python -m eval ...`)."""
    args = sys.argv[1:]
    prog = "python -m eval" if sys.argv[0].endswith(("eval/__main__.py", "-m")) else Path(sys.argv[0]).name
    return " ".join([prog, *map(shlex.quote, args)])


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def provenance(command: str | None = None) -> dict:
    """What a report needs to be rerun and compared: command, time, versions, machine."""
    return {
        "command": command or command_line(),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "stancesum": __version__,
        "python": platform.python_version(),
        "machine": f"{cpu_model()}, {os.cpu_count()} cores",
    }


def write_json(data: dict, path: Path) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _f(x, digits=1, scale=1.0) -> str:
    return "—" if x is None else f"{x * scale:.{digits}f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def margin(gap: dict | None) -> str:
    """A `metrics.paired_bootstrap` result as "+d.dd (+l.ll to +h.hh)"; empty where there is none."""
    if not gap:
        return ""
    return f"{gap['diff']:+.2f} ({gap['low']:+.2f} to {gap['high']:+.2f})"


def summary_table(section: dict, anchors: list[tuple] = ()) -> str:
    """ROUGE F1 ×100 per system, and the model's R-1 margin over each (paired bootstrap, 95 %);
    published anchors (name, R-1, R-2, R-L) as extra rows."""
    rows = []
    for label, m in section["systems"].items():
        rows.append([label, _f(m["rouge1"], 2), _f(m["rouge2"], 2), _f(m["rougeLsum"], 2), _f(m["words"]),
                     _f(m.get("junk_share"), 1, 100) if "junk_share" in m else "—",
                     margin(m.get("model_minus", {}).get("rouge1"))])
    for name, r1, r2, rl in anchors:
        rows.append([f"*{name}*", f"*{r1:.2f}*", f"*{r2:.2f}*", f"*{rl:.2f}*", "", "", ""])
    return table(["system", "R-1", "R-2", "R-Lsum", "words", "junk sentences %", "model R-1 − this (95 % CI)"], rows)


def stance_table(section: dict, anchors: list[tuple] = ()) -> str:
    """Accuracy, macro-F1, per-class F1 and ECE per system (×100 except ECE); anchors as
    (name, macro-F1 ×100)."""
    rows = []
    for label, m in section["systems"].items():
        rows.append([label, _f(m["accuracy"], 1, 100), _f(m["macro_f1"], 1, 100),
                     *(_f(m["f1"][s], 1, 100) for s in STANCES), _f(m["ece"], 3)])
    for name, f1m in anchors:
        rows.append([f"*{name}*", "", f"*{f1m:.1f}*", "", "", "", ""])
    return table(["system", "accuracy", "macro-F1", *(f"F1 {s}" for s in STANCES), "ECE"], rows)


def breakdown_tables(section: dict) -> str:
    """Macro-F1 ×100 (pairs) per group of each breakdown, systems as columns."""
    parts = []
    systems = list(section["systems"])
    for key, groups in section["breakdown"].items():
        rows = [[group, str(next(iter(per.values()))["n"]),
                 *(_f(per[s]["macro_f1"], 1, 100) if s in per else "—" for s in systems)]
                for group, per in groups.items()]
        parts.append(f"By {key} (macro-F1):\n\n" + table([key, "pairs", *systems], rows))
    return "\n\n".join(parts)


def support_line(section: dict) -> str:
    first = next(iter(section["systems"].values()))
    return ", ".join(f"{s} {first['support'][s]}" for s in STANCES)


def prf_table(m: dict, what: str) -> str:
    return table(["", "precision", "recall", "F1", "predicted", "gold", "records"],
                 [[what, _f(m["precision"], 1, 100), _f(m["recall"], 1, 100), _f(m["f1"], 1, 100),
                   str(m["n_pred"]), str(m["n_gold"]), str(m["n"])]])
