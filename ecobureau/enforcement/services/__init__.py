"""Every write of the enforcement module. Callers import this package:
`from ecobureau.enforcement import services` then `services.inspection_plan(...)`."""

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

__all__ = [
    "ChecklistAnswer",
    "HealthItem",
    "case_conclude",
    "case_decline",
    "case_file",
    "case_filing_extend",
    "case_open",
    "case_start_approval_propose",
    "code_issue",
    "document_file_add",
    "document_make",
    "healthcheck_issue",
    "inspection_cancel",
    "inspection_check_in",
    "inspection_check_out",
    "inspection_file_add",
    "inspection_finish",
    "inspection_plan",
    "inspection_rate",
    "inspection_record_save",
    "preservation_decide",
    "reason_request",
]
