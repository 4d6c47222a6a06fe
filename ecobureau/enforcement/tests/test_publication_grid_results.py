"""Grid publishes each drawn check's outcome with the penalty decisions that
followed it (双随机 一公开, A93). Grid cannot import enforcement, so enforcement
registers its lookup at start-up; a withdrawn decision drops out."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ecobureau.grid import selectors as grid_selectors
from ecobureau.grid.selectors import public_results

from ..models import EnforcementCase, Inspection, PenaltyDecision
from ..services import publication
from . import test_execution

pytestmark = pytest.mark.django_db

served = test_execution.served


def test_published_decisions_reach_grid_by_the_plan_task(
    served: PenaltyDecision, planned: Inspection, enforcement_head
) -> None:
    assert (
        public_results.PUBLIC_DECISION_LOOKUP
        is publication.public_decisions_by_plan_task
    )
    task_id = planned.plan_task_id
    assert task_id is not None
    # the case came from the drawn task's inspection
    EnforcementCase.objects.filter(pk=served.case_id).update(inspection=planned)
    assert grid_selectors.public_decisions_for_tasks([task_id]) == {}  # not published
    published = publication.decision_publish(decision=served, by=enforcement_head)
    found = grid_selectors.public_decisions_for_tasks([task_id, task_id + 1000])
    assert found == {
        task_id: [
            grid_selectors.PublicDecisionRef(published.reference, published.decided_on)
        ]
    }
    publication.publication_withdraw(
        published=published,
        changed_on=timezone.localdate(),
        reason="决定被依法撤销",
        by=enforcement_head,
    )
    assert grid_selectors.public_decisions_for_tasks([task_id]) == {}
