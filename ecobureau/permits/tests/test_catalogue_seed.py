"""The catalogue file against seed 000 itself: the 18 items of the 事项清单, in
order, and each standard sheet's name and time limit (the issue's "Done means").

`data/seed000_catalogue.txt` is seed 000 from its start up to 相关制度 (the list
and the 18 standard sheets), copied verbatim so the test runs where the shared
seeds are not mounted; when they are, the copy is checked against the seed.
"""

import glob
import re
from datetime import date
from pathlib import Path

import pytest

from ecobureau.permits import catalogue as catalogue_file
from ecobureau.permits import processes
from ecobureau.permits.models import ServiceItem
from ecobureau.permits.services.catalogue import row_values

SEED_COPY = Path(__file__).parent / "data" / "seed000_catalogue.txt"
SHARED_SEED = "/work/shared/seeds/000_*.txt"
SHEET_FIELDS = [
    "事项名称",
    "适用对象",
    "设立依据",
    "受理机构",
    "受理地点和时间",
    "办理要件",
    "办理基本流程",
    "办结时限",
    "办理结果",
    "收费依据及标准",
    "申请材料示范文本",
    "常见错误示例、常见问题解答",
    "监督投诉渠道",
]
CLASSES = [
    "一、行政许可",
    "二、行政确认",
    "三、行政奖励",
    "四、其他行政权力",
    "五、公共服务",
]


def seed_text() -> str:
    return SEED_COPY.read_text(encoding="utf-8")


def seed_list() -> list[tuple[int, str]]:
    """(class index, name) for each item of 事项清单, in order."""
    text = seed_text()
    body = text.split("事项清单", 1)[1].split("行政许可办事标准", 1)[0]
    items, current = [], -1
    for line in body.splitlines():
        line = line.strip()
        if any(line.startswith(head) for head in CLASSES):
            current += 1
        elif re.match(r"^\d+、", line):
            name = re.sub(r"^\d+、", "", line).split()[0]
            items.append((current, name))
    return items


def seed_sheets() -> list[dict[str, str]]:
    """Each standard sheet's 事项名称 and 办结时限, in order."""
    sheets = []
    for block in seed_text().split("\t事项名称\n")[1:]:
        name = block.strip().splitlines()[0].strip()
        limit_block = block.split("\t办结时限\n", 1)[1].split("\t办理结果\n", 1)[0]
        limit = "\n".join(
            line.strip() for line in limit_block.strip().splitlines() if line.strip()
        )
        sheets.append({"name": name, "time_limit": limit})
    return sheets


def test_the_copy_is_the_seed():
    shared = glob.glob(SHARED_SEED)
    if not shared:
        pytest.skip("shared seeds not mounted here")
    assert Path(shared[0]).read_text(encoding="utf-8").startswith(seed_text()[:-1])


def test_the_file_lists_the_18_items_of_the_seed_in_order():
    entries = catalogue_file.read()["items"]
    listed = seed_list()
    assert len(listed) == 18
    assert [entry["list_name"] for entry in entries] == [name for _, name in listed]
    # five classes: 5 licences, 1 confirmation, 1 reward, 9 other powers, 2 services
    categories = [entry["category"] for entry in entries]
    assert [
        categories.count(c)
        for c in ("licence", "confirmation", "reward", "other_power", "public_service")
    ] == [5, 1, 1, 9, 2]
    class_of = {
        0: "licence",
        1: "confirmation",
        2: "reward",
        3: "other_power",
        4: "public_service",
    }
    assert categories == [class_of[index] for index, _ in listed]


def test_each_item_has_its_sheet_name_and_time_limit():
    entries = catalogue_file.read()["items"]
    sheets = seed_sheets()
    assert len(sheets) == 18
    for entry, sheet in zip(entries, sheets, strict=True):
        assert entry["name"] == sheet["name"]
        assert entry["time_limit_text"] == sheet["time_limit"], entry["code"]


def test_every_field_of_every_sheet_is_transcribed():
    text = seed_text()
    for field_name in SHEET_FIELDS:
        assert text.count(f"\t{field_name}\n") == 18, field_name
    for entry in catalogue_file.read()["items"]:
        for name in catalogue_file.SCALAR_FIELDS:
            assert name in entry
        # The seed's own words are kept (flow charts written out in order).
        if entry["materials_text"] not in ("", "无"):
            assert entry["materials_text"].splitlines()[0][:6] in text


@pytest.mark.parametrize(
    ("code", "amount", "unit"),
    [
        ("ewaste-qualification", 60, "days"),  # 60日内: calendar days
        ("hw-storage-extension", 20, "days"),
        ("medical-waste-waterway", 20, "days"),
        ("river-outlet", 20, "workdays"),
        ("night-construction", 10, "workdays"),
        ("hw-declaration", 60, "days"),
        ("credit-evaluation", 20, "workdays"),
        ("cems-filing", 0, "workdays"),  # 当天
        ("demolition-plan", 0, "workdays"),  # 即办件
        ("underground-tank", 0, "workdays"),
        ("land-soil-filing", 0, "workdays"),
        ("customs-zone-waste", 20, "days"),
        ("hw-management-plan", 60, "days"),
        ("coal-power-tariff", 20, "workdays"),
        ("heavy-pollution-plan", 20, "workdays"),
    ],
)
def test_time_limits_are_read_as_the_sheets_write_them(code, amount, unit):
    entry = next(e for e in catalogue_file.read()["items"] if e["code"] == code)
    assert entry["time_limit"] == {"amount": amount, "unit": unit}
    assert code in processes.PROCEDURES  # each has its own procedure


def test_names_that_differ_between_list_and_sheet_are_aliases():
    entries = {e["code"]: e for e in catalogue_file.read()["items"]}
    assert (
        "江河、湖泊新建、改建或者扩大排污口许可" in entries["river-outlet"]["aliases"]
    )
    assert "鞍山市生态环境违法行为举报奖励" in entries["report-reward"]["aliases"]
    assert "自动监控设备安装及变更备案" in entries["cems-filing"]["aliases"]


def test_complaint_channels_are_per_item():
    channels = {
        e["code"]: e["complaint_channel"] for e in catalogue_file.read()["items"]
    }
    assert channels["heavy-pollution-plan"] == "0412-5234952"
    assert channels["hotline-12369"] == "鞍山市生态环境局\n12345"
    assert channels["air-forecast"] == "无"
    assert channels["river-outlet"] == "" and channels["hw-declaration"] == ""


@pytest.mark.django_db
def test_loaded_items_equal_the_file(catalogue):
    entries = catalogue_file.read()["items"]
    assert ServiceItem.objects.count() == 18
    for entry in entries:
        row = ServiceItem.objects.get(code=entry["code"])
        assert row_values(row) == catalogue_file.shipped_values(entry)


@pytest.mark.django_db
def test_the_code_replaces_the_repealed_laws_on_2026_08_15(catalogue):
    night = ServiceItem.objects.get(code="night-construction")
    bases = list(night.legal_bases.all())
    in_force = {b.law for b in bases if b.in_force(date(2026, 11, 22))}
    before = {b.law for b in bases if b.in_force(date(2026, 8, 14))}
    long_ago = {b.law for b in bases if b.in_force(date(2020, 1, 1))}
    assert in_force == {"《中华人民共和国生态环境法典》"}
    assert before == {"《中华人民共和国噪声污染防治法》"}
    assert long_ago == {"《中华人民共和国环境噪声污染防治法》"}
