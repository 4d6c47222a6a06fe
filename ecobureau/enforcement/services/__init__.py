"""Every write of the enforcement module. Callers import this package:
`from ecobureau.enforcement import services` then `services.inspection_plan(...)`."""

from .access import access_apply, access_decide, access_open, party_document_open
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
from .lists import entries_in_force as list_entries_in_force
from .measures import (
    measure_carry_out,
    measure_end,
    measure_extend,
    measure_file_add,
    measure_propose,
    measure_testing_pause,
    measure_testing_resume,
    measure_withdraw,
)
from .measures import refused as measure_refused
from .measures_urgent import (
    measure_carry_out_urgent,
    measure_release_refused,
    measure_urgent_report,
)
from .minor import exceedance_episodes as minor_exceedance_episodes
from .minor import failure_reports as minor_failure_reports
from .minor import is_exceedance_item as minor_is_exceedance_item
from .minor import is_failure_item as minor_is_failure_item
from .minor import lookback_months as minor_lookback_months
from .minor import minor_check, minor_decide
from .minor import prior_violations as minor_prior_violations
from .printing import document_pdf_issue, inspection_forms_issue
from .transfers import (
    transfer_document,
    transfer_document_issue,
    transfer_file_add,
    transfer_outcome,
    transfer_record,
)

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
    "list_entries_in_force",
    "measure_carry_out",
    "measure_carry_out_urgent",
    "measure_end",
    "measure_extend",
    "measure_file_add",
    "measure_propose",
    "measure_refused",
    "measure_release_refused",
    "measure_testing_pause",
    "measure_testing_resume",
    "measure_urgent_report",
    "measure_withdraw",
    "minor_check",
    "minor_decide",
    "minor_exceedance_episodes",
    "minor_failure_reports",
    "minor_is_exceedance_item",
    "minor_is_failure_item",
    "minor_lookback_months",
    "minor_prior_violations",
    "party_document_open",
    "preservation_decide",
    "reason_request",
    "transfer_document",
    "transfer_document_issue",
    "transfer_file_add",
    "transfer_outcome",
    "transfer_record",
]
