"""Every write of the credit module. Keyword-only, atomic, on the record.

Split by topic (STYLE §2: a services package re-exporting its parts); callers keep
using ``credit.services.<name>``.
"""

from .consequences import NOTICE_MAX_LINES, consequence_apply, result_notice_issue
from .consultation import (
    opinion_answer,
    opinion_handle,
    opinion_withdraw,
    opinions_request,
    opinions_request_year,
)
from .disclosure import disclosure_offer_accept, disclosure_report_register
from .entries import facts_enter
from .evaluations import (
    adjustment_add,
    commitment_submit,
    compute,
    compute_stored,
    evaluation_move,
    evaluation_prescore,
    evaluation_scope_add,
    scope_candidates,
    year_launch,
)
from .provincial import ProvincialReport, provincial_import
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
    "ProvincialReport",
    "adjustment_add",
    "commitment_submit",
    "compute",
    "compute_stored",
    "consequence_apply",
    "disclosure_offer_accept",
    "disclosure_report_register",
    "evaluation_move",
    "evaluation_prescore",
    "evaluation_scope_add",
    "facts_enter",
    "objection_decide",
    "objection_submit",
    "opinion_answer",
    "opinion_handle",
    "opinion_withdraw",
    "opinions_request",
    "opinions_request_year",
    "provincial_import",
    "repair_decide",
    "repair_earliest",
    "repair_submit",
    "result_notice_issue",
    "scheme_revise",
    "schemes_install",
    "scope_candidates",
    "year_launch",
]
