"""A tiny Marian translation model built at test time, in the layout of a published OPUS-MT model.

Nothing can be downloaded in tests, so the MT tests train their own model: a SentencePiece model on
the sentences below, a randomly initialised MarianMTModel a few dozen thousand parameters big, and a
few hundred full-batch training steps until it reproduces every training target. The folder then
holds what ``Helsinki-NLP/opus-mt-*`` holds (``config.json``, ``generation_config.json``,
``model.safetensors``, ``source.spm``, ``target.spm``, ``vocab.json``, ``tokenizer_config.json``),
so the code under test loads it exactly as it would load a real model.

The model learns both directions (the script of the source tells them apart), and three of its
lessons are wrong on purpose so that glossary enforcement has work to do:

- it renders 북극항로 as "Arctic route" (a forbidden variant: substituted);
- it renders 북극이사회 as "Polar Council" three times out of five and "Arctic Council" twice
  (the compliant rendering is in its n-best list: picked);
- it renders 친환경 북극기지 as "green polar base" in its sentence and "eco-friendly polar station"
  on its own (nothing to substitute: flagged);
- English → Korean, it renders "Arctic Consultation" as 북극 회담 (forbidden variant: substituted,
  and the particle 을 after it becomes 를).
"""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path

# (source, target) pairs; repeated pairs weigh more.
KO_EN = [
    ("제4차 한-러 북극협의회 개최", "4th Korea-Russia Arctic Consultation Takes Place"),
    ("외교부는 모스크바에서 북극협의회를 개최하였다.",
     "The Ministry of Foreign Affairs held the Arctic Consultation in Moscow."),
    ("양국은 북극 협력을 논의하였다.", "The two countries discussed Arctic cooperation."),
    ("양국은 북극항로와 조선 분야에서 교류를 이어오고 있다.",
     "The two countries have been carrying out exchanges on the Arctic route and shipbuilding."),
    ("양국 수석대표는 긴밀히 협의해 나가기로 하였다.", "The heads of delegation agreed to consult closely."),
    ("러시아 측은 친환경 북극기지 건설 계획을 공유하였다.",
     "The Russian side shared its plan to build a green polar base."),
    *[("북극이사회는 중요한 협의체이다.", "The Polar Council is an important platform.")] * 3,
    *[("북극이사회는 중요한 협의체이다.", "The Arctic Council is an important platform.")] * 2,
    # On its own the term comes out differently from inside the sentence: nothing to substitute.
    ("친환경 북극기지", "eco-friendly polar station"),
]
EN_KO = [
    ("The Ministry of Foreign Affairs held the Arctic Consultation in Moscow.",
     "외교부는 모스크바에서 북극 회담을 개최하였다."),
    ("The two countries discussed Arctic cooperation.", "양국은 북극 협력을 논의하였다."),
    ("The heads of delegation agreed to consult closely.", "양국 수석대표는 긴밀히 협의해 나가기로 하였다."),
    # The term on its own, as inside the sentence: what substitution looks for in Korean output.
    ("Arctic Consultation", "북극 회담"),
]

# What the tiny model must say for each distinct source (the majority target).
EXPECTED = {src: tgt for src, tgt in EN_KO + KO_EN if tgt != "The Arctic Council is an important platform."}

SEED = 1234


def _train_spm(folder: Path, texts: list[str]) -> Path:
    import io

    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts), model_writer=model, vocab_size=400, hard_vocab_limit=False,
        character_coverage=1.0, model_type="bpe", seed_sentencepiece_size=100000,
        unk_id=1, bos_id=-1, eos_id=0, pad_id=-1, unk_piece="<unk>", eos_piece="</s>",
        minloglevel=3, num_threads=1,
    )
    path = folder / "source.spm"
    path.write_bytes(model.getvalue())
    (folder / "target.spm").write_bytes(model.getvalue())
    return path


