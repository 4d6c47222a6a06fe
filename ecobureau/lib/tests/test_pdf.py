import io
import re
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from ecobureau.lib import pdf

CREATED = datetime(2026, 11, 22, 2, 30, tzinfo=UTC)
# Characters of personal names that reader fonts often lack, and the official
# punctuation of a 文号.
RARE_NAMES = ("刘堃、王喆、李昇、陈玥、周珺、吴頔、郑彧", "孙燊、钱淏、冯龘、䶮、鿏")
LINES = (
    "鞍山市生态环境局铁东分局",
    "送达回证",
    "鞍环铁东送〔2026〕12号",
    f"{RARE_NAMES[0]}：",
    f"{RARE_NAMES[1]}：",
    "你（单位）于2026年11月20日提出的申请已收到。",
)


def layout(*blocks: pdf.Block) -> pdf.Layout:
    return pdf.Layout(
        issuer=LINES[0],
        title=LINES[1],
        reference=LINES[2],
        issued_on=date(2026, 11, 22),
        blocks=blocks,
    )


SHORT = layout(
    pdf.Paragraph(LINES[3], indent=0),
    pdf.Paragraph(LINES[4], indent=0),
    pdf.Paragraph(LINES[5]),
)


@cache
def rendered(document: pdf.Layout) -> bytes:
    return pdf.render(document, created_at=CREATED)


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def body_of(data: bytes) -> str:
    """The text without page numbers, lines joined."""
    lines = text_of(data).split("\n")
    return "".join(line for line in lines if not re.fullmatch(r"— \d+ —", line))


def test_extracted_text_equals_the_input_including_rare_name_characters() -> None:
    assert text_of(rendered(SHORT)).split("\n") == [
        *LINES,
        LINES[0],
        "二〇二六年十一月二十二日",
        "— 1 —",
    ]


def fonts_of(data: bytes) -> list[Any]:
    """The font dictionaries used by the pages, each once."""
    reader = PdfReader(io.BytesIO(data))
    fonts = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            fonts[ref.idnum] = ref.get_object()
    return list(fonts.values())


def test_every_font_is_embedded_and_none_is_a_base_14_font() -> None:
    fonts = fonts_of(rendered(SHORT))

    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/Type0"  # never /Type1 Helvetica, Times …
        for descendant in font["/DescendantFonts"]:
            descriptor = descendant.get_object()["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


def _code_points(to_unicode: str) -> dict[int, int]:
    """Unicode → CID from a ToUnicode CMap (bfchar and bfrange entries)."""
    result = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", to_unicode, re.DOTALL):
        for cid, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            result[int(uni, 16)] = int(cid, 16)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", to_unicode, re.DOTALL):
        for low, high, uni in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                result[int(uni, 16) + offset] = int(low, 16) + offset
    return result


def test_each_character_is_drawn_with_a_real_glyph_of_the_embedded_font() -> None:
    # given: the font program embedded in the file, and the file's own mapping
    # from characters (ToUnicode) to CIDs, and from CIDs to glyphs (CIDToGIDMap)
    (font,) = fonts_of(rendered(SHORT))
    descendant = font["/DescendantFonts"][0].get_object()
    program = TTFont(io.BytesIO(descendant["/FontDescriptor"]["/FontFile2"].get_data()))
    cid_of = _code_points(font["/ToUnicode"].get_object().get_data().decode())
    cid_to_gid = descendant["/CIDToGIDMap"].get_object().get_data()
    glyph_order = program.getGlyphOrder()
    cmap = program.getBestCmap()

    for char in set("".join(LINES) + "二〇二六年十一月二十二日") - {" "}:
        # then: the glyph the PDF draws for it has an outline, and it is the
        # glyph the font itself maps the character to
        cid = cid_of[ord(char)]
        gid = int.from_bytes(cid_to_gid[2 * cid : 2 * cid + 2], "big")
        glyph = glyph_order[gid]
        assert glyph != ".notdef", char
        assert program["glyf"][glyph].numberOfContours != 0, char
        assert cmap[ord(char)] == glyph, char


def test_characters_the_font_lacks_are_refused_not_printed_as_boxes() -> None:
    with pytest.raises(pdf.MissingGlyphs) as refused:
        pdf.render(layout(pdf.Paragraph("申请人：𠮷野家")), created_at=CREATED)

    assert refused.value.characters == ["𠮷"]
    assert pdf.missing_characters(RARE_NAMES) == []


def test_the_same_layout_gives_the_same_bytes() -> None:
    assert pdf.render(SHORT, created_at=CREATED) == rendered(SHORT)


def test_long_text_wraps_and_flows_onto_numbered_pages() -> None:
    # given: a paragraph of about four pages
    text = "现场检查发现该企业废气收集设施未正常运行，" * 80

    data = rendered(layout(pdf.Paragraph(text)))

    assert text in body_of(data)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3
    assert "— 2 —" in text_of(data)


def test_table_cells_and_signature_notes_are_drawn() -> None:
    table = pdf.Table(
        columns=(42.0, 114.0),
        rows=(
            pdf.Row((pdf.Cell("受送达人", align="C"), pdf.Cell("刘堃"))),
            pdf.Row(
                (
                    pdf.Cell("受送达人签收", align="C"),
                    pdf.Cell(note="签名：　年　月　日"),
                ),
                min_height=28,
            ),
        ),
    )

    extracted = text_of(rendered(layout(table)))

    assert "受送达人 刘堃" in extracted
    assert "签名：　年　月　日" in extracted


def test_a_row_must_cover_every_column() -> None:
    table = pdf.Table(columns=(42.0, 114.0), rows=(pdf.Row((pdf.Cell("一格"),)),))

    with pytest.raises(ValueError):
        pdf.render(layout(table), created_at=CREATED)


def width(text: str) -> float:
    # CJK characters one unit wide, others half.
    return sum(1.0 if ord(char) > 0x2E80 else 0.5 for char in text)


def test_wrap_breaks_between_chinese_characters() -> None:
    assert pdf.wrap("一二三四五六七", 3, width) == ["一二三", "四五六", "七"]


def test_wrap_hangs_a_closing_mark_instead_of_starting_a_line_with_it() -> None:
    assert pdf.wrap("一二三。四五", 3, width) == ["一二三。", "四五"]


def test_wrap_carries_an_opening_mark_to_the_next_line() -> None:
    assert pdf.wrap("一二《三四》", 3, width) == ["一二", "《三四》"]


def test_wrap_keeps_numbers_and_latin_words_whole() -> None:
    assert pdf.wrap("编号AB1234号", 4, width) == ["编号", "AB1234号"]
    assert pdf.wrap("see the file", 3, width) == ["see", "the", "file"]


def test_wrap_cuts_a_run_longer_than_a_line() -> None:
    assert pdf.wrap("1234567890", 2, width) == ["1234", "5678", "90"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 22), "二〇二六年十一月二十二日"),
        (date(2026, 1, 5), "二〇二六年一月五日"),
        (date(2030, 10, 10), "二〇三〇年十月十日"),
        (date(2027, 12, 31), "二〇二七年十二月三十一日"),
        (date(2026, 3, 20), "二〇二六年三月二十日"),
    ],
)
def test_chinese_date(day: date, expected: str) -> None:
    assert pdf.chinese_date(day) == expected


def test_chinese_number_for_list_items() -> None:
    assert [pdf.chinese_number(n) for n in (1, 9, 10, 11, 19, 20, 21, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "十九",
        "二十",
        "二十一",
        "九十九",
    ]
    with pytest.raises(ValueError):
        pdf.chinese_number(100)
