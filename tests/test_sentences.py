"""Sentence splitting: list numbers stay with their sentence; abbreviations do not end one."""

from __future__ import annotations

import pytest

from prtranslate.sentences import count_sentences, split_english, split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "2. The heads of delegation noted it. They discussed ways.",
            ["2. The heads of delegation noted it.", "They discussed ways."],
        ),
        ("(3) The two sides met. They agreed.", ["(3) The two sides met.", "They agreed."]),
        (
            "1. Mr. Kim met Dr. Lee in the U.S. capital. Then he left.",
            ["1. Mr. Kim met Dr. Lee in the U.S. capital.", "Then he left."],
        ),
        ("The index rose to 2. The rest fell.", ["The index rose to 2.", "The rest fell."]),
        (
            "° The Consultation took place on November 19, 2020.",
            ["° The Consultation took place on November 19, 2020."],
        ),
    ],
)
def test_english(text, sentences):
    assert split_english(text) == sentences
    assert count_sentences(text, "en") == len(sentences)


def test_korean_list_number_stays_with_its_sentence():
    text = "2. 양국 수석대표는 북극의 중요성에 주목하였다. 양측은 협력 방안을 논의하였다."
    assert split_sentences(text, "ko") == [
        "2. 양국 수석대표는 북극의 중요성에 주목하였다.",
        "양측은 협력 방안을 논의하였다.",
    ]
    assert count_sentences(text, "ko") == 2


@pytest.mark.parametrize("marker", ["1.", "3.", "(2)", "가.", "°", "-", "※"])
def test_korean_numbered_paragraph_is_split(marker):
    # kiwipiepy alone keeps "3. …하였다. …밝혔다." as one sentence.
    text = f"{marker} 이번 협의회에서 러시아 측은 계획을 공유하였다. 러시아 측이 협력을 희망한다고 밝혔다."
    assert split_sentences(text, "ko") == [
        f"{marker} 이번 협의회에서 러시아 측은 계획을 공유하였다.",
        "러시아 측이 협력을 희망한다고 밝혔다.",
    ]
