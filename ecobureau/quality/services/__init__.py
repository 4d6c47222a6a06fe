"""Every write of environmental quality and targets. Each one checks the actor's
permission and district, and appends a record entry in the same transaction.

A package (STYLE §2: services past ~800 lines become one); callers keep
`from ecobureau.quality import services` and `services.section_create(...)`:

- `sections`: sections, yearly targets, the sample import (X2)
- `emission_totals`: district emission targets and actuals, the daily roll-up (X3)
- `responsibility`: the veto (D7), responsibility letters (D3, C10), audits (D6)
- `waste`: hazardous-waste figures from confirmed declarations (X3)
- `bulletins`: issuing the monthly bulletin with its frozen figures (issue 13 item 6)
- `common`: the workbook reader and actor checks shared with `quality.imports`
"""

from .bulletins import bulletin_issue
from .common import (
    MAX_BYTES,
    MAX_ROWS,
    ImportFailed,
    _date,
    _number,
    _read_table,
    _require_city_manager,
    _require_district,
)
from .emission_totals import (
    ROLLUP_MAX_DAYS,
    emission_actual_set,
    emission_target_set,
    emissions_rollup,
    rollup_spans,
)
from .responsibility import (
    audit_publish,
    audit_record,
    letter_conclude,
    letter_create,
    letter_publish,
    letter_target_assess,
    letter_target_link,
    veto_not_required_record,
    veto_record,
    veto_withdraw,
)
from .sections import (
    PARAMETER_HEADERS,
    SAMPLE_HEADERS,
    SOURCES,
    samples_import,
    section_create,
    section_target_set,
    source_volume_set,
)
from .waste import waste_from_declarations
from .work_plans import (
    completion,
    may_report,
    work_plan_create,
    work_plan_item_add,
    work_plan_item_progress,
    work_plan_publish,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "PARAMETER_HEADERS",
    "ROLLUP_MAX_DAYS",
    "SAMPLE_HEADERS",
    "SOURCES",
    "ImportFailed",
    "_date",
    "_number",
    "_read_table",
    "_require_city_manager",
    "_require_district",
    "audit_publish",
    "audit_record",
    "bulletin_issue",
    "completion",
    "emission_actual_set",
    "emission_target_set",
    "emissions_rollup",
    "letter_conclude",
    "letter_create",
    "letter_publish",
    "letter_target_assess",
    "letter_target_link",
    "may_report",
    "rollup_spans",
    "samples_import",
    "section_create",
    "section_target_set",
    "source_volume_set",
    "veto_not_required_record",
    "veto_record",
    "veto_withdraw",
    "waste_from_declarations",
    "work_plan_create",
    "work_plan_item_add",
    "work_plan_item_progress",
    "work_plan_publish",
]
