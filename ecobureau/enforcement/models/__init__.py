"""The enforcement module's models: inspections and cases to the end of the
investigation (`cases.py`, issue 9) and the decision path from 调查终结 to service
(`decisions.py`, issue 10)."""

from .cases import (
    CheckIn,
    CompulsoryMeasure,
    EnforcementCase,
    EnterpriseCode,
    HealthCheckSheet,
    Inspection,
    InspectionReason,
    InspectionRecord,
    InvestigationDocument,
    MinorViolationCheck,
    MinorViolationItem,
    PoliceTransfer,
    PreservationDecision,
    RecordAccessRequest,
    VisitRating,
)
from .decisions import (
    Deliberation,
    DeliberationMember,
    DiscretionStandard,
    LegalReview,
    Payment,
    PenaltyDecision,
    StatementPoint,
)

__all__ = [
    "CheckIn",
    "CompulsoryMeasure",
    "Deliberation",
    "DeliberationMember",
    "DiscretionStandard",
    "EnforcementCase",
    "EnterpriseCode",
    "HealthCheckSheet",
    "Inspection",
    "InspectionReason",
    "InspectionRecord",
    "InvestigationDocument",
    "LegalReview",
    "MinorViolationCheck",
    "MinorViolationItem",
    "Payment",
    "PenaltyDecision",
    "PoliceTransfer",
    "PreservationDecision",
    "RecordAccessRequest",
    "StatementPoint",
    "VisitRating",
]
