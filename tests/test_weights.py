import pytest

from stancesum.errors import ModelError
from stancesum.weights import BASE_MODEL_SHA256, base_model_dir, sha256_file


def test_pinned_base_model_is_found_and_verified():
    folder = base_model_dir()
    assert sha256_file(folder / "model.safetensors") == BASE_MODEL_SHA256
    assert (folder / "tokenizer.json").is_file()


def test_a_local_folder_with_checksums_is_accepted(tiny_bert):
    assert base_model_dir(tiny_bert) == tiny_bert


def test_tampered_weights_are_refused(tiny_bert, tmp_path):
    import shutil

    copy = tmp_path / "tampered"
    shutil.copytree(tiny_bert, copy)
    with (copy / "model.safetensors").open("r+b") as fh:
        fh.seek(-8, 2)
        fh.write(b"\x00" * 8)
    with pytest.raises(ModelError, match="does not match"):
        base_model_dir(copy)


def test_missing_files_are_named(tiny_bert, tmp_path):
    with pytest.raises(ModelError, match="no config.json"):
        base_model_dir(tmp_path)
    import shutil

    copy = tmp_path / "incomplete"
    shutil.copytree(tiny_bert, copy)
    (copy / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="missing model file"):
        base_model_dir(copy)
