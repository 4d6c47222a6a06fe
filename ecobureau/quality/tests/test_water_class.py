"""The `water-class` and `cwqi` rules: every Table 1 boundary of GB 3838—2002 for
rivers and lakes, the worked example of reference/water.md §6, and bad input."""

from __future__ import annotations

import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from ecobureau.quality import water_class as wc

# (item, value, class) for each limit of Table 1: the limit itself gives the
# better class (inclusive; shared limits give the better class), and a value just
# worse gives the next class that can occur.
RIVER_BOUNDARIES = [
    ("ph", "6", "I"), ("ph", "9", "I"), ("ph", "5.9", "劣V"), ("ph", "9.1", "劣V"),
    ("do", "7.5", "I"), ("do", "7.49", "II"), ("do", "6", "II"), ("do", "5.99", "III"),
    ("do", "5", "III"), ("do", "4.9", "IV"), ("do", "3", "IV"), ("do", "2.99", "V"),
    ("do", "2", "V"), ("do", "1.99", "劣V"),
    ("codmn", "2", "I"), ("codmn", "2.1", "II"), ("codmn", "4", "II"), ("codmn", "4.1", "III"),
    ("codmn", "6", "III"), ("codmn", "6.1", "IV"), ("codmn", "10", "IV"), ("codmn", "10.1", "V"),
    ("codmn", "15", "V"), ("codmn", "15.1", "劣V"),
    ("cod", "15", "I"), ("cod", "15.1", "III"), ("cod", "20", "III"), ("cod", "20.1", "IV"),
    ("cod", "30", "IV"), ("cod", "30.1", "V"), ("cod", "40", "V"), ("cod", "40.1", "劣V"),
    ("bod5", "3", "I"), ("bod5", "3.1", "III"), ("bod5", "4", "III"), ("bod5", "4.1", "IV"),
    ("bod5", "6", "IV"), ("bod5", "6.1", "V"), ("bod5", "10", "V"), ("bod5", "10.1", "劣V"),
    ("nh3n", "0.15", "I"), ("nh3n", "0.16", "II"), ("nh3n", "0.5", "II"), ("nh3n", "0.51", "III"),
    ("nh3n", "1.0", "III"), ("nh3n", "1.01", "IV"), ("nh3n", "1.5", "IV"), ("nh3n", "1.51", "V"),
    ("nh3n", "2.0", "V"), ("nh3n", "2.01", "劣V"),
    ("tp", "0.02", "I"), ("tp", "0.021", "II"), ("tp", "0.1", "II"), ("tp", "0.101", "III"),
    ("tp", "0.2", "III"), ("tp", "0.201", "IV"), ("tp", "0.3", "IV"), ("tp", "0.301", "V"),
    ("tp", "0.4", "V"), ("tp", "0.401", "劣V"),
    ("cu", "0.01", "I"), ("cu", "0.011", "II"), ("cu", "1.0", "II"), ("cu", "1.01", "劣V"),
    ("zn", "0.05", "I"), ("zn", "0.051", "II"), ("zn", "1.0", "II"), ("zn", "1.01", "IV"),
    ("zn", "2.0", "IV"), ("zn", "2.01", "劣V"),
    ("f", "1.0", "I"), ("f", "1.01", "IV"), ("f", "1.5", "IV"), ("f", "1.51", "劣V"),
    ("se", "0.01", "I"), ("se", "0.011", "IV"), ("se", "0.02", "IV"), ("se", "0.021", "劣V"),
    ("as_", "0.05", "I"), ("as_", "0.051", "IV"), ("as_", "0.1", "IV"), ("as_", "0.101", "劣V"),
    ("hg", "0.00005", "I"), ("hg", "0.00006", "III"), ("hg", "0.0001", "III"),
    ("hg", "0.00011", "IV"), ("hg", "0.001", "IV"), ("hg", "0.0011", "劣V"),
    ("cd", "0.001", "I"), ("cd", "0.0011", "II"), ("cd", "0.005", "II"), ("cd", "0.0051", "V"),
    ("cd", "0.01", "V"), ("cd", "0.0101", "劣V"),
    ("cr6", "0.01", "I"), ("cr6", "0.011", "II"), ("cr6", "0.05", "II"), ("cr6", "0.051", "V"),
    ("cr6", "0.1", "V"), ("cr6", "0.101", "劣V"),
    ("pb", "0.01", "I"), ("pb", "0.011", "III"), ("pb", "0.05", "III"), ("pb", "0.051", "V"),
    ("pb", "0.1", "V"), ("pb", "0.101", "劣V"),
    ("cn", "0.005", "I"), ("cn", "0.0051", "II"), ("cn", "0.05", "II"), ("cn", "0.051", "III"),
    ("cn", "0.2", "III"), ("cn", "0.201", "劣V"),
    ("phenol", "0.002", "I"), ("phenol", "0.0021", "III"), ("phenol", "0.005", "III"),
    ("phenol", "0.0051", "IV"), ("phenol", "0.01", "IV"), ("phenol", "0.011", "V"),
    ("phenol", "0.1", "V"), ("phenol", "0.11", "劣V"),
    ("petroleum", "0.05", "I"), ("petroleum", "0.051", "IV"), ("petroleum", "0.5", "IV"),
    ("petroleum", "0.51", "V"), ("petroleum", "1.0", "V"), ("petroleum", "1.01", "劣V"),
    ("las", "0.2", "I"), ("las", "0.21", "IV"), ("las", "0.3", "IV"), ("las", "0.31", "劣V"),
    ("sulfide", "0.05", "I"), ("sulfide", "0.051", "II"), ("sulfide", "0.1", "II"),
    ("sulfide", "0.11", "III"), ("sulfide", "0.2", "III"), ("sulfide", "0.21", "IV"),
    ("sulfide", "0.5", "IV"), ("sulfide", "0.51", "V"), ("sulfide", "1.0", "V"),
    ("sulfide", "1.01", "劣V"),
]  # fmt: skip

