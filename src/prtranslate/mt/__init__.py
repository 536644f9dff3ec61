"""Machine-translation backends behind one small interface, and the choice of model.

:mod:`~prtranslate.mt.base` holds the :class:`Backend` base class and the registry,
:mod:`~prtranslate.mt.models` finds the model (``--model``, an environment variable per
direction, or the default OPUS-MT model), :mod:`~prtranslate.mt.hf` runs Hugging Face
seq2seq models with transformers, :mod:`~prtranslate.mt.ct2` runs the same models converted
to CTranslate2. Nothing here imports torch, transformers or ctranslate2 until a model loads.
"""

from __future__ import annotations

from prtranslate.mt.base import BACKENDS, Backend, Hypothesis, get_backend, register
from prtranslate.mt.models import ModelSpec, choose_model, resolve_model

__all__ = [
    "BACKENDS",
    "Backend",
    "Hypothesis",
    "ModelSpec",
    "choose_model",
    "get_backend",
    "register",
    "resolve_model",
]
