"""How many CPU threads torch may use while stancesum runs a model."""

from __future__ import annotations

from contextlib import contextmanager

# One thread by default. On a 2-core machine with any other work running, a second OpenMP thread
# waiting at each barrier made a MiniLM pass over one 400-token window 11x slower (1.09 s against
# 0.09 s, measured here); on an idle machine two threads gain little on batches this small.
INFERENCE_THREADS = 1


@contextmanager
def torch_threads(n: int = INFERENCE_THREADS):
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