LAKE_TP = [
    ("0.01", "I"), ("0.011", "II"), ("0.025", "II"), ("0.026", "III"), ("0.05", "III"),
    ("0.051", "IV"), ("0.1", "IV"), ("0.101", "V"), ("0.2", "V"), ("0.201", "劣V"),
]  # fmt: skip
LAKE_TN = [
    ("0.2", "I"), ("0.21", "II"), ("0.5", "II"), ("0.51", "III"), ("1.0", "III"),
    ("1.01", "IV"), ("1.5", "IV"), ("1.51", "V"), ("2.0", "V"), ("2.01", "劣V"),
]  # fmt: skip


pytestmark = pytest.mark.django_db


def run_rule(name: str, *lines: dict) -> list[dict]:
    out = io.StringIO()
    stdin = io.StringIO(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    )
    call_command("rules", "run", name, stdin=stdin, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize(("key", "value", "expected"), RIVER_BOUNDARIES)
def test_every_table_1_boundary_for_rivers(key: str, value: str, expected: str) -> None:
    assert wc.item_class(key, D(value), wc.RIVER) == expected
    # the same limits at a lake point, except total phosphorus
    assert wc.item_class(key, D(value), wc.LAKE) == expected or key == "tp"


@pytest.mark.parametrize(("value", "expected"), LAKE_TP)
def test_total_phosphorus_of_lakes_uses_the_lake_limits(
    value: str, expected: str
) -> None:
    assert wc.item_class("tp", D(value), wc.LAKE) == expected


@pytest.mark.parametrize(("value", "expected"), LAKE_TN)
def test_total_nitrogen_of_lakes_is_classed_separately(
    value: str, expected: str
) -> None:
    result = wc.classify({"ph": D(7), "tn": D(value)}, water_body=wc.LAKE)
    assert result.tn_class == expected
    assert result.klass == "I"  # TN never decides the class


def test_do_saturation_alternative_gives_class_one() -> None:
    assert wc.item_class("do", D("6.5"), wc.RIVER, do_saturation=D(90)) == "I"
    assert wc.item_class("do", D("6.5"), wc.RIVER, do_saturation=D("89.9")) == "II"


WORKED = {
    "water_body": "river", "ph": 7.62, "do": 6.4, "codmn": 4.5, "cod": 16, "bod5": 3.2,
    "nh3n": 0.60, "tp": 0.15, "cu": 0.003, "zn": 0.020, "f": 0.45, "se": 0.0004,
    "as_": 0.0021, "hg": 0.00002, "cd": 0.0001, "cr6": 0.004, "pb": 0.002, "cn": 0.002,
    "phenol": 0.0006, "petroleum": 0.02, "las": 0.04, "sulfide": 0.010, "tn": 2.80,
    "fecal_coliform": 3500,
}  # fmt: skip


def test_worked_example_river_section_through_the_command() -> None:
    [out] = run_rule("water-class", {**WORKED, "target": "III"})
    assert out["class"] == "III"
    assert out["status"] == "良好"
    assert out["limiting"] == ["codmn", "cod", "bod5", "nh3n", "tp"]
    assert out["missing"] == []
    assert out["exceed"] == {}
    assert out["main_pollutants"] == []
    assert out["tn_class"] is None  # rivers are not evaluated for TN
    assert out["fecal_coliform_class"] == "III"
    assert out["meets_target"] is True
    assert out["standard"] == "GB3838-2002"
    assert any("GB 3838—2002 表1" in line for line in out["explain"])
    assert any("环办〔2011〕22号" in line for line in out["explain"])


def test_worked_example_lake_point() -> None:
    [out] = run_rule(
        "water-class", {**WORKED, "water_body": "lake", "tp": 0.06, "tn": 1.35}
    )
    assert out["class"] == "IV"
    assert out["status"] == "轻度污染"
    assert out["limiting"] == ["tp"]
    # (0.06 − 0.05) / 0.05 = 0.2
    assert out["exceed"] == {"tp": 0.2}
    assert out["main_pollutants"] == ["tp"]
    assert out["tn_class"] == "IV"
    assert out["meets_target"] is None


def test_main_pollutants_put_heavy_metals_first_and_keep_three() -> None:
    # codmn 12 → V (1.0 times over 6), nh3n 2.5 → 劣V (1.5), tp 0.35 → V (0.75),
    # pb 0.06 → V (0.2): lead exceeds class III, so it comes first; then the
    # worst class (nh3n), then among the class V items the larger multiple.
    result = wc.classify(
        {"codmn": D(12), "nh3n": D("2.5"), "tp": D("0.35"), "pb": D("0.06")},
        water_body=wc.RIVER,
        target="III",
    )
    assert result.klass == "劣V"
    assert result.main_pollutants == ["pb", "nh3n", "codmn"]
    assert result.exceed == {
        "codmn": D("1.00"), "nh3n": D("1.50"), "tp": D("0.75"), "pb": D("0.20")
    }  # fmt: skip
    assert result.meets_target is False


def test_cwqi_worked_example() -> None:
    # 0.31 + 0.78125 + 0.75 + 0.8 + 0.8 + 0.6 + 0.75 + 0.003 + 0.02 + 0.45 + 0.04
    # + 0.042 + 0.2 + 0.02 + 0.08 + 0.04 + 0.01 + 0.12 + 0.4 + 0.2 + 0.05 = 6.46625
    river, lake = run_rule(
        "cwqi", WORKED, {**WORKED, "water_body": "lake", "tp": 0.06, "tn": 1.35}
    )
    assert river["cwqi"] == 6.4663
    assert river["indices"]["do"] == 0.7813
    assert river["indices"]["ph"] == 0.31
    assert river["standard"] == "CWQI-2017"
    # the lake's TP index 0.06/0.05 = 1.2 replaces 0.75
    assert lake["cwqi"] == 6.9163
    assert wc.cwqi_indices({"ph": D("6.5")}, water_body=wc.RIVER) == {"ph": D("0.5")}


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ({"ph": 7}, "water_body"),
        ({"water_body": "sea", "ph": 7}, "water_body"),
        ({"water_body": "river", "ph": "7"}, "应为数值"),
        ({"water_body": "river", "ph": True}, "应为数值"),
        ({"water_body": "river", "nh3n": -0.1}, "负数"),
        ({"water_body": "river", "ph": 15}, "0～14"),
        ({"water_body": "river", "do": 6, "do_saturation": 301}, "0～300"),
        ({"water_body": "river", "ph": 7, "target": "VI"}, "target"),
        ({"water_body": "river", "ph": 7, "colour": 1}, "未知字段"),
        ({"water_body": "river", "tn": 1.0}, "21项"),
    ],
)
def test_bad_lines_give_a_chinese_error_and_the_next_line_goes_on(
    line: dict, fragment: str
) -> None:
    bad, good = run_rule("water-class", line, {"water_body": "river", "ph": 7})
    assert fragment in bad["error"]
    assert good["class"] == "I"


