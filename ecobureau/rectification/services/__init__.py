"""Every write of rectification, by topic:

- `tasks`: the task ledger, measures and evidence, milestones, the task's steps;
- `petitions`: petition cases, the five conditions, the case's steps;
- `acceptance`: 区验收 member table, 市复核 sign-off, the three documents;
- `closeout`: published before close-out, revisits and the look-back;
- `progress`: progress reports, 督办, the late / at-risk check (told through
  `notify`);
- `oversight`: the committee's bimonthly meetings, 纪工委 and special visits;
- `regulations`: the close-out regulations as dated references;
- `enforcement_links`: enforcement cases behind 案件查处 and 查处;
- `assessment`: the stored annual assessment of units.

Each status change goes through `casework.services.case_transition` (the record
entry, clocks and work items in the same transaction); other writes append their
own record entry. The complainant's identity never enters the record. Callers
import the public names from this package.
"""

from .acceptance import (
    _REVIEWED,
    DOCUMENT_CONTEXTS,
    acceptance_check,
    acceptance_member_add,
    case_document_issue,
    local_places,
    required_parts,
    review_pass_check,
    review_sign,
)
from .assessment import (
    assessment_circulate,
    assessment_compute,
    assessment_dept_review,
    assessment_review,
    assessment_self,
    assessment_talk,
    case_score_record,
    case_territories,
    circulation_due_on,
    circulation_overdue,
    petition_territories,
    ranking_of,
    task_grade_for_year,
    units_without_assessment,
)
from .closeout import (
    REVISIT_SHARE,
    close_check,
    lookback_progress,
    lookback_record,
    revisit_coverage,
    revisit_record,
    revisits_draw,
)
from .enforcement_links import (
    enforcement_link,
    enforcement_unlink,
    measure_links_check,
    petition_links_check,
)
from .enterprise_link import (
    enterprise_link_allowed,
    petition_enterprise_set,
    task_enterprise_set,
)
from .milestones import MilestoneData, milestone_refusals
from .oversight import (
    meeting_gaps,
    meeting_record,
    meeting_schedule,
    routine_visit_gaps,
    visit_record,
    visit_schedule,
)
from .petitions import (
    CaseData,
    city_name,
    complainant_known,
    department_named,
    key_case_plan_missing,
    petition_complete_check,
    petition_create,
    petition_evidence,
    petition_key_plan,
    petition_ledger_refusals,
    petition_review_departments,
    petition_supervising_department,
    petition_transition,
    petition_update_ledger,
    review_clock_stop,
    review_department_names,
    review_department_refusals,
    review_group_open,
    supervising_department_refusal,
)
from .progress import (
    WARNING_DAYS_EXAMPLE,
    CheckResult,
    check_late_and_at_risk,
    progress_report,
    supervision_issue,
    warning_days,
)
from .regulations import closeout_basis, regulation_add, regulation_in_force
from .tasks import (
    MeasureData,
    TaskData,
    measure_add,
    measure_evidence,
    milestone_add,
    milestone_done,
    task_complete_check,
    task_create,
    task_ledger_refusals,
    task_target,
    task_transition,
    task_update_ledger,
)

__all__ = [
    "DOCUMENT_CONTEXTS",
    "REVISIT_SHARE",
    "WARNING_DAYS_EXAMPLE",
    "_REVIEWED",
    "CaseData",
    "CheckResult",
    "MeasureData",
    "MilestoneData",
    "TaskData",
    "acceptance_check",
    "acceptance_member_add",
    "assessment_circulate",
    "assessment_compute",
    "assessment_dept_review",
    "assessment_review",
    "assessment_self",
    "assessment_talk",
    "case_document_issue",
    "case_score_record",
    "case_territories",
    "check_late_and_at_risk",
    "circulation_due_on",
    "circulation_overdue",
    "city_name",
    "close_check",
    "closeout_basis",
    "complainant_known",
    "department_named",
    "enforcement_link",
    "enforcement_unlink",
    "enterprise_link_allowed",
    "key_case_plan_missing",
    "local_places",
    "lookback_progress",
    "lookback_record",
    "measure_add",
    "measure_evidence",
    "measure_links_check",
    "meeting_gaps",
    "meeting_record",
    "meeting_schedule",
    "milestone_add",
    "milestone_done",
    "milestone_refusals",
    "petition_complete_check",
    "petition_create",
    "petition_enterprise_set",
    "petition_evidence",
    "petition_key_plan",
    "petition_ledger_refusals",
    "petition_links_check",
    "petition_review_departments",
    "petition_supervising_department",
    "petition_territories",
    "petition_transition",
    "petition_update_ledger",
    "progress_report",
    "ranking_of",
    "regulation_add",
    "regulation_in_force",
    "required_parts",
    "review_clock_stop",
    "review_department_names",
    "review_department_refusals",
    "review_group_open",
    "review_pass_check",
    "review_sign",
    "revisit_coverage",
    "revisit_record",
    "revisits_draw",
    "routine_visit_gaps",
    "supervising_department_refusal",
    "supervision_issue",
    "task_complete_check",
    "task_create",
    "task_enterprise_set",
    "task_grade_for_year",
    "task_ledger_refusals",
    "task_target",
    "task_transition",
    "task_update_ledger",
    "units_without_assessment",
    "visit_record",
    "visit_schedule",
    "warning_days",
]
