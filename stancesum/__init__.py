"""stancesum: a short summary and every actor's stance toward a target, from one news article.

    from stancesum import StanceSummarizer
    result = StanceSummarizer.load().analyze(text, target="the coalition")
"""

from stancesum.errors import FormatError, InputError, ModelError, StancesumError
from stancesum.format import Actor, Record, load_dataset, read_jsonl, write_jsonl
from stancesum.pipeline import StanceSummarizer

__version__ = "0.1.0"
__all__ = [
    "Actor", "FormatError", "InputError", "ModelError", "Record", "StanceSummarizer",
    "StancesumError", "load_dataset", "read_jsonl", "write_jsonl",
]
