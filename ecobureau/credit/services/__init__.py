"""Every write of the credit module. Keyword-only, atomic, on the record.

Split by topic (STYLE §2: a services package re-exporting its parts); callers keep
using ``credit.services.<name>``.
"""

from .consequences import NOTICE_MAX_LINES, consequence_apply, result_notice_issue
from .evaluations import (
    adjustment_add,
    commitment_submit,
    compute,
    evaluation_move,
    evaluation_prescore,
    evaluation_scope_add,
    scope_candidates,
    year_launch,
)
from .remedies import (
    objection_decide,
    objection_submit,
    repair_decide,
    repair_earliest,
    repair_submit,
)
from .schemes import scheme_revise, schemes_install

__all__ = [
    "NOTICE_MAX_LINES",
    "adjustment_add",
    "commitment_submit",
    "compute",
    "consequence_apply",
    "evaluation_move",
    "evaluation_prescore",
    "evaluation_scope_add",
    "objection_decide",
    "objection_submit",
    "repair_decide",
    "repair_earliest",
    "repair_submit",
    "result_notice_issue",
    "scheme_revise",
    "schemes_install",
    "scope_candidates",
    "year_launch",
]
