"""Online monitoring (自动监控): instruments and their filings, the data they send,
exceedance episodes, anomalies and the clues (线索) both become.

A package (STYLE §2: models past ~800 lines become one): every model and helper is
re-exported here, so `from ecobureau.monitoring.models import Instrument` and
`monitoring.Instrument` in migrations keep working unchanged.

- `instruments`: operators, instruments (MN, password), online/offline events
- `data`: what the HJ 212 gateway stores (frames, readings, refused packets,
  gateway heartbeats)
- `clues`: exceedance episodes, anomaly rules and anomalies, clues (E8)
- `filings`: 备案 of installed or changed equipment (A11)
- `drone`: drone patrol flights and findings (A74)
- `discharge`: permitted totals, discharge flags and the stored daily totals
  of the public page (D14)
- `failures`: facility-failure reports (A98)
"""

from .clues import Anomaly, AnomalyRule, Clue, Exceedance
from .data import (
    Frame,
    GatewayState,
    Reading,
    ReadingBase,
    RejectedFrame,
    SummaryReading,
)
from .discharge import (
    DischargeAllowance,
    DischargeDayTotal,
    DischargeFlag,
    DischargeSummaryState,
    DischargeYearTotal,
)
from .drone import DroneFinding, DroneFlight
from .failures import FacilityFailure
from .filings import Filing
from .instruments import (
    PASSWORD_LENGTH,
    Instrument,
    LinkEvent,
    Operator,
    new_password,
    password_digest,
)

__all__ = [
    "PASSWORD_LENGTH",
    "Anomaly",
    "AnomalyRule",
    "Clue",
    "DischargeAllowance",
    "DischargeDayTotal",
    "DischargeFlag",
    "DischargeSummaryState",
    "DischargeYearTotal",
    "DroneFinding",
    "DroneFlight",
    "Exceedance",
    "FacilityFailure",
    "Filing",
    "Frame",
    "GatewayState",
    "Instrument",
    "LinkEvent",
    "Operator",
    "Reading",
    "ReadingBase",
    "RejectedFrame",
    "SummaryReading",
    "new_password",
    "password_digest",
]
