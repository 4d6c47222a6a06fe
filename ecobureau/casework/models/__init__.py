from .accountability import Accountability
from .approvals import Approval
from .attachments import Attachment, Blob
from .base import CaseModel
from .clocks import Clock, ClockExtension, ClockPause
from .documents import Document, DocumentCounter
from .recordings import RecordingCorrection, UnrecordedStep
from .workitems import WorkItem, WorkItemTally

__all__ = [
    "Accountability",
    "Approval",
    "Attachment",
    "Blob",
    "CaseModel",
    "Clock",
    "ClockExtension",
    "ClockPause",
    "Document",
    "DocumentCounter",
    "RecordingCorrection",
    "UnrecordedStep",
    "WorkItem",
    "WorkItemTally",
]
