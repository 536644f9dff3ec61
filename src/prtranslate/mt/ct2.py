"""The CTranslate2 backend (int8 on CPU, the fast path) and the conversion of transformers models to it.

A converted model is a folder with CTranslate2's ``model.bin``, ``config.json`` and vocabulary,
plus ``tokenizer/`` (the original model's tokenizer files and ``config.json``, so the same
tokenizer splits and joins the text) and ``prtranslate.json`` (what it was converted from).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

from prtranslate.errors import ModelError, OutputError, require
from prtranslate.mt.base import Backend, Hypothesis, register, resolve_device
from prtranslate.mt.hf import MAX_INPUT_TOKENS, _first_line, language_codes, load_tokenizer, target_token
from prtranslate.mt.models import CTRANSLATE2, TRANSFORMERS, ModelSpec

TOKENIZER_DIR = "tokenizer"
INFO_FILE = "prtranslate.json"
QUANTIZATIONS = ("int8", "int8_float32", "int16", "float16", "float32")
# Weight files stay behind: CTranslate2 holds its own copy of the weights.
_WEIGHTS = {".safetensors", ".bin", ".h5", ".msgpack", ".ot", ".onnx", ".pt", ".pth"}


def convert_model(spec: ModelSpec, output: str | Path, quantization: str = "int8",
                  force: bool = False) -> Path:
    """Convert a transformers model to CTranslate2 in ``output`` (written whole, or not at all)."""
    ctranslate2 = require("ctranslate2", "mt")
    transformers = require("transformers", "mt")
    transformers.utils.logging.disable_progress_bar()
    if spec.format != TRANSFORMERS:
        raise ModelError(f"{spec.id} is already a CTranslate2 model")
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"unknown quantization {quantization!r}; choose one of: {', '.join(QUANTIZATIONS)}")
    target = Path(output)
    if target.exists() and not force:
        raise OutputError(f"{target} already exists; pass --force to replace it")
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=parent))
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from err
    try:
        converter = ctranslate2.converters.TransformersConverter(str(spec.path))
        try:
            with warnings.catch_warnings():
                # See load_tokenizer: sacremoses is optional for OPUS-MT.
                warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
                converter.convert(str(work / "model"), quantization=quantization, force=True)
        except Exception as err:
            raise ModelError(f"cannot convert {spec.id} to CTranslate2: {_first_line(err)}") from err
        tokenizer_dir = work / "model" / TOKENIZER_DIR
        tokenizer_dir.mkdir()
        for file in spec.path.iterdir():
            if file.is_file() and file.suffix not in _WEIGHTS:
                shutil.copy2(file, tokenizer_dir / file.name)
        info = {"converted_from": spec.id, "source_fingerprint": spec.fingerprint,
                "quantization": quantization}
        (work / "model" / INFO_FILE).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        (work / "model").rename(target)
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from err
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


@register
class CTranslate2Backend(Backend):
    """Beam search with ``ctranslate2.Translator``; the model must have been converted first."""

    name = "ctranslate2"
    model_format = CTRANSLATE2
    requires = ("ctranslate2", "transformers")

    def __init__(self, spec: ModelSpec, source_lang: str, target_lang: str, threads: int = 0,
                 device: str = "cpu") -> None:
        ctranslate2 = require("ctranslate2", "mt")
        super().__init__(spec, source_lang, target_lang, threads,
                         resolve_device(device, ctranslate2.get_cuda_device_count() > 0))
        if spec.format != CTRANSLATE2:
            raise ModelError(f"{spec.id} is not a CTranslate2 model; convert it first with: "
                             f"prtranslate model convert {spec.id} OUT_DIR")
        tokenizer_dir = spec.path / TOKENIZER_DIR
        if not tokenizer_dir.is_dir():
            raise ModelError(f"{spec.path} has no {TOKENIZER_DIR}/ folder; convert the model with "
                             "`prtranslate model convert`")
        self.tokenizer = load_tokenizer(str(tokenizer_dir))
        model_type = ""
        with contextlib.suppress(OSError, ValueError):
            config = json.loads((tokenizer_dir / "config.json").read_text(encoding="utf-8"))
            model_type = config.get("model_type", "")
        self.codes = language_codes(self.tokenizer, model_type, source_lang, target_lang)
        if self.codes:
            self.tokenizer.src_lang = self.codes[0]
        try:
            self.translator = ctranslate2.Translator(str(spec.path), device=self.device, compute_type="default",
                                                     inter_threads=1, intra_threads=threads)
        except Exception as err:
            raise ModelError(f"cannot load the CTranslate2 model {spec.id}: {_first_line(err)}") from err
        if self.device == "cuda":
            # A GPU can be visible while CTranslate2's CUDA libraries (cuBLAS of its CUDA version) are
            # not installed; that only shows when translating. Try once: "auto" falls back to the CPU.
            try:
                self.translator.translate_batch([["▁"]], beam_size=1, max_decoding_length=2)
            except RuntimeError as err:
                if device != "auto":
                    raise ModelError(f"CTranslate2 cannot run on the GPU here ({_first_line(err)}); "
                                     "use --device cpu") from err
                self.device = "cpu"
                self.translator = ctranslate2.Translator(str(spec.path), device="cpu", compute_type="default",
                                                         inter_threads=1, intra_threads=threads)

    def translate(self, sentences: Sequence[str], n_best: int = 4,
                  beam_size: int = 4) -> list[list[Hypothesis]]:
        if not sentences:
            return []
        beam_size = max(beam_size, n_best)
        tok = self.tokenizer
        source = [tok.convert_ids_to_tokens(tok.encode(s, truncation=True, max_length=MAX_INPUT_TOKENS))
                  for s in sentences]
        prefix = [[target_token(tok, self.codes[1])] for _ in sentences] if self.codes else None
        longest = max(len(s) for s in source)
        results = self.translator.translate_batch(
            source, target_prefix=prefix, beam_size=beam_size, num_hypotheses=n_best, return_scores=True,
            length_penalty=1.0, max_decoding_length=min(2 * longest + 16, MAX_INPUT_TOKENS),
        )
        out: list[list[Hypothesis]] = []
        for result in results:
            hyps = []
            for tokens, score in zip(result.hypotheses, result.scores, strict=True):
                text = tok.decode(tok.convert_tokens_to_ids(tokens), skip_special_tokens=True)
                hyps.append(Hypothesis(" ".join(text.split()), float(score)))
            out.append(hyps)
        return out
