"""第六条第（九）项: "较大、重大和特别重大突发环境事件发生后，未按照要求执行停产、停排
措施，继续违反法律法规规定排放污染物的" (seed 000 举报奖励). A report of such a
breach is linked to the stop order it concerns, chosen among the orders in force
that the handler may see in emergencies (`selectors.stop_orders_in_force_for_user`,
a registered lookup: emergencies sits above rewards). The penalty step refuses
category 9 without such a link."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records

from .. import selectors
from ..models import RewardReport

CATEGORY = 9
# 第六条第（九）项 names these grades; the order must follow one of them.
GRADES_FOR_CATEGORY = ("larger", "major", "especially_major")
# Before the penalty step: afterwards the categories are decided.
STOP_ORDER_LINKABLE = (
    RewardReport.Status.REGISTERED,
    RewardReport.Status.DISPATCHED,
    RewardReport.Status.SURVEYED,
)


def _plain_name(name: str) -> str:
    """A name compared loosely: no spaces, half-width brackets, lower case."""
    return "".join(name.split()).replace("（", "(").replace("）", ")").lower()


def same_party(reported_party: str, enterprise_name: str) -> bool:
    """Whether the report's 被举报单位 names the order's enterprise: one name holds
    the other ("华信化工" and "鞍山市华信化工有限公司" do; "华信" and "华兴" do not)."""
    reported, enterprise = _plain_name(reported_party), _plain_name(enterprise_name)
    return bool(reported and enterprise) and (
        reported in enterprise or enterprise in reported
    )


@transaction.atomic
def report_link_stop_order(
    *,
    report: RewardReport,
    stop_order_id: int,
    by: User,
    same_party_confirmed: bool = False,
) -> RewardReport:
    """Link the report to a stop order in force (or move the link to another).

    第六条第（九）项 rewards a report that *the reported party* kept discharging
    against the order, so the order must be addressed to that party: when the
    report's 被举报单位 does not name the order's enterprise, the handler must
    confirm that they are the same (a short name, a former name), and the
    confirmation is recorded."""
    if not (by.is_staff_member and by.has_perm("rewards.manage_reward")):
        raise PermissionDenied("只有举报奖励经办人可以关联停产、停排令。")
    report = RewardReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in STOP_ORDER_LINKABLE:
        raise ValidationError("已录入查处结果或已办结的举报不能再关联停产、停排令。")
    order = next(
        (
            o
            for o in selectors.stop_orders_in_force_for_user(by)
            if o.pk == stop_order_id
        ),
        None,
    )
    if order is None:
        raise ValidationError(
            "该停产、停排令不存在、已解除，或不在您可查看的突发环境事件范围内。"
        )
    if order.incident.grade not in GRADES_FOR_CATEGORY:
        raise ValidationError(
            "第六条第（九）项仅适用于较大、重大和特别重大突发环境事件后的停产、停排措施，"
            "该令所属事件未定级或为一般事件。"
        )
    matches = same_party(report.reported_party, order.enterprise.name)
    if not matches and not same_party_confirmed:
        raise ValidationError(
            f"被举报单位“{report.reported_party}”与该令的企业“{order.enterprise.name}”"
            "名称不一致。第六条第（九）项须为被举报单位本身未执行的停产、停排令；"
            "如确系同一单位（简称、曾用名等），请勾选确认后再关联。"
        )
    before = report.stop_order_id
    text = selectors.stop_order_label(order)
    RewardReport.objects.filter(pk=report.pk).update(
        stop_order_id=order.pk, stop_order_text=text
    )
    report.stop_order_id, report.stop_order_text = order.pk, text
    records.append(
        action="rewards.report.link_stop_order",
        target=report,
        actor=by,
        before={"stop_order": before},
        after={"stop_order": order.pk},
        data={
            "incident": order.incident_id,
            "kind": order.kind,
            "enterprise": order.enterprise_id,
            "names_match": matches,
            "same_party_confirmed": same_party_confirmed and not matches,
        },
    )
    return report


def check_category(report: RewardReport, categories: list[int]) -> None:
    """The penalty step: category 9 needs a linked stop order."""
    if CATEGORY in categories and report.stop_order_id is None:
        raise ValidationError(
            "第六条第（九）项须先关联被举报单位未执行的停产、停排令（在执行中的令）。"
        )
