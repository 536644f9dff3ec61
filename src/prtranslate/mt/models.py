"""Which translation model to use, and where its files are.

The model is chosen by ``--model`` (a folder or a Hugging Face hub id), else by the environment
variable of the direction (``PRTRANSLATE_MODEL_KO_EN``, ``PRTRANSLATE_MODEL_EN_KO``), else the
default OPUS-MT model. A hub id is looked up in the Hugging Face cache first; the hub itself is
asked only when the machine is not marked offline (``HF_HUB_OFFLINE=1``). When nothing is found,
:class:`~prtranslate.errors.ModelError` says in one line what was tried and how to get a model.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from prtranslate.errors import ModelError

DEFAULT_MODELS: dict[tuple[str, str], str] = {
    ("ko", "en"): "Helsinki-NLP/opus-mt-tc-big-ko-en",
    ("en", "ko"): "Helsinki-NLP/opus-mt-tc-big-en-ko",
}
ENV_VARS: dict[tuple[str, str], str] = {
    ("ko", "en"): "PRTRANSLATE_MODEL_KO_EN",
    ("en", "ko"): "PRTRANSLATE_MODEL_EN_KO",
}

#: Language codes of the multilingual model families (Marian/OPUS-MT models need none).
NLLB_CODES = {"ko": "kor_Hang", "en": "eng_Latn"}
M2M100_CODES = {"ko": "ko", "en": "en"}

TRANSFORMERS = "transformers"
CTRANSLATE2 = "ctranslate2"

# The files a translation model needs from the hub (weights, configs, tokenizer); not the
# TensorFlow/Flax/ONNX copies some repositories also hold.
_HUB_PATTERNS = ["*.json", "*.safetensors", "pytorch_model.bin", "*.spm", "*.model", "*.txt", "*.vocab"]


@dataclass(frozen=True)
class ModelSpec:
    """A model found on disk: what the user named, where its files are, and how it was chosen."""

    id: str
    path: Path
    format: str
    chosen_by: str
    fingerprint: str

    @property
    def label(self) -> str:
        """The model as a signature shows it: the hub id, or the folder."""
        return self.id


def choose_model(source_lang: str, target_lang: str, model: str | None = None) -> tuple[str, str]:
    """The model name to use for a direction and what chose it (``--model``, ``$VAR`` or ``default``)."""
    direction = (source_lang, target_lang)
    if direction not in DEFAULT_MODELS:
        raise ModelError(f"no translation direction {source_lang}→{target_lang}; use ko→en or en→ko")
    if model:
        return model, "--model"
    env = ENV_VARS[direction]
    if os.environ.get(env, "").strip():
        return os.environ[env].strip(), f"${env}"
    return DEFAULT_MODELS[direction], "default"


def model_format(folder: Path) -> str | None:
    """``"ctranslate2"``, ``"transformers"`` or ``None`` when ``folder`` holds no model we know."""
    if (folder / "model.bin").is_file() and any(
        (folder / name).is_file()
        for name in ("shared_vocabulary.json", "source_vocabulary.json", "shared_vocabulary.txt",
                     "source_vocabulary.txt")
    ):
        return CTRANSLATE2
    if (folder / "config.json").is_file():
        return TRANSFORMERS
    return None


def fingerprint(folder: Path) -> str:
    """A hash of the model's file names, sizes and modification times: changes when the model does."""
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.iterdir() if p.is_file()):
        stat = file.stat()
        digest.update(f"{file.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def offline() -> bool:
    """True when the user marked the machine offline for Hugging Face (``HF_HUB_OFFLINE=1``)."""
    return any(os.environ.get(var, "").strip().lower() in ("1", "true", "yes", "on")
               for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def hf_cache_dir() -> Path:
    """Where the Hugging Face hub cache is, read from the environment at call time."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "huggingface"
    )
    return Path(home) / "hub"


def _looks_like_path(name: str) -> bool:
    return name.startswith(("/", "./", "../", "~", ".\\")) or "\\" in name or name.count("/") > 1


def _how_to_get(name: str, direction: tuple[str | None, str | None]) -> str:
    source, target = direction
    env = ENV_VARS.get((source, target)) if source is not None and target is not None else None
    return (f"to get a model, run `hf download {name} --local-dir DIR` on a connected machine, copy DIR here "
            f"and pass --model DIR" + (f" (or set {env}=DIR)" if env else ""))


def resolve_model(name: str, chosen_by: str, source_lang: str | None = None,
                  target_lang: str | None = None) -> ModelSpec:
    """Find the files of model ``name`` (a folder, or a hub id in the cache or on the hub)."""
    direction = (source_lang, target_lang)
    folder = Path(name).expanduser()
    if folder.is_dir():
        fmt = model_format(folder)
        if fmt is None:
            raise ModelError(f"{folder} is not a translation model folder (no config.json or model.bin)")
        return ModelSpec(name, folder, fmt, chosen_by, fingerprint(folder))
    via = {"--model": "", "default": " (the default)"}.get(chosen_by, f" (from {chosen_by})")
    if folder.exists():
        raise ModelError(f"model {name}{via} is a file, not a model folder")
    if _looks_like_path(name):
        raise ModelError(f"model folder {name}{via} does not exist; {_how_to_get('MODEL_ID', direction)}")
    tried = [f"{name}{via}: not a local folder", f"not in the Hugging Face cache ({hf_cache_dir()})"]
    cached = _hub_snapshot(name, local_only=True)
    if cached is None:
        if offline():
            tried.append("hub not asked (HF_HUB_OFFLINE is set)")
        else:
            try:
                cached = _hub_snapshot(name, local_only=False)
            except Exception as err:  # any network or hub failure ends the same way for the user
                tried.append(_hub_failure(err))
    if cached is None:
        what = f"{source_lang}→{target_lang} translation model" if source_lang else "translation model"
        raise ModelError(f"no {what}: tried {'; '.join(tried)}; "
                         f"{_how_to_get(name, direction)}")
    fmt = model_format(cached)
    if fmt is None:
        raise ModelError(f"the hub snapshot of {name} at {cached} holds no translation model")
    return ModelSpec(name, cached, fmt, chosen_by, fingerprint(cached))


def _hub_failure(err: Exception) -> str:
    """A short reason why the hub did not give the model."""
    chain: list[str] = []
    cause: BaseException | None = err
    while cause is not None and len(chain) < 5:
        chain.append(f"{type(cause).__name__} {cause}")
        cause = cause.__cause__ or cause.__context__
    text = " ".join(chain)
    if any(word in text for word in ("Connect", "Name or service", "resolve", "Timeout", "timed out", "offline")):
        return "the hub is unreachable from this machine"
    if "RepositoryNotFound" in text or "404" in text:
        return "no such model on the hub"
    return f"hub download failed ({type(err).__name__}: {' '.join(str(err).split())[:100]})"


def _hub_snapshot(name: str, local_only: bool) -> Path | None:
    """The local snapshot folder of hub model ``name``; None when ``local_only`` and it is not cached."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        return None
    try:
        path = snapshot_download(repo_id=name, cache_dir=str(hf_cache_dir()), local_files_only=local_only,
                                 allow_patterns=_HUB_PATTERNS)
    except Exception:
        if local_only:
            return None
        raise
    return Path(path)
