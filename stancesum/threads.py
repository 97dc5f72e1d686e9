"""How many CPU threads torch uses while stancesum runs a model.

By default stancesum leaves torch's own setting alone: one thread per core, or what the user set
with `torch.set_num_threads` / `OMP_NUM_THREADS`. `STANCESUM_THREADS=N` pins stancesum's passes to
N threads. Use 1 on a machine shared with other CPU-heavy work: there, OpenMP threads wait at each
barrier for busy cores (a MiniLM pass over one 400-token window took 1.09 s on two threads against
0.09 s on one, measured on this 2-core machine while a training run held both cores).
"""

from __future__ import annotations

import os
from contextlib import contextmanager

from stancesum.errors import StancesumError


def inference_threads() -> int | None:
    """$STANCESUM_THREADS as a positive int, or None (torch's setting)."""
    value = os.environ.get("STANCESUM_THREADS", "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise StancesumError(f"STANCESUM_THREADS must be a positive integer, got {value!r}")
    return int(value)


@contextmanager
def torch_threads(n: int | None = None):
    """Run the block on n torch threads (default: $STANCESUM_THREADS, else leave torch alone)."""
    import torch

    n = n if n is not None else inference_threads()
    before = torch.get_num_threads()
    if n is not None:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        if n is not None:
            torch.set_num_threads(before)
