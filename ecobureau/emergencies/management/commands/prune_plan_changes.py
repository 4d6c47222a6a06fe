"""Daily: delete the old and new names, phones and contact text of plan changes
(`PlanChange`) past EMERGENCY_PLAN_CHANGE_RETENTION_DAYS; the record keeps their
digests. Safe to run twice."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.emergencies import preparedness


class Command(BaseCommand):
    help = "按保存期限删除预案联系人修改前后的姓名、电话。"

    def handle(self, *args: Any, **options: Any) -> None:
        pruned = preparedness.plan_changes_prune()
        self.stdout.write(f"已删除预案联系人修改记录{pruned}条")
