"""The year's results as an Excel sheet (lib.xlsx, like the other modules)."""

from __future__ import annotations

from collections.abc import Iterable

from ecobureau.lib import dates, xlsx

from .models import Evaluation
from .processes import EVALUATION

HEADERS = [
    "评价年度",
    "统一社会信用代码",
    "单位名称",
    "区县",
    "状态",
    "得分",
    "扣分/记分",
    "等级",
    "一票否决",
    "评分明细",
]
WIDTHS = [10, 22, 36, 12, 14, 8, 10, 14, 10, 80]


def year_xlsx(evaluations: Iterable[Evaluation]) -> bytes:
    labels = {s.code: s.label for s in EVALUATION.steps}

    def rows() -> Iterable[list[object]]:
        for e in evaluations:
            explanation = e.explanation or {}
            yield [
                e.evaluation_year.year,
                e.enterprise.credit_code,
                e.enterprise.name,
                e.district.name if e.district else "",
                labels.get(e.status, e.status),
                "" if e.score is None else str(e.score),
                "" if e.deducted is None else str(e.deducted),
                e.grade_name,
                "是" if e.vetoed else "",
                "\n".join(explanation.get("explain", [])),
            ]

    content, _count = xlsx.write(
        title="企业环境信用评价",
        headers=HEADERS,
        widths=WIDTHS,
        required=[False] * len(HEADERS),
        rows=rows(),
    )
    return content


PUBLIC_HEADERS = [
    "评价年度",
    "单位名称",
    "统一社会信用代码",
    "区县",
    "等级",
    "公布日期",
]
PUBLIC_WIDTHS = [10, 36, 22, 12, 14, 12]


def public_xlsx(evaluations: Iterable[Evaluation]) -> bytes:
    """The published list: no score details, no personal data."""

    def rows() -> Iterable[list[object]]:
        for e in evaluations:
            yield [
                e.evaluation_year.year,
                e.enterprise.name,
                e.enterprise.credit_code,
                e.district.name if e.district else "",
                e.grade_name,
                dates.local_date(e.published_at).isoformat() if e.published_at else "",
            ]

    content, _count = xlsx.write(
        title="企业环境信用评价结果",
        headers=PUBLIC_HEADERS,
        widths=PUBLIC_WIDTHS,
        required=[False] * len(PUBLIC_HEADERS),
        rows=rows(),
    )
    return content
