"""Every write to the enterprise file (一企一档).

`enterprise` holds the writes to one file (facts, outlets, limits, permits,
accounts); `facilities` the pollution-control facilities and their status
history; `spreadsheet` the Excel export and the all-or-nothing import. Callers
use this package: `from ecobureau.enterprises import services`.
"""

from .enterprise import (
    ENTERPRISE_FIELDS,
    LIMIT_FIELDS,
    OUTLET_FIELDS,
    PERMIT_FIELDS,
    PERSONAL_FIELDS,
    EnterpriseData,
    credit_code_check,
    emission_limit_add,
    emission_limit_update,
    enterprise_account_link,
    enterprise_create,
    enterprise_update,
    outlet_add,
    outlet_update,
    permit_add,
    township_error,
)
from .facilities import (
    FACILITY_FIELDS,
    FacilityData,
    facility_add,
    facility_may_write,
    facility_status_change,
    facility_update,
)
from .facility_spreadsheet import (
    facility_export,
    facility_import,
    facility_list_for_export,
)
from .positive_list import positive_list_add, positive_list_remove
from .spreadsheet import ImportReport, RowError, enterprise_export, enterprise_import

__all__ = [
    "ENTERPRISE_FIELDS",
    "FACILITY_FIELDS",
    "LIMIT_FIELDS",
    "OUTLET_FIELDS",
    "PERMIT_FIELDS",
    "PERSONAL_FIELDS",
    "EnterpriseData",
    "FacilityData",
    "ImportReport",
    "RowError",
    "credit_code_check",
    "emission_limit_add",
    "emission_limit_update",
    "enterprise_account_link",
    "enterprise_create",
    "enterprise_export",
    "enterprise_import",
    "enterprise_update",
    "facility_add",
    "facility_export",
    "facility_import",
    "facility_list_for_export",
    "facility_may_write",
    "facility_status_change",
    "facility_update",
    "outlet_add",
    "outlet_update",
    "permit_add",
    "positive_list_add",
    "positive_list_remove",
    "township_error",
]
