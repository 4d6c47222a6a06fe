"""Uploaded workbooks are checked against zip bombs before openpyxl parses them."""

import zipfile
from io import BytesIO

import pytest

from ecobureau.lib import xlsx
from ecobureau.lib.tests.zip_bombs import with_extra_member


def _sheet(rows: int) -> bytes:
    content, _ = xlsx.write(
        title="台账",
        headers=["编号", "名称", "说明"],
        widths=[10, 20, 40],
        required=[True, True, False],
        rows=([str(n), f"名称{n}", "说明文字" * 5] for n in range(rows)),
    )
    return content


def test_an_ordinary_ledger_of_twenty_thousand_rows_opens() -> None:
    workbook = xlsx.open_uploaded(_sheet(20_000))

    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 20_001
    assert rows[1][:2] == ("0", "名称0")


def test_a_member_that_inflates_past_the_limit_is_refused_before_parsing() -> None:
    bomb = with_extra_member(
        _sheet(1), "xl/media/padding.bin", b"\0" * (xlsx.MAX_UNPACKED_BYTES + 1)
    )
    assert len(bomb) < 1_000_000  # the upload itself is small

    with pytest.raises(xlsx.UnsafeWorkbook, match="超过上限100MB"):
        xlsx.open_uploaded(bomb)


def test_an_abnormal_compression_ratio_is_refused() -> None:
    bomb = with_extra_member(_sheet(1), "xl/media/padding.bin", b"\0" * (20 * 2**20))

    with pytest.raises(xlsx.UnsafeWorkbook, match="疑似压缩炸弹"):
        xlsx.open_uploaded(bomb)


def test_too_many_members_are_refused() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(xlsx.MAX_MEMBERS + 1):
            archive.writestr(f"part{n}.xml", b"<a/>")

    with pytest.raises(xlsx.UnsafeWorkbook, match="内部部件"):
        xlsx.open_uploaded(out.getvalue())


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_file_that_is_no_workbook_is_unreadable(content: bytes) -> None:
    with pytest.raises(xlsx.UnreadableWorkbook):
        xlsx.open_uploaded(content)


def test_openpyxl_parses_with_defusedxml() -> None:
    # Entity-expansion attacks inside a member are stopped only if openpyxl finds
    # defusedxml (pinned in requirements.lock); a lock change must not drop it.
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True
