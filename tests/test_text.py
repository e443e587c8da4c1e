"""Segmentation: sentences, blocks, words and line/column arithmetic, with exact offsets."""

from __future__ import annotations

import pytest

from auditor.text import LineIndex, Segmentation, normalise_for_hashing, sentence_spans, text_blocks
from conftest import seed_text


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, 0, len(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. government said so. It was late.", ["The U.S. government said so.", "It was late."]),
        ("Shares fell in the U.S. The index rose.", ["Shares fell in the U.S.", "The index rose."]),
        ("Xiaomi Corp. announced it. Apple Inc. did too.", ["Xiaomi Corp. announced it.", "Apple Inc. did too."]),
        ("He works at Microsoft Corp. The company grew.", ["He works at Microsoft Corp.", "The company grew."]),
        ("Dr. Li and Prof. Wang spoke. They agreed.", ["Dr. Li and Prof. Wang spoke.", "They agreed."]),
        ("Growth was 26.8% last year. It slowed.", ["Growth was 26.8% last year.", "It slowed."]),
        ("Firms such as 01.AI won approval. Others waited.", ["Firms such as 01.AI won approval.", "Others waited."]),
        ('He said "it is over." Then he left.', ['He said "it is over."', "Then he left."]),
        ("“We won,” she said. “Again!” Fans cheered.", ["“We won,” she said.", "“Again!”", "Fans cheered."]),
        ("J. Smith wrote it. Nobody read it.", ["J. Smith wrote it.", "Nobody read it."]),
        ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
        ("Prices rose, e.g. bread and milk. Wages did not.", ["Prices rose, e.g. bread and milk.", "Wages did not."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("No terminal punctuation here", ["No terminal punctuation here"]),
    ],
)
def test_sentence_splitter(text, expected):
    assert sentences(text) == expected


def test_bullet_lines_are_their_own_blocks_and_sentences():
    text = "Intro line that ends here.\n- Transparency: disclose data.\n- Accountability: no bias.\n"
    seg = Segmentation(text)
    assert [text[b.start:b.end] for b in seg.blocks] == [
        "Intro line that ends here.",
        "- Transparency: disclose data.",
        "- Accountability: no bias.",
    ]
    assert [b.kind for b in seg.blocks] == ["paragraph", "list-item", "list-item"]
    assert [text[s.start:s.end] for s in seg.sentences] == [
        "Intro line that ends here.",
        "- Transparency: disclose data.",
        "- Accountability: no bias.",
    ]


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "The ministry said on Monday that the pilot programme, first run in\nthree cities, would be extended to all provinces and most counties\nby the end of the year.\n\n"
        "A second paragraph that is also wrapped in the middle of a long\nsentence, as a hand-written Markdown file would be at column\nseventy.\n"
    )
    blocks = text_blocks(text)
    assert len(blocks) == 2
    assert text[blocks[0].start:blocks[0].end].endswith("end of the year.")
    assert text[blocks[1].start:blocks[1].end].startswith("A second")


def test_one_paragraph_per_line_is_not_joined():
    text = seed_text("004")
    blocks = text_blocks(text)
    assert len(blocks) == text.strip().count("\n") + 1


def test_seed_sentences_with_company_names_and_decimals():
    text = seed_text("000")
    got = [text[s.start:s.end] for s in Segmentation(text).sentences]
    assert "Notable companies such as Xiaomi, 4Paradigm, and 01.AI have received approvals for their AI models." in got
    assert "In the most recent batch, 14 AI models received approval." in got
    text4 = seed_text("004")
    got4 = [text4[s.start:s.end] for s in Segmentation(text4).sentences]
    assert (
        "According to a report by the International Data Corporation (IDC), China's AI market is expected to grow at "
        "a compound annual growth rate (CAGR) of 26.8% from 2021 to 2025, outpacing the global average." in got4
    )
    assert "Baidu released its new conversational AI model, Ernie 4.0, which promises to enhance natural language processing capabilities significantly." in got4


def test_seed_002_xiaomi_corp_does_not_split():
    text = seed_text("002")
    got = [text[s.start:s.end] for s in Segmentation(text).sentences]
    assert any(s.startswith("Prominent tech giants such as Xiaomi Corp, 4Paradigm, and 01.AI") for s in got)


def test_sentences_never_cross_blocks_and_cover_text():
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed_text(prefix)
        seg = Segmentation(text)
        for s in seg.sentences:
            block = seg.blocks[s.block]
            assert block.start <= s.start < s.end <= block.end
            assert text[s.start:s.end] == text[s.start:s.end].strip()


def test_line_index_positions_and_spans():
    text = "ab\ncde\n\nf"
    lines = LineIndex(text)
    assert lines.position(0) == (1, 1)
    assert lines.position(3) == (2, 1)
    assert lines.position(5) == (2, 3)
    assert lines.position(8) == (4, 1)
    span = lines.span(3, 6)
    assert (span.line, span.column, span.end_line, span.end_column) == (2, 1, 2, 4)
    assert lines.line_range(2) == (3, 6)
    with pytest.raises(ValueError):
        lines.span(5, 100)


def test_normalise_for_hashing_folds_case_quotes_digits_and_punctuation():
    assert normalise_for_hashing("China’s 79 LLMs — “Big”!") == normalise_for_hashing("china's 80 llms - big")
    assert normalise_for_hashing("ﬁnance") == "finance"


@pytest.mark.parametrize("sentence, end", [
    ("WASHINGTON (Reuters) - The House voted.", 23),
    ("  \n ANCHORAGE, Alaska (AP) — Snow fell.", 29),
    ("W" * 40 + " (Reuters) - x", 53),  # the longest place a dateline may name: "(" at 41
    ("W" * 41 + " (Reuters) - x", 0),
    ("The bill (Reuters) - passed.", 21),
    ("No parenthesis at all in this sentence.", 0),
])
def test_dateline_end_reads_the_dateline_only_where_it_can_stand(sentence, end):
    from auditor.text import _DATELINE, dateline_end
    found = _DATELINE.match(sentence)
    assert dateline_end(sentence) == end == (found.end() if found else 0)
