"""The messages the enforcement services build at run time (a date, a name, the
items missing) are raised in the reader's language; with Chinese active they are
the sentences they always were (ADR 0015: none of them is stored, only shown).

Each test calls a service with bad input once in English and once in Chinese. The
English sentences are the entries of the English catalogue."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from ..models import PenaltyDecision, SupersededDecision
from ..services import committee, decisions, measures, supersede
from ..services.decision_common import summary_problems
from ..services.decisions import Penalty
from ..services.inspections import code_issue
from . import test_committee, test_execution, test_execution_other, test_supersede_order
from .committee_setup import Office
from .test_decisions import standard
from .test_execution import today
from .test_execution_other import at, record, workday_before
from .test_measures import approve
from .test_measures import propose as propose_measure

pytestmark = pytest.mark.django_db

# fixtures of the tests whose cases these are
served = test_execution.served
reminded_decision = test_execution_other.reminded_decision
roster = test_committee.roster
served_100k = test_supersede_order.served_100k
people = test_supersede_order.people
remade = test_supersede_order.remade

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def refused(call, *, language: str, error: type[Exception] = ValidationError):
    """The messages `call` is refused with, `language` active."""
    with translation.override(language), pytest.raises(error) as caught:
        call()
    if isinstance(caught.value, ValidationError):
        return caught.value.messages
    return [str(caught.value)]


def test_summary_problems_in_the_readers_language():
    decision = PenaltyDecision(
        party_kind=PenaltyDecision.PartyKind.CITIZEN,
        fine=Decimal("500"),
        measures=[PenaltyDecision.Measure.SUSPEND],
    )
    with translation.override("zh-hans"):
        assert summary_problems(decision) == [
            "简易程序罚款不得超过200元（公民）。",
            "简易程序只能给予警告或者小额罚款。",
        ]
    with translation.override("en"):
        assert summary_problems(decision) == [
            "A fine under the summary procedure may not exceed 200 yuan (citizen).",
            "The summary procedure allows only a warning or a small fine.",
        ]


def test_summary_record_and_money_labels(investigated, officers):
    def propose(fine: str) -> PenaltyDecision:
        return decisions.decision_propose(
            case=investigated,
            procedure="summary",
            penalty=Penalty(fine=fine),
            facts="现场发现危废标识缺失。",
            legal_basis="《固体废物污染环境防治法》第一百一十二条",
            standard=standard("简易-警告"),
            discretion_level="小额罚款",
            discretion_reasons="情节轻微",
            by=officers[0],
        )

    # the label of the field is translated with the sentence
    assert refused(lambda: propose("三千"), language="en") == ["Fine: enter a number."]
    assert refused(lambda: propose("三千"), language="zh-hans") == ["罚款请填写数字。"]
    # the summary procedure's record, its five items missing, "、" joining them
    propose("3000")
    check = lambda: decisions.summary_check(investigated)  # noqa: E731
    chinese = refused(check, language="zh-hans")
    assert chinese == [
        "简易程序记录缺少：适用简易程序的事实依据、法律依据的具体条件、"
        "实施简易程序的程序步骤及法定文书、当事人陈述、申辩的记录、"
        "对陈述、申辩内容的复核及处理，是否采纳的理由、向所属行政机关备案的内容"
    ]
    english = refused(check, language="en")
    assert english[0].startswith(
        "The summary procedure record lacks: the specific factual and legal "
        "conditions for the summary procedure, the procedural steps taken"
    )
    assert not CHINESE.search(english[0])


def test_other_execution_refusals(reminded_decision, officers):
    on = workday_before(today())
    night = {"started_at": at(on, 5, 30), "ended_at": at(on, 7)}
    attempt = lambda: record(reminded_decision, officers[0], on, **night)  # noqa: E731
    (chinese,) = refused(attempt, language="zh-hans")
    assert chinese == (
        "不得在夜间或者法定节假日实施行政强制执行（夜间（22时至次日6时）），"
        "情况紧急的须写明事由（行政强制法第四十三条）。"
    )
    (english,) = refused(attempt, language="en")
    assert "at night (22:00 to 06:00)" in english
    assert not CHINESE.search(english)
    # the day the reminder was served, and a field left empty
    served_on = timezone.localtime(reminded_decision.reminders.get().served_at).date()
    early = lambda: record(  # noqa: E731
        reminded_decision,
        officers[0],
        served_on,
        started_at=at(served_on, 9),
        ended_at=at(served_on, 10),
    )
    assert refused(early, language="en") == [
        f"The reminder was served on {served_on}; execution is possible only if "
        "the party still has not performed after the reminder, so the execution "
        "date must be after service (Administrative Compulsion Law art. 37)."
    ]
    assert refused(early, language="zh-hans") == [
        f"催告书于{served_on}送达，经催告逾期仍不履行的方可强制执行，"
        "实施日期应在送达之后（行政强制法第三十七条）。"
    ]
    blank = lambda: record(reminded_decision, officers[0], on, basis="")  # noqa: E731
    assert refused(blank, language="en") == [
        "Please fill in: legal basis (compulsory execution is set by law, "
        "Administrative Compulsion Law art. 13)."
    ]
    assert refused(blank, language="zh-hans") == [
        "请填写法律依据（行政强制执行由法律设定，行政强制法第十三条）。"
    ]


def test_measure_refusals_name_the_officer_and_the_measure(
    filed_case, officers, other_officer, district_a_leader, city_leader
):
    team = lambda: measures.present_officers(  # noqa: E731
        filed_case, [officers[0], other_officer]
    )
    name = other_officer.display_name
    assert refused(team, language="en") == [
        f"{name} is not a case officer for this case."
    ]
    assert refused(team, language="zh-hans") == [f"{name}不是本案的承办人员。"]
    measure = propose_measure(filed_case, officers[0], kind="seize")
    approve(measure, district_a_leader, city_leader)
    measures.measure_carry_out(
        measure=measure,
        officers=officers,
        served_to="钱经理",
        refusal="当事人拒绝签字，已录像",
        by=officers[0],
    )
    check = lambda: measures.measures_check(filed_case)  # noqa: E731
    assert refused(check, language="en") == [
        "These seals or seizures lack a simultaneous audio or video recording "
        f"(Full-Process Recording Measures art. 15): Seizure#{measure.pk}."
    ]
    assert refused(check, language="zh-hans") == [
        f"以下查封、扣押缺少同步音像记录（全过程记录实施办法第十五条）：扣押#{measure.pk}。"
    ]


def test_supersession_refusals(remade: SupersededDecision, people: dict):
    assert remade.document is not None
    reference = remade.document.reference
    decision = PenaltyDecision.objects.get(pk=remade.decision_id)
    check = lambda: supersede.revocation_order_check(  # noqa: E731
        decision, timezone.now()
    )
    (english,) = refused(check, language="en")
    assert english.startswith(
        f"The decision revoking the penalty decision {reference} has not been served"
    )
    assert refused(check, language="zh-hans") == [
        f"撤销行政处罚决定书{reference}尚未送达：重新作出的行政处罚决定书"
        "不得先于撤销决定书送达（可同时送达），请先登记撤销决定书的送达。"
    ]
    # a withdrawal from before the system made revocation decisions: told in plain
    # words (a fixed message: the page translates it when it shows it)
    SupersededDecision.objects.filter(pk=remade.pk).update(document=None)
    serve = lambda: supersede.revocation_serve(  # noqa: E731
        superseded=remade,
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": "企业法定代表人签收"},
        by=people["officer"],
    )
    (chinese,) = refused(serve, language="zh-hans")
    assert chinese == (
        "该次撤回是在本系统制作撤销行政处罚决定书之前作出的，"
        "没有可登记送达的撤销行政处罚决定书。"
    )
    assert "迁移" not in chinese
    with translation.override("en"):
        assert translation.gettext(chinese) == (
            "This withdrawal was made before the system produced revocation "
            "decisions, so there is no revocation decision whose service can be "
            "recorded."
        )


def test_committee_refusals_and_permission_messages(
    roster, officers, city_leader, enforcement_head, enterprise_a, enterprise_user_a
):
    # a `_check_role` refusal names the action in the reader's language
    add = lambda: committee.committee_member_add(  # noqa: E731
        user=officers[1],
        office=Office.RELATED_SECTION,
        started_on=timezone.localdate(),
        by=officers[0],
    )
    assert refused(add, language="en", error=PermissionDenied) == [
        "Changing the committee's membership must be done by staff in the "
        "corresponding post."
    ]
    assert refused(add, language="zh-hans", error=PermissionDenied) == [
        "调整审委会组成人员须由相应岗位人员办理。"
    ]
    # the names in the refusal are as typed; the sentence around them translated
    meeting = lambda: committee.check_meeting_roster(  # noqa: E731
        held_at=timezone.now(),
        chair=city_leader,
        chair_entrusted=False,
        member_ids={city_leader.pk, officers[0].pk},
    )
    name = officers[0].display_name
    assert refused(meeting, language="en") == [
        f"Not voting members of the committee (attendees do not vote): {name}."
    ]
    assert refused(meeting, language="zh-hans") == [
        f"{name}不是审委会委员（列席人员不参加表决）。"
    ]
    # an `inspections._require` refusal: the fixed message passed in
    issue = lambda: code_issue(enterprise=enterprise_a, by=enterprise_user_a)  # noqa: E731
    assert refused(issue, language="en", error=PermissionDenied) == [
        "You may not issue enforcement QR codes to enterprises."
    ]
    assert refused(issue, language="zh-hans", error=PermissionDenied) == [
        "您无权签发企业执法二维码。"
    ]
