"""The streaming writer: one sheet (`write`) or several (`write_workbook`), read
back with openpyxl as a user's spreadsheet program would."""

from collections.abc import Iterator
from io import BytesIO

import pytest
from openpyxl import load_workbook

from ecobureau.lib import xlsx


def _ledger() -> tuple[bytes, list[int]]:
    measures: list[list[object]] = []

    def tasks() -> Iterator[list[object]]:
        for n in (1, 2):
            measures.append([f"T-{n}", 1, "关停\x07搬迁", None])
            yield [f"T-{n}", f"反馈问题{n}\x00：废水直排", "<市生态环境局> & 区政府"]

    content, counts = xlsx.write_workbook(
        [
            xlsx.Sheet(
                name="整改任务",
                headers=["任务编号", "反馈问题", "责任单位"],
                rows=tasks(),
                widths=[18, 50, 20],
                required=[True, True, False],
            ),
            # Collected while the first sheet is written: read only afterwards.
            xlsx.Sheet(
                name="整改措施",
                headers=["任务编号", "序号", "措施类型", "节点时限"],
                rows=(row for row in measures),
            ),
        ]
    )
    return content, counts


def test_a_workbook_of_two_sheets_opens_with_headers_and_chinese_text() -> None:
    content, counts = _ledger()

    book = load_workbook(BytesIO(content))
    assert book.sheetnames == ["整改任务", "整改措施"]
    assert counts == [2, 2]
    tasks = [list(r) for r in book["整改任务"].iter_rows(values_only=True)]
    assert tasks == [
        ["任务编号", "反馈问题", "责任单位"],
        ["T-1", "反馈问题1：废水直排", "<市生态环境局> & 区政府"],
        ["T-2", "反馈问题2：废水直排", "<市生态环境局> & 区政府"],
    ]
    measures = [list(r) for r in book["整改措施"].iter_rows(values_only=True)]
    assert measures == [
        ["任务编号", "序号", "措施类型", "节点时限"],
        ["T-1", "1", "关停搬迁", None],
        ["T-2", "1", "关停搬迁", None],
    ]


def test_each_sheet_has_its_frozen_styled_header_and_widths() -> None:
    content, _ = _ledger()

    book = load_workbook(BytesIO(content))
    first, second = book["整改任务"], book["整改措施"]
    assert first.freeze_panes == second.freeze_panes == "A2"
    assert first["A1"].font.b and first["C1"].font.b
    # a required column's header is red, the others dark
    assert first["A1"].font.color.rgb == "FFB42318"
    assert first["C1"].font.color.rgb == "FF1F2933"
    assert first.column_dimensions["B"].width == 50
    assert second["D1"].font.b


def test_a_sheet_without_rows_keeps_its_header() -> None:
    content, counts = xlsx.write_workbook(
        [
            xlsx.Sheet(name="整改任务", headers=["任务编号"], rows=[]),
            xlsx.Sheet(name="整改措施", headers=["任务编号", "序号"], rows=iter([])),
        ]
    )

    book = load_workbook(BytesIO(content), read_only=True)
    assert counts == [0, 0]
    assert list(book["整改措施"].iter_rows(values_only=True)) == [("任务编号", "序号")]


@pytest.mark.parametrize(
    "name",
    [
        "",
        "一" * 32,
        "整改[任务]",
        "a:b",
        "a*b",
        "a?b",
        "2026/11",
        "a\\b",
        "'台账",
        "台账'",
    ],
)
def test_a_sheet_name_excel_would_refuse_is_an_error(name: str) -> None:
    with pytest.raises(ValueError, match="invalid sheet name"):
        xlsx.write_workbook([xlsx.Sheet(name=name, headers=["编号"], rows=[])])


def test_two_sheets_may_not_share_a_name_whatever_the_case() -> None:
    with pytest.raises(ValueError, match="duplicate sheet name"):
        xlsx.write_workbook(
            [
                xlsx.Sheet(name="Ledger", headers=["a"], rows=[]),
                xlsx.Sheet(name="LEDGER", headers=["a"], rows=[]),
            ]
        )
    with pytest.raises(ValueError, match="at least one sheet"):
        xlsx.write_workbook([])


def test_a_name_of_thirty_one_characters_is_accepted() -> None:
    name = "一" * 31
    content, _ = xlsx.write_workbook([xlsx.Sheet(name=name, headers=["a"], rows=[])])

    assert load_workbook(BytesIO(content)).sheetnames == [name]


def test_sheet_name_makes_any_title_valid() -> None:
    assert xlsx.sheet_name("2026/11 [铁东区]: 台账?*") == "202611 铁东区 台账"
    assert xlsx.sheet_name("'" + "一" * 40) == "一" * 30
    assert xlsx.sheet_name("/:?") == "Sheet"


def test_the_one_sheet_writer_still_works_and_cleans_its_title() -> None:
    content, count = xlsx.write(
        title="2026/11月报",
        headers=["编号", "名称"],
        widths=[10, 20],
        required=[True, False],
        rows=[["1", "鞍山市\x1f生态环境局"]],
    )

    book = load_workbook(BytesIO(content))
    assert count == 1
    assert book.sheetnames == ["202611月报"]
    assert book.active["B2"].value == "鞍山市生态环境局"
