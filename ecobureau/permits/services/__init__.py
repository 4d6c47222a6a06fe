"""Writes of the permits module. One module per sub-topic; callers import this
package: `from ecobureau.permits import services` then `services.application_act(...)`.
"""

from .applications import (
    application_create,
    application_register,
    application_submit,
    application_update_draft,
    check_may_apply,
    material_add,
    material_remove,
    missing_materials,
    missing_supplements,
)
from .catalogue import catalogue_load, item_update
from .enquiries import enquiry_answer, enquiry_ask, enquiry_claim, rating_add
from .handling import (
    ActionInput,
    application_act,
    application_correct_on_spot,
    application_extend,
    basis_in_force,
    issue_document,
)
from .owners import owner_claim, owner_handover, staff_rank
from .registers import assessment_record, licence_event, licence_register
from .supply import application_supply, application_withdraw_by_applicant

__all__ = [
    "ActionInput",
    "application_act",
    "application_correct_on_spot",
    "application_create",
    "application_extend",
    "application_register",
    "application_submit",
    "application_supply",
    "application_update_draft",
    "application_withdraw_by_applicant",
    "assessment_record",
    "basis_in_force",
    "catalogue_load",
    "check_may_apply",
    "enquiry_answer",
    "enquiry_ask",
    "enquiry_claim",
    "issue_document",
    "item_update",
    "licence_event",
    "licence_register",
    "material_add",
    "material_remove",
    "missing_materials",
    "missing_supplements",
    "owner_claim",
    "owner_handover",
    "rating_add",
    "staff_rank",
]
