"""The transformers backend: any Hugging Face seq2seq translation model (Marian/OPUS-MT, NLLB-200, M2M100)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from prtranslate.errors import ModelError, require
from prtranslate.mt.base import Backend, Hypothesis, register, resolve_device
from prtranslate.mt.models import M2M100_CODES, NLLB_CODES, TRANSFORMERS, ModelSpec

MAX_INPUT_TOKENS = 512


def load_tokenizer(folder: str):
    """The model's tokenizer; raises ModelError with one line when it cannot be loaded."""
    transformers = require("transformers", "mt")
    with warnings.catch_warnings():
        # MarianTokenizer asks for sacremoses, which only normalises punctuation; OPUS-MT works without it.
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        try:
            return transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True)
        except Exception as err:
            raise ModelError(f"cannot load the tokenizer of {folder}: {_first_line(err)}") from err


def language_codes(tokenizer, model_type: str, source_lang: str, target_lang: str) -> tuple[str, str] | None:
    """The (source, target) language tokens of multilingual models; None for single-pair models."""
    vocab = tokenizer.get_vocab()
    if NLLB_CODES[source_lang] in vocab:
        return NLLB_CODES[source_lang], NLLB_CODES[target_lang]
    if model_type == "m2m_100":
        return M2M100_CODES[source_lang], M2M100_CODES[target_lang]
    return None


def target_token(tokenizer, code: str) -> str:
    """The token that starts the output in language ``code`` (NLLB: the code; M2M100: ``__code__``)."""
    return code if code in tokenizer.get_vocab() else f"__{code}__"


def _first_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return (text[:160] + "…") if len(text) > 160 else (text or type(err).__name__)


@register
class TransformersBackend(Backend):
    """Beam search with transformers' ``generate``; n-best lists from ``num_return_sequences``."""

    name = "transformers"
    model_format = TRANSFORMERS
    requires = ("torch", "transformers")

    def __init__(self, spec: ModelSpec, source_lang: str, target_lang: str, threads: int = 0,
                 device: str = "cpu") -> None:
        torch = require("torch", "mt")
        transformers = require("transformers", "mt")
        super().__init__(spec, source_lang, target_lang, threads, resolve_device(device, torch.cuda.is_available()))
        if spec.format != TRANSFORMERS:
            raise ModelError(f"{spec.path} is a CTranslate2 model; use --backend ctranslate2 with it")
        if threads:
            torch.set_num_threads(threads)
        # Our own progress bar covers translation; "Loading weights" bars would only add noise on stderr.
        transformers.utils.logging.disable_progress_bar()
        folder = str(spec.path)
        self.tokenizer = load_tokenizer(folder)
        try:
            self.model = transformers.AutoModelForSeq2SeqLM.from_pretrained(folder, local_files_only=True)
        except Exception as err:
            raise ModelError(f"cannot load the translation model {spec.id}: {_first_line(err)}") from err
        self.model.to(self.device).eval()
        self.codes = language_codes(self.tokenizer, self.model.config.model_type, source_lang, target_lang)
        self._generate_kwargs: dict[str, object] = {}
        if self.codes:
            self.tokenizer.src_lang = self.codes[0]
            self._generate_kwargs["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(
                target_token(self.tokenizer, self.codes[1])
            )

    def translate(self, sentences: Sequence[str], n_best: int = 4,
                  beam_size: int = 4) -> list[list[Hypothesis]]:
        import torch

        if not sentences:
            return []
        beam_size = max(beam_size, n_best)
        batch = self.tokenizer(list(sentences), return_tensors="pt", padding=True, truncation=True,
                               max_length=MAX_INPUT_TOKENS).to(self.device)
        longest = int(batch["input_ids"].shape[1])
        with torch.inference_mode():
            out = self.model.generate(
                **batch, num_beams=beam_size, num_return_sequences=n_best, length_penalty=1.0,
                early_stopping=True, do_sample=False, max_length=min(2 * longest + 16, MAX_INPUT_TOKENS),
                output_scores=True, return_dict_in_generate=True, **self._generate_kwargs,
            )
        texts = self.tokenizer.batch_decode(out.sequences, skip_special_tokens=True)
        scores = out.sequences_scores.tolist() if getattr(out, "sequences_scores", None) is not None else (
            [0.0] * len(texts)
        )
        hyps = [Hypothesis(" ".join(t.split()), float(s)) for t, s in zip(texts, scores, strict=True)]
        return [hyps[i * n_best : (i + 1) * n_best] for i in range(len(sentences))]