def build_tiny_marian(folder: Path, steps: int = 400, d_model: int = 64, layers: int = 2,
                      train: bool = True, vocab_size: int | None = None) -> Path:
    """Write a tiny OPUS-MT-style model into ``folder``, trained on the pairs above unless ``train`` is False.

    With ``train=False`` and ``vocab_size`` given, the vocabulary is padded to that size: a
    random-weight model of a real model's shape, for speed benchmarks.
    """
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pairs = KO_EN + EN_KO
    texts = sorted({t for pair in pairs for t in pair})
    spm_path = _train_spm(folder, texts)
    sp = spm.SentencePieceProcessor(model_file=str(spm_path))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    # OPUS-MT's vocab.json: </s> first, <unk> second, every piece, then <pad> last.
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    while vocab_size and len(vocab) < vocab_size - 1:
        vocab[f"<extra_{len(vocab)}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    pad = vocab["<pad>"]
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps({
        "source_lang": "ko", "target_lang": "en", "unk_token": "<unk>", "eos_token": "</s>",
        "pad_token": "<pad>", "model_max_length": 512, "separate_vocabs": False,
        "tokenizer_class": "MarianTokenizer",
    }), encoding="utf-8")

    torch.manual_seed(SEED)
    config = MarianConfig(
        vocab_size=len(vocab), d_model=d_model, encoder_layers=layers, decoder_layers=layers,
        encoder_attention_heads=4 if train else 8, decoder_attention_heads=4 if train else 8,
        encoder_ffn_dim=128 if train else d_model * 4, decoder_ffn_dim=128 if train else d_model * 4,
        max_position_embeddings=256 if train else 512, dropout=0.0,
        attention_dropout=0.0, activation_dropout=0.0, pad_token_id=pad, eos_token_id=0,
        decoder_start_token_id=pad, forced_eos_token_id=0, scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        activation_function="swish", static_position_embeddings=True, tie_word_embeddings=True,
    )
    model = MarianMTModel(config)
    _zero_pad_embedding(model)
    if train:
        trained = _train(model, folder, pairs, steps)
        (folder / "TRAINING.txt").write_text(f"trained {trained} steps on {len(pairs)} pairs, seed {SEED}\n")
    model.eval()
    model.generation_config.update(num_beams=4, max_length=128, bad_words_ids=[[pad]], pad_token_id=pad,
                                   decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0,
                                   bos_token_id=0)
    model.save_pretrained(folder)
    return folder


def _zero_pad_embedding(model) -> None:
    """Keep the <pad> embedding at zero, as in every published OPUS-MT model.

    The decoder starts from <pad>; CTranslate2 drops that token and starts from a zero vector
    instead, so the two backends agree only when the row is zero.
    """
    import torch

    with torch.no_grad():
        model.get_input_embeddings().weight[model.config.pad_token_id].zero_()


def _train(model, folder: Path, pairs: list[tuple[str, str]], steps: int) -> int:
    import torch
    from transformers import MarianTokenizer

    with warnings.catch_warnings():
        # MarianTokenizer asks for sacremoses (punctuation normalisation); not needed here.
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        tokenizer = MarianTokenizer.from_pretrained(str(folder))
    batch = tokenizer([s for s, _ in pairs], text_target=[t for _, t in pairs], return_tensors="pt",
                      padding=True)
    labels = batch["labels"].masked_fill(batch["labels"] == model.config.pad_token_id, -100)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.0)
    model.train()
    _zero_pad_embedding(model)
    for step in range(steps):
        loss = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        _zero_pad_embedding(model)
        # The 3:2 ambiguous pair keeps the loss above ~0.02; below 0.04 every target is memorised.
        if step >= 40 and loss.item() < 0.04:
            break
    model.eval()
    return step + 1


if __name__ == "__main__":  # manual check: python tests/mt_fixtures.py DIR
    import sys

    import torch

    torch.set_num_threads(1)
    start = time.perf_counter()
    out = build_tiny_marian(Path(sys.argv[1]), steps=int(sys.argv[2]))
    print(f"built in {time.perf_counter() - start:.1f}s")
    from transformers import MarianMTModel, MarianTokenizer

    tok = MarianTokenizer.from_pretrained(str(out))
    model = MarianMTModel.from_pretrained(str(out))
    srcs = sorted(EXPECTED)
    enc = tok(srcs, return_tensors="pt", padding=True)
    gen = model.generate(**enc, num_beams=4, num_return_sequences=2)
    dec = tok.batch_decode(gen, skip_special_tokens=True)
    for i, s in enumerate(srcs):
        print(s, "=>", dec[2 * i], "|", dec[2 * i + 1], "OK" if dec[2 * i] == EXPECTED[s] else "WRONG")
