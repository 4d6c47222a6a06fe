"""A complaint whose complainant registered a reward report (举报奖励).

The rewards module calls `complaint_link_reward` when it registers a report for a
complaint; from then on the complainant is a reporter under 实施细则 第十一条
(A126): the complaint's pages, API, revisits and exports show nobody the
complainant's name or contacts — only the reward handlers
(`rewards.view_identity`), through the reward report's recorded view.
"""

from __future__ import annotations

from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records

from ..models import Complaint


@transaction.atomic
def complaint_link_reward(*, complaint_id: int, by: User) -> bool:
    """Mark the complaint as linked to a reward report; False if none exists."""
    linked = Complaint.objects.filter(pk=complaint_id).update(reward_linked=True)
    if linked:
        records.append(
            action="complaints.complaint.reward_link",
            target=("complaints.complaint", complaint_id),
            actor=by,
        )
    return bool(linked)