def test_cwqi_refuses_target_and_zero_oxygen() -> None:
    target, zero = run_rule(
        "cwqi",
        {"water_body": "river", "ph": 7, "target": "III"},
        {"water_body": "river", "do": 0},
    )
    assert "未知字段" in target["error"]
    assert "溶解氧" in zero["error"]


def test_rules_list_names_both_rules() -> None:
    out = io.StringIO()
    call_command("rules", "list", stdout=out)
    assert "water-class" in out.getvalue()
    assert "cwqi" in out.getvalue()


# --- The boundary table through `rules run` (the command, not item_class) ----------

FECAL_COLIFORM = [
    ("200", "I"), ("201", "II"), ("2000", "II"), ("2001", "III"), ("10000", "III"),
    ("10001", "IV"), ("20000", "IV"), ("20001", "V"), ("40000", "V"), ("40001", "劣V"),
]  # fmt: skip


def test_every_boundary_through_rules_run() -> None:
    lines: list[dict] = []
    expected: list[tuple[str, str, str]] = []  # (what to read, key, class)
    for body in ("river", "lake"):
        for key, value, klass in RIVER_BOUNDARIES:
            if body == "lake" and key == "tp":
                continue
            lines.append({"water_body": body, key: float(value)})
            expected.append(("class", key, klass))
    for value, klass in LAKE_TP:
        lines.append({"water_body": "lake", "tp": float(value)})
        expected.append(("class", "tp", klass))
    for value, klass in LAKE_TN:
        lines.append({"water_body": "lake", "ph": 7, "tn": float(value)})
        expected.append(("tn_class", "tn", klass))
    for value, klass in FECAL_COLIFORM:
        for body in ("river", "lake"):
            lines.append({"water_body": body, "ph": 7, "fecal_coliform": int(value)})
            expected.append(("fecal_coliform_class", "fecal_coliform", klass))
    outputs = run_rule("water-class", *lines)
    assert len(outputs) == len(lines)
    wrong = []
    for line, out, (field, key, klass) in zip(lines, outputs, expected, strict=True):
        got = out[field] if field != "class" else out["classes"].get(key)
        if got != klass or (field == "class" and out["class"] != klass):
            wrong.append((line, got, klass))
        if field != "class":
            assert out["class"] == "I"  # TN and fecal coliform never decide it
    assert wrong == []


