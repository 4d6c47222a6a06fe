"""Every write of the enforcement module. Callers import this package:
`from ecobureau.enforcement import services` then `services.inspection_plan(...)`."""

from .access import access_apply, access_decide, access_open
from .cases import (
    case_decline,
    case_file,
    case_filing_extend,
    case_open,
    case_start_approval_propose,
)
from .inspections import (
    ChecklistAnswer,
    HealthItem,
    code_issue,
    healthcheck_issue,
    inspection_cancel,
    inspection_check_in,
    inspection_check_out,
    inspection_file_add,
    inspection_finish,
    inspection_plan,
    inspection_rate,
    inspection_record_save,
    reason_request,
)
from .investigation import (
    case_conclude,
    document_file_add,
    document_make,
    preservation_decide,
)
from .measures import (
    measure_carry_out,
    measure_end,
    measure_extend,
    measure_file_add,
    measure_propose,
)
from .minor import lookback_months as minor_lookback_months
from .minor import minor_check, minor_decide
from .minor import prior_violations as minor_prior_violations
from .printing import document_pdf_issue, inspection_forms_issue
from .transfers import transfer_file_add, transfer_outcome, transfer_record

__all__ = [
    "ChecklistAnswer",
    "HealthItem",
    "access_apply",
    "access_decide",
    "access_open",
    "case_conclude",
    "case_decline",
    "case_file",
    "case_filing_extend",
    "case_open",
    "case_start_approval_propose",
    "code_issue",
    "document_file_add",
    "document_make",
    "document_pdf_issue",
    "healthcheck_issue",
    "inspection_cancel",
    "inspection_check_in",
    "inspection_check_out",
    "inspection_file_add",
    "inspection_finish",
    "inspection_forms_issue",
    "inspection_plan",
    "inspection_rate",
    "inspection_record_save",
    "measure_carry_out",
    "measure_end",
    "measure_extend",
    "measure_file_add",
    "measure_propose",
    "minor_check",
    "minor_decide",
    "minor_lookback_months",
    "minor_prior_violations",
    "preservation_decide",
    "reason_request",
    "transfer_file_add",
    "transfer_outcome",
    "transfer_record",
]
