"""Tables of the grid module, by sub-topic (STYLE.md §2: models as a package)."""

from .cells import CellStandard, GridCell, GridMember, ResponsibilityLetter
from .coordination import (
    Campaign,
    CellEvaluation,
    ImplementationScheme,
    JointMeeting,
    JointReview,
    MeetingTask,
    SupervisionFollowUp,
    SupervisionItem,
    Training,
)
from .patrols import Patrol, Problem, Transfer
from .planning import Draw, InspectionTask
from .projects import Project, ProjectEvent
from .reports import WorkReport
from .rural import RuralAssessment, RuralProgress, RuralTarget
from .supervision import (
    ClassPolicy,
    EnterpriseSupervision,
    InspectorConflict,
    KeyEnterpriseDocument,
    ListedCheckRequest,
    Violation,
)

__all__ = [
    "Campaign",
    "CellEvaluation",
    "CellStandard",
    "ClassPolicy",
    "Draw",
    "EnterpriseSupervision",
    "GridCell",
    "GridMember",
    "ImplementationScheme",
    "InspectionTask",
    "InspectorConflict",
    "JointMeeting",
    "JointReview",
    "KeyEnterpriseDocument",
    "ListedCheckRequest",
    "MeetingTask",
    "Patrol",
    "Problem",
    "Project",
    "ProjectEvent",
    "ResponsibilityLetter",
    "RuralAssessment",
    "RuralProgress",
    "RuralTarget",
    "SupervisionFollowUp",
    "SupervisionItem",
    "Training",
    "Transfer",
    "Violation",
    "WorkReport",
]