def test_fecal_coliform_explanation_gives_the_limit() -> None:
    [out] = run_rule(
        "water-class", {"water_body": "river", "ph": 7, "fecal_coliform": 20001}
    )
    line = next(x for x in out["explain"] if x.startswith("粪大肠菌群"))
    assert "20001个/L为V类" in line and "V类限值≤40000个/L" in line
    assert "不参与定类" in line


def test_do_saturation_explanation_cites_the_saturation_limit() -> None:
    [out] = run_rule(
        "water-class", {"water_body": "river", "do": 6.5, "do_saturation": 95}
    )
    assert out["classes"]["do"] == "I"
    line = next(x for x in out["explain"] if x.startswith("溶解氧"))
    assert "饱和率≥90%" in line and "饱和率95%" in line
    assert "I类限值≥7.5mg/L" not in line  # not the mg/L limit it did not meet
    [plain] = run_rule("water-class", {"water_body": "river", "do": 7.6})
    assert "I类限值≥7.5mg/L" in next(
        x for x in plain["explain"] if x.startswith("溶解氧")
    )


def test_lake_tn_line_gives_the_limit_value() -> None:
    [out] = run_rule("water-class", {"water_body": "lake", "ph": 7, "tn": 1.35})
    line = next(x for x in out["explain"] if x.startswith("总氮"))
    assert "总氮 1.35mg/L单独评价为IV类" in line
    assert "IV类限值≤1.5mg/L" in line


def test_main_pollutant_priority_and_count_are_settings(settings) -> None:
    line = {"water_body": "river", "codmn": 12, "nh3n": 2.5, "tp": 0.35, "pb": 0.06}
    [default] = run_rule("water-class", line)
    assert default["main_pollutants"] == ["pb", "nh3n", "codmn"]
    # no priority group, two named: the worst class (nh3n 劣V), then among the
    # class V items the larger multiple (codmn 1.0 > tp 0.75 > pb 0.2)
    settings.QUALITY_STATISTICS_RULES = {
        "main_pollutant_priority": [],
        "main_pollutant_count": 2,
    }
    [configured] = run_rule("water-class", line)
    assert configured["main_pollutants"] == ["nh3n", "codmn"]
    assert any("至多2项" in x for x in configured["explain"])
