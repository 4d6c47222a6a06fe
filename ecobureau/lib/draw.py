"""The double-random draw (双随机抽查): which enterprises are checked and by whom.

Pure and reproducible, so the public can re-run a published draw (一公开, rules.md
§6, I2): the same seed and pools always give the same result, in any language that
has SHA-256. Nothing here uses a pseudo-random generator; every choice is a sort
by a SHA-256 rank:

    rank(seed, *parts) = SHA-256 of the UTF-8 text  seed|part1|part2|…  (hex digest)

1. **Enterprises.** For each class (C, B, A) the quota is ⌈pool size × percent / 100⌉
   (percent with at most two decimals). The class's pool is sorted by
   rank(seed, "E", enterprise id), ties by id; the first `quota` are drawn. The drawn
   list is C, then B, then A, each in rank order.
2. **Inspectors.** Round r (r = 0, 1, 2 …) deals the inspector pool sorted by
   rank(seed, "I", r, inspector id), ties by id, one card each. Each drawn
   enterprise in turn takes `team_size` inspectors: first from the waiting line
   (inspectors passed over earlier, oldest first), then from the deck. An inspector
   with a declared conflict of interest with that enterprise, or already in its
   team, is passed over and joins the end of the waiting line. So every inspector
   is dealt once per round (loads differ by at most one when nobody is passed
   over), teams change from round to round, and no one inspects an enterprise they
   are conflicted with. An enterprise for which fewer than `team_size` inspectors
   are free of conflict gets no team and is listed as unassigned.

The seed is committed before the draw by publishing SHA-256(seed) with the pools'
SHA-256; after the draw the seed, the pools and the result are published. With an
optional public random value entered at the draw (e.g. a lottery result announced
after the commitment), the seed actually used is SHA-256(seed|public value), so not
even the organiser could have chosen it.

Verify a published draw:  python -m ecobureau.lib.draw draw.json
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ALGORITHM = "sha256-rank-v1"
CLASSES = ("C", "B", "A")
MIN_TEAM = 2  # 行政处罚法第四十二条: at least two officers with credentials


class DrawError(ValueError):
    """Inputs the draw cannot use; the message is Chinese."""


@dataclass(frozen=True)
class Assignment:
    enterprise_id: int
    klass: str
    inspectors: tuple[int, ...]


@dataclass(frozen=True)
class DrawResult:
    quotas: dict[str, int]
    assignments: list[Assignment]
    unassigned: list[int]

    def loads(self) -> dict[int, int]:
        """How many inspections each inspector was given."""
        counts: dict[int, int] = {}
        for assignment in self.assignments:
            for inspector in assignment.inspectors:
                counts[inspector] = counts.get(inspector, 0) + 1
        return counts


def seed_hash(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def effective_seed(seed: str, public_entropy: str = "") -> str:
    """The seed the draw uses: the committed seed, mixed with a public value."""
    if not public_entropy:
        return seed
    return hashlib.sha256(f"{seed}|{public_entropy}".encode()).hexdigest()


def rank(seed: str, *parts: object) -> str:
    text = "|".join([seed, *(str(part) for part in parts)])
    return hashlib.sha256(text.encode()).hexdigest()


def quota(pool_size: int, percent: Decimal) -> int:
    """⌈pool_size × percent / 100⌉ in exact integer arithmetic."""
    hundredths = int(percent * 100)
    if Decimal(hundredths) != percent * 100:
        raise DrawError(f"抽查比例{percent}%最多保留两位小数")
    if not 0 <= hundredths <= 10000:
        raise DrawError(f"抽查比例{percent}%应在0至100之间")
    return (pool_size * hundredths + 9999) // 10000


def draw(
    *,
    seed: str,
    enterprises: Sequence[tuple[int, str]],
    inspectors: Sequence[int],
    percents: Mapping[str, Decimal],
    team_size: int = MIN_TEAM,
    conflicts: Sequence[tuple[int, int]] = (),
) -> DrawResult:
    """Draw enterprises by class and a team for each (see the module docstring).

    `enterprises` are (id, class) pairs, `conflicts` (inspector id, enterprise id).
    """
    _check(seed, enterprises, inspectors, percents, team_size)
    pools: dict[str, list[int]] = {klass: [] for klass in CLASSES}
    for enterprise_id, klass in enterprises:
        pools[klass].append(enterprise_id)
    quotas: dict[str, int] = {}
    drawn: list[tuple[int, str]] = []
    for klass in CLASSES:
        quotas[klass] = quota(len(pools[klass]), percents.get(klass, Decimal(0)))
        ordered = sorted(pools[klass], key=lambda pk: (rank(seed, "E", pk), pk))
        drawn += [(pk, klass) for pk in ordered[: quotas[klass]]]
    assignments, unassigned = _teams(seed, drawn, inspectors, team_size, conflicts)
    return DrawResult(quotas=quotas, assignments=assignments, unassigned=unassigned)


def _teams(
    seed: str,
    drawn: list[tuple[int, str]],
    inspectors: Sequence[int],
    team_size: int,
    conflicts: Sequence[tuple[int, int]],
) -> tuple[list[Assignment], list[int]]:
    barred: dict[int, set[int]] = {}
    pool = set(inspectors)
    for inspector, enterprise in conflicts:
        if inspector in pool:
            barred.setdefault(enterprise, set()).add(inspector)
    deck = _deck(seed, sorted(pool))
    waiting: deque[int] = deque()
    assignments: list[Assignment] = []
    unassigned: list[int] = []
    for enterprise_id, klass in drawn:
        excluded = barred.get(enterprise_id, set())
        if len(pool) - len(excluded) < team_size:
            unassigned.append(enterprise_id)
            continue
        team: list[int] = []
        passed: deque[int] = deque()
        while waiting and len(team) < team_size:
            inspector = waiting.popleft()
            if inspector in excluded or inspector in team:
                passed.append(inspector)
            else:
                team.append(inspector)
        while len(team) < team_size:
            inspector = next(deck)
            if inspector in excluded or inspector in team:
                passed.append(inspector)
            else:
                team.append(inspector)
        # Those passed over keep their place ahead of anyone passed over later.
        passed.extend(waiting)
        waiting = passed
        assignments.append(Assignment(enterprise_id, klass, tuple(team)))
    return assignments, unassigned


def _deck(seed: str, inspectors: list[int]) -> Iterator[int]:
    round_no = 0
    while True:
        yield from sorted(
            inspectors, key=lambda pk: (rank(seed, "I", round_no, pk), pk)
        )
        round_no += 1


def _check(
    seed: str,
    enterprises: Sequence[tuple[int, str]],
    inspectors: Sequence[int],
    percents: Mapping[str, Decimal],
    team_size: int,
) -> None:
    if not seed:
        raise DrawError("缺少随机种子")
    if team_size < MIN_TEAM:
        raise DrawError(
            f"每组检查人员不得少于{MIN_TEAM}人（行政处罚法第四十二条：执法人员不得少于两人）"
        )
    unknown = sorted({klass for _, klass in enterprises} - set(CLASSES))
    if unknown:
        raise DrawError(f"未知的企业分类：{'、'.join(unknown)}")
    extra = sorted(set(percents) - set(CLASSES))
    if extra:
        raise DrawError(f"未知的企业分类：{'、'.join(extra)}")
    if len(set(inspectors)) < team_size:
        raise DrawError(f"检查人员库不足{team_size}人，无法组成检查组")
    if len({pk for pk, _ in enterprises}) != len(enterprises):
        raise DrawError("企业名录中有重复的企业")


# --- The published file and its verification ----------------------------------------


def published(
    *,
    seed: str,
    public_entropy: str,
    enterprises: Sequence[tuple[int, str]],
    inspectors: Sequence[int],
    percents: Mapping[str, Decimal],
    team_size: int,
    conflicts: Sequence[tuple[int, int]],
    result: DrawResult,
) -> dict[str, Any]:
    """Everything the public needs to re-run the draw, as plain JSON values."""
    return {
        "algorithm": ALGORITHM,
        "seed": seed,
        "seed_sha256": seed_hash(seed),
        "public_entropy": public_entropy,
        "team_size": team_size,
        "percents": {klass: str(percents.get(klass, Decimal(0))) for klass in CLASSES},
        "enterprises": [[pk, klass] for pk, klass in enterprises],
        "inspectors": list(inspectors),
        "conflicts": [[inspector, enterprise] for inspector, enterprise in conflicts],
        "quotas": result.quotas,
        "result": [[a.enterprise_id, list(a.inspectors)] for a in result.assignments],
        "unassigned": result.unassigned,
    }


def verify(data: Mapping[str, Any]) -> list[str]:
    """Re-run a published draw; the list of differences (empty: it checks out)."""
    try:
        if data["algorithm"] != ALGORITHM:
            return [f"算法“{data['algorithm']}”不是本程序实现的{ALGORITHM}"]
        seed = str(data["seed"])
        problems = []
        if seed_hash(seed) != data["seed_sha256"]:
            problems.append("种子与事先公开的种子哈希不符")
        result = draw(
            seed=effective_seed(seed, str(data.get("public_entropy", ""))),
            enterprises=[(int(pk), str(klass)) for pk, klass in data["enterprises"]],
            inspectors=[int(pk) for pk in data["inspectors"]],
            percents={k: Decimal(str(v)) for k, v in data["percents"].items()},
            team_size=int(data["team_size"]),
            conflicts=[(int(i), int(e)) for i, e in data["conflicts"]],
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        return [f"文件内容不完整或格式不对：{error}"]
    expected = [[a.enterprise_id, list(a.inspectors)] for a in result.assignments]
    if expected != data["result"]:
        problems.append("按公开的种子和名录重新抽取，结果与公布的结果不一致")
    if result.unassigned != data.get("unassigned", []):
        problems.append("未能组队的企业与公布的不一致")
    return problems


def main(argv: Sequence[str]) -> int:
    """`python -m ecobureau.lib.draw draw.json`: re-run a published draw."""
    if len(argv) != 1:
        sys.stderr.write("用法：python -m ecobureau.lib.draw 抽查结果.json\n")
        return 2
    data = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    problems = verify(data)
    for problem in problems:
        sys.stdout.write(f"不一致：{problem}\n")
    if not problems:
        sys.stdout.write(f"核验通过：共抽取{len(data['result'])}家企业，结果一致。\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
