"""Writes of the casework core. One module per sub-topic; callers import this
package: `from ecobureau.casework import services` then `services.clock_start(...)`.
"""

from .accountability import accountability_open, accountability_open_for_missed_clock
from .clocks import (
    clock_add_pause,
    clock_cancel,
    clock_explain,
    clock_extend,
    clock_pause,
    clock_resume,
    clock_start,
    clock_stop,
    clocks_for,
    clocks_mark_due,
    clocks_recompute_provisional,
)
from .transitions import case_start, case_transition, check_may_act
from .workitems import workitem_close, workitem_open, workitem_reassign

__all__ = [
    "accountability_open",
    "accountability_open_for_missed_clock",
    "case_start",
    "case_transition",
    "check_may_act",
    "clock_add_pause",
    "clock_cancel",
    "clock_explain",
    "clock_extend",
    "clock_pause",
    "clock_resume",
    "clock_start",
    "clock_stop",
    "clocks_for",
    "clocks_mark_due",
    "clocks_recompute_provisional",
    "workitem_close",
    "workitem_open",
    "workitem_reassign",
]

# Attachments, documents, internal approvals (A49) and correction orders for
# recordings (A48); appended, kept as explicit re-exports.
from .approvals import approval_decide as approval_decide
from .approvals import approval_propose as approval_propose
from .approvals import approval_resubmit as approval_resubmit
from .approvals import approval_review as approval_review
from .attachments import attachment_access as attachment_access
from .attachments import attachment_add as attachment_add
from .attachments import attachment_open as attachment_open
from .attachments import blob_path as blob_path
from .documents import document_issue as document_issue
from .documents import document_number_take as document_number_take
from .recording_corrections import (
    recording_correction_accept as recording_correction_accept,
)
from .recording_corrections import (
    recording_correction_issue as recording_correction_issue,
)
from .recording_corrections import (
    recording_correction_respond as recording_correction_respond,
)
from .recording_corrections import (
    recording_correction_return as recording_correction_return,
)
from .recording_corrections import (
    recording_correction_withdraw as recording_correction_withdraw,
)
