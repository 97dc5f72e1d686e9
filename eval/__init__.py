"""Evaluation harness: `python -m eval run|public|bench` (see docs/eval.md)."""
