"""STANCESUM_THREADS pins torch's threads for stancesum's passes; unset, torch's setting is kept."""

import pytest
import torch

from stancesum import StancesumError
from stancesum.threads import torch_threads


def test_threads_follow_the_environment_and_are_restored(monkeypatch):
    before = torch.get_num_threads()
    monkeypatch.delenv("STANCESUM_THREADS", raising=False)
    with torch_threads():
        assert torch.get_num_threads() == before
    monkeypatch.setenv("STANCESUM_THREADS", "1")
    with torch_threads():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


def test_a_bad_thread_count_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("STANCESUM_THREADS", "two")
    with pytest.raises(StancesumError, match="STANCESUM_THREADS must be a positive integer, got 'two'"):
        with torch_threads():
            pass
