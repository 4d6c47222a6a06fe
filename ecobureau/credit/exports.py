"""The year's results as an Excel sheet (lib.xlsx, like the other modules)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext, gettext_noop

from ecobureau.lib import dates, xlsx

from .config import EXAMPLE_LABEL
from .models import Evaluation
from .processes import EVALUATION

if TYPE_CHECKING:
    from .selectors import PublicRow

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


# Marked for translation; the exports translate them in the chosen language.
PUBLIC_HEADERS = [
    gettext_noop("评价年度"),
    gettext_noop("单位名称"),
    gettext_noop("统一社会信用代码"),
    gettext_noop("区县"),
    gettext_noop("本局评价等级"),
    gettext_noop("本局评分配置"),
    gettext_noop("本局公布日期"),
    gettext_noop("省厅公布等级"),
    gettext_noop("省厅评价机关"),
]
PUBLIC_WIDTHS = [10, 36, 22, 12, 14, 30, 12, 14, 20]


def public_cells(public_rows: Iterable[PublicRow]) -> Iterable[list[object]]:
    """The bureau's published list (本局评价结果), one row a result: no score
    details, no personal data. Each grade is named: the bureau's own, with whether
    its weights and cut-offs are 示例配置, and the province's published grade where
    imported."""
    for row in public_rows:
        e = row.evaluation
        yield [
            e.evaluation_year.year,
            e.enterprise.name,
            e.enterprise.credit_code,
            e.district.name if e.district else "",
            gettext(e.grade_name) if e.grade_name else "",
            gettext("指标、权重与等级划分为%(label)s")
            % {"label": gettext(EXAMPLE_LABEL)}
            if row.example
            else gettext("已核定"),
            dates.local_date(e.published_at).isoformat() if e.published_at else "",
            gettext(row.provincial.grade_name) if row.provincial else "",
            row.provincial.authority if row.provincial else "",
        ]


def public_xlsx(public_rows: Iterable[PublicRow]) -> bytes:
    content, _count = xlsx.write(
        title=gettext("本局企业环境信用评价结果"),
        headers=[gettext(header) for header in PUBLIC_HEADERS],
        widths=PUBLIC_WIDTHS,
        required=[False] * len(PUBLIC_HEADERS),
        rows=public_cells(public_rows),
    )
    return content
