"""The interface every MT backend implements, and the registry the CLI's ``--backend`` reads."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from prtranslate.errors import MissingDependencyError, ModelError

if TYPE_CHECKING:
    from prtranslate.mt.models import ModelSpec


@dataclass(frozen=True)
class Hypothesis:
    """One candidate translation of a sentence and the model's score for it (higher is better)."""

    text: str
    score: float = 0.0


class Backend(ABC):
    """Translates batches of sentences with one model in one direction, returning n-best lists."""

    name: ClassVar[str]
    #: The model format the backend reads ("transformers" or "ctranslate2"; see ModelSpec.format).
    model_format: ClassVar[str]
    #: The modules of the ``mt`` extra the backend imports when a model loads.
    requires: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def check_installed(cls) -> None:
        """Raise :class:`MissingDependencyError` naming the ``mt`` extra when a module it needs is missing.

        Called before the model is looked for, so that a machine without the extra hears about the
        extra first, not about downloading a model it could not run. Nothing is imported here.
        """
        from importlib.util import find_spec

        for module in cls.requires:
            try:
                found = find_spec(module) is not None
            except (ImportError, ValueError):
                found = False
            if not found:
                raise MissingDependencyError(
                    f"machine translation needs the mt extra ({module} is not installed): "
                    "pip install 'prtranslate[mt]'")

    def __init__(self, spec: ModelSpec, source_lang: str, target_lang: str, threads: int = 0,
                 device: str = "cpu") -> None:
        self.spec = spec
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.threads = threads
        #: "cpu" or "cuda": where the model runs. Backends that can use a GPU resolve "auto" before
        #: calling this; for any other backend "auto" means the CPU.
        self.device = "cpu" if device == "auto" else device

    @abstractmethod
    def translate(self, sentences: Sequence[str], n_best: int = 4,
                  beam_size: int = 4) -> list[list[Hypothesis]]:
        """The ``n_best`` best hypotheses of each sentence, best first."""


DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda")


def resolve_device(requested: str, cuda_available: bool) -> str:
    """``auto`` → ``cuda`` when a GPU is usable, else ``cpu``; ``cuda`` without a GPU is a ModelError."""
    if requested not in DEVICES:
        raise ModelError(f"unknown device {requested!r}: use auto, cpu or cuda")
    if requested == "auto":
        return "cuda" if cuda_available else "cpu"
    if requested == "cuda" and not cuda_available:
        raise ModelError("--device cuda: no CUDA GPU is available here; use --device cpu (or auto)")
    return requested


BACKENDS: dict[str, type[Backend]] = {}


def register(cls: type[Backend]) -> type[Backend]:
    """Class decorator: make a backend available under its ``name``."""
    BACKENDS[cls.name] = cls
    return cls


_MODULES: dict[str, str] = {"transformers": "prtranslate.mt.hf", "ctranslate2": "prtranslate.mt.ct2"}
BACKEND_NAMES: tuple[str, ...] = tuple(_MODULES)


def get_backend(name: str) -> type[Backend]:
    """The backend class called ``name`` (its module is imported on first use, not before)."""
    if name not in BACKENDS and name in _MODULES:
        import importlib

        importlib.import_module(_MODULES[name])
    try:
        return BACKENDS[name]
    except KeyError:
        raise ModelError(f"unknown MT backend {name!r}; choose one of: {', '.join(BACKEND_NAMES)}") from None


