"""Every write of the monitoring module. Callers use this package:
`from ecobureau.monitoring import services`.

`ingest` stores what the HJ 212 gateway received (the group commit);
`instruments` the instrument registry, passwords and online/offline state;
`filings` the 备案 process; `evaluation` turns hourly data into exceedance
episodes and anomalies; `clues` pushes and decides clues; `anomaly_rules`
holds the configurable rules; `maintenance` partitions, retention and replay;
`drone` drone patrol flights and findings (A74); `permits_check` permitted
totals and the daily check for discharge without a permit or above it (D14);
`failures` the enterprise's facility-failure report (A98);
`discharge_summary` the stored daily totals behind the public page (D14).
"""

from .anomaly_rules import anomaly_rule_update, anomaly_rules_ensure
from .clues import (
    clue_dismiss,
    clue_link,
    clue_open,
    clue_open_for_finding,
    clue_open_for_flag,
    clue_refer,
    clues_decide_many,
    clues_open_many,
)
from .discharge_summary import SummaryResult, discharge_summary_refresh
from .drone import FindingData, FlightData, check_route, finding_add, flight_record
from .evaluation import Result as EvaluationResult
from .evaluation import evaluate
from .failures import FailureData, failure_report, failure_update
from .filings import FilingData, filing_due, filing_file, filing_return, filing_submit
from .ingest import (
    Received,
    Refused,
    credentials_load,
    frames_store,
    gateway_beat,
    rejected_store,
)
from .instruments import (
    InstrumentData,
    instrument_register,
    instrument_retire,
    instrument_set_password,
    instrument_update,
    links_sweep,
    operator_add,
)
from .maintenance import partitions_ensure, replay, retention_prune
from .permits_check import (
    AllowanceData,
    allowance_set,
    discharge_check,
    valid_discharge_permits,
)

__all__ = [
    "AllowanceData",
    "EvaluationResult",
    "FailureData",
    "FilingData",
    "FindingData",
    "FlightData",
    "InstrumentData",
    "Received",
    "Refused",
    "SummaryResult",
    "allowance_set",
    "anomaly_rule_update",
    "anomaly_rules_ensure",
    "check_route",
    "clue_dismiss",
    "clue_link",
    "clue_open",
    "clue_open_for_finding",
    "clue_open_for_flag",
    "clue_refer",
    "clues_decide_many",
    "clues_open_many",
    "credentials_load",
    "discharge_check",
    "discharge_summary_refresh",
    "evaluate",
    "failure_report",
    "failure_update",
    "filing_due",
    "filing_file",
    "filing_return",
    "filing_submit",
    "finding_add",
    "flight_record",
    "frames_store",
    "gateway_beat",
    "instrument_register",
    "instrument_retire",
    "instrument_set_password",
    "instrument_update",
    "links_sweep",
    "operator_add",
    "partitions_ensure",
    "rejected_store",
    "replay",
    "retention_prune",
    "valid_discharge_permits",
]
