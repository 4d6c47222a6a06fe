"""The double-random draw (lib.draw): reproducible, proportional, fair, and never
sending an inspector to an enterprise they are conflicted with."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ecobureau.lib import draw as lib

PERCENTS = {"C": Decimal("25"), "B": Decimal("10"), "A": Decimal("5")}


def pool(n_c: int = 40, n_b: int = 100, n_a: int = 200) -> list[tuple[int, str]]:
    classes = ["C"] * n_c + ["B"] * n_b + ["A"] * n_a
    return [(1000 + i, klass) for i, klass in enumerate(classes)]


def test_same_seed_same_draw_other_seed_other_draw() -> None:
    args = {
        "enterprises": pool(),
        "inspectors": list(range(1, 21)),
        "percents": PERCENTS,
    }
    first = lib.draw(seed="a" * 64, **args)
    again = lib.draw(seed="a" * 64, **args)
    other = lib.draw(seed="b" * 64, **args)
    assert first == again
    assert [a.enterprise_id for a in first.assignments] != [
        a.enterprise_id for a in other.assignments
    ]


def test_order_of_the_pools_does_not_matter() -> None:
    enterprises = pool()
    a = lib.draw(
        seed="s", enterprises=enterprises, inspectors=[1, 2, 3, 4], percents=PERCENTS
    )
    b = lib.draw(
        seed="s",
        enterprises=list(reversed(enterprises)),
        inspectors=[4, 3, 2, 1],
        percents=PERCENTS,
    )
    assert a == b


def test_ratios_are_honoured_rounding_up() -> None:
    result = lib.draw(
        seed="x",
        enterprises=pool(41, 101, 199),
        inspectors=[1, 2, 3],
        percents=PERCENTS,
    )
    # ⌈41×25%⌉ = 11, ⌈101×10%⌉ = 11, ⌈199×5%⌉ = 10
    assert result.quotas == {"C": 11, "B": 11, "A": 10}
    drawn = [a.klass for a in result.assignments]
    assert drawn.count("C") == 11 and drawn.count("B") == 11 and drawn.count("A") == 10
    assert drawn == sorted(drawn, key="CBA".index)  # C, then B, then A


def test_every_team_has_two_distinct_inspectors_and_loads_are_even() -> None:
    result = lib.draw(
        seed="fair", enterprises=pool(), inspectors=list(range(1, 8)), percents=PERCENTS
    )
    assert all(len(set(a.inspectors)) == 2 for a in result.assignments)
    loads = result.loads()
    assert set(loads) == set(range(1, 8))
    assert max(loads.values()) - min(loads.values()) <= 1


def test_teams_change_between_rounds() -> None:
    result = lib.draw(
        seed="pairs",
        enterprises=pool(),
        inspectors=list(range(1, 11)),
        percents=PERCENTS,
    )
    pairs = {frozenset(a.inspectors) for a in result.assignments}
    assert len(pairs) > 10  # not the same five pairs over and over


def test_no_inspector_is_sent_to_an_enterprise_they_are_conflicted_with() -> None:
    enterprises = pool()
    everyone = list(range(1, 9))
    # Inspectors 1–5 are conflicted with every C-class enterprise.
    conflicts = [
        (i, pk) for pk, klass in enterprises if klass == "C" for i in range(1, 6)
    ]
    result = lib.draw(
        seed="conflict",
        enterprises=enterprises,
        inspectors=everyone,
        percents=PERCENTS,
        conflicts=conflicts,
    )
    barred = set(conflicts)
    for assignment in result.assignments:
        for inspector in assignment.inspectors:
            assert (inspector, assignment.enterprise_id) not in barred
    c_teams = [a for a in result.assignments if a.klass == "C"]
    assert c_teams and all(set(a.inspectors) <= {6, 7, 8} for a in c_teams)


def test_enterprise_without_enough_free_inspectors_is_listed_unassigned() -> None:
    enterprises = [(1, "C"), (2, "C")]
    result = lib.draw(
        seed="u",
        enterprises=enterprises,
        inspectors=[10, 11, 12],
        percents={"C": Decimal(100)},
        conflicts=[(10, 1), (11, 1)],
    )
    assert result.unassigned == [1]
    assert [a.enterprise_id for a in result.assignments] == [2]


def test_public_entropy_changes_the_seed_used() -> None:
    assert lib.effective_seed("s", "") == "s"
    assert lib.effective_seed("s", "07 12 19") != lib.effective_seed("s", "07 12 20")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"team_size": 1}, "不得少于2人"),
        ({"inspectors": [1]}, "检查人员库不足2人"),
        ({"enterprises": [(1, "D")]}, "未知的企业分类"),
        ({"percents": {"C": Decimal("12.345")}}, "最多保留两位小数"),
        ({"enterprises": [(1, "A"), (1, "B")]}, "重复的企业"),
    ],
)
def test_bad_inputs_are_refused(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "seed": "s",
        "enterprises": pool(2, 2, 2),
        "inspectors": [1, 2, 3],
        "percents": PERCENTS,
    }
    args.update(kwargs)
    with pytest.raises(lib.DrawError, match=message):
        lib.draw(**args)


def test_a_published_draw_verifies_and_a_tampered_one_does_not(tmp_path: Path) -> None:
    seed, entropy = "c0ffee" * 8, "2026-11-22 福彩3D 518"
    enterprises, inspectors = pool(), list(range(1, 13))
    conflicts = [(1, 1000), (2, 1001)]
    result = lib.draw(
        seed=lib.effective_seed(seed, entropy),
        enterprises=enterprises,
        inspectors=inspectors,
        percents=PERCENTS,
        conflicts=conflicts,
    )
    data = lib.published(
        seed=seed,
        public_entropy=entropy,
        enterprises=enterprises,
        inspectors=inspectors,
        percents=PERCENTS,
        team_size=2,
        conflicts=conflicts,
        result=result,
    )
    data = json.loads(json.dumps(data))  # what a downloader has
    assert lib.verify(data) == []
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert lib.main([str(path)]) == 0

    data["result"][0][1] = [99, 98]
    assert "结果与公布的结果不一致" in "".join(lib.verify(data))
    data["seed"] = "0" * 64
    assert "种子与事先公开的种子哈希不符" in lib.verify(data)
