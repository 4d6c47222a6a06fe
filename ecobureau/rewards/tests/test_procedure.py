"""Every path of the reward procedure with its clocks (实施细则 第九条)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock, Document
from ecobureau.casework.tests.test_documents import pdf_text
from ecobureau.lib.dates import SHANGHAI
from ecobureau.rewards import services
from ecobureau.rewards.models import Publication, RewardReport

from .conftest import LI, ZHANG, register

pytestmark = pytest.mark.django_db
MON = datetime(2026, 9, 7, 9, 0, tzinfo=SHANGHAI)  # Monday 2026-09-07


def clock(report, step):
    return Clock.objects.get(
        target_type="rewards.rewardreport", target_id=report.pk, step=step
    )


def local(moment):
    return moment.astimezone(SHANGHAI).date().isoformat()


def to_penalty(
    report, handler, team, team_officer, categories=(11,), decided=date(2026, 9, 14)
):
    services.report_dispatch(report=report, unit=team, by=handler)
    services.report_survey(report=report, note="现场发现暗管", by=team_officer)
    services.report_penalty(
        report=report,
        decided_on=decided,
        categories=categories,
        by=handler,
        decision_reference="鞍环罚〔2026〕12号",
    )


def approve(report, handler, section_head, city_leader, **propose):
    approval = services.report_propose(report=report, by=handler, reasons="", **propose)
    casework.approval_review(approval=approval, opinion="同意", by=section_head)
    casework.approval_decide(
        approval=approval, decision="approve", opinion="同意", by=city_leader
    )
    services.report_after_approval(report=report, by=handler)


def test_the_whole_path_to_payment(
    handler, team, team_officer, section_head, city_leader
):
    with time_machine.travel(MON, tick=False):
        report = register(handler)
        services.report_dispatch(report=report, unit=team, by=handler)
    # 10 working days from Monday 2026-09-07: Sunday 09-20 is a make-up working
    # day of the 2026 National Day holiday (调休), so the tenth is 2026-09-20.
    assert local(clock(report, "dispatched").due_at) == "2026-09-20"
    note = Document.objects.get(kind="reward_dispatch_note")
    assert "2026年9月20日前完成现场勘验" in pdf_text(note) and "张" not in pdf_text(
        note
    )
    with time_machine.travel(MON + timedelta(days=3), tick=False):
        services.report_survey(report=report, note="现场发现暗管", by=team_officer)
    assert clock(report, "dispatched").state == Clock.State.MET
    with time_machine.travel(MON + timedelta(days=10), tick=False):
        services.report_penalty(
            report=report,
            decided_on=date(2026, 9, 15),
            categories=[11, 15],
            by=handler,
        )
        # 5 working days from the decision (Tuesday 09-15), 09-20 counted: 09-21.
        assert local(clock(report, "penalty_decided").due_at) == "2026-09-21"
        approve(report, handler, section_head, city_leader)
    report.refresh_from_db()
    assert (report.status, report.amount) == (
        "approved",
        Decimal("1000.00"),
    )  # highest of 1000 / 500
    assert clock(report, "penalty_decided").state == Clock.State.MET
    with time_machine.travel(MON + timedelta(days=14), tick=False):
        services.report_notify(
            report=report,
            service="publication",
            served_on=date(2026, 9, 21),
            by=handler,
        )
    report.refresh_from_db()
    # 30 working days from Monday 09-21, over the National Day holiday: 2026-11-10.
    assert local(report.claim_due_at) == local(clock(report, "notified").due_at)
    publication = Publication.objects.get()
    assert report.registration_no in publication.body and "张" not in publication.body
    with time_machine.travel(MON + timedelta(days=20), tick=False):
        with pytest.raises(ValidationError, match="不一致"):
            services.report_pay(
                report=report,
                claim=services.Claim("self", id_number="210302198001019999"),
                by=handler,
            )
        services.report_pay(
            report=report,
            claim=services.Claim("self", id_number="210302198001011234"),
            by=handler,
        )
    report.refresh_from_db()
    assert report.status == RewardReport.Status.PAID
    assert report.report_reporters.get().share == Decimal("1000.00")
    assert clock(report, "notified").state == Clock.State.MET
    assert set(
        Document.objects.filter(
            target_type="rewards.rewardreport", target_id=report.pk
        ).values_list("kind", flat=True)
    ) == {
        "reward_registration",
        "reward_dispatch_note",
        "reward_approval_form",
        "reward_notice",
    }


def test_an_excluded_report_is_told_within_5_working_days(handler, team):
    with time_machine.travel(MON, tick=False):
        report = register(handler)
        services.report_dispatch(report=report, unit=team, by=handler)
        services.report_exclude(
            report=report, exclusions=[4], not_first=False, note="", by=handler
        )
    assert local(clock(report, "excluding").due_at) == "2026-09-14"
    with time_machine.travel(MON + timedelta(days=2), tick=False):
        services.report_serve_exclusion(
            report=report, service="written", served_on=date(2026, 9, 9), by=handler
        )
    report.refresh_from_db()
    assert report.status == RewardReport.Status.EXCLUDED
    text = pdf_text(Document.objects.get(kind="reward_exclusion_notice"))
    assert "第八条第（四）项" in text and "登记号" in text and "张建国" not in text


def test_only_the_first_valid_reporter_goes_on(handler, team, team_officer):
    first = register(handler)
    second = register(handler, party="华信化工", reporters=[LI])
    services.report_dispatch(report=second, unit=team, by=handler)
    services.report_survey(report=second, note="同一暗管", by=team_officer)
    with pytest.raises(
        ValidationError, match=f"第一有效举报为登记号{first.registration_no}"
    ):
        services.report_penalty(
            report=second, decided_on=date(2026, 9, 1), categories=[11], by=handler
        )
    services.report_exclude(
        report=second, exclusions=[], not_first=True, note="", by=handler
    )
    # Had the first been excluded (not cooperating), the second would be first.
    services.report_dispatch(report=first, unit=team, by=handler)
    services.report_exclude(
        report=first, exclusions=[6], not_first=False, note="", by=handler
    )
    assert services.first_valid(first.matter) is None  # the second is excluded too


def test_joint_reporters_share_equally_or_as_agreed(
    handler, team, team_officer, section_head, city_leader
):
    report = register(
        handler,
        reporters=[
            ZHANG,
            LI,
            services.Identity("王五", "210302199003033333", "13800000033"),
        ],
    )
    to_penalty(report, handler, team, team_officer, categories=[2])
    approve(report, handler, section_head, city_leader)
    services.report_notify(
        report=report, service="written", served_on=timezone.localdate(), by=handler
    )
    with pytest.raises(ValidationError, match=r"合计应为10000\.00元"):
        services.report_pay(
            report=report,
            claim=services.Claim(
                "self",
                id_number=LI.id_number,
                agreed_shares=[Decimal(5000), Decimal(5000), Decimal(1)],
            ),
            by=handler,
        )
    services.report_pay(
        report=report, claim=services.Claim("self", id_number=LI.id_number), by=handler
    )
    shares = list(
        report.report_reporters.order_by("order").values_list("share", flat=True)
    )
    assert shares == [Decimal("3333.34"), Decimal("3333.33"), Decimal("3333.33")]


def test_a_proxy_brings_every_listed_paper(
    handler, team, team_officer, section_head, city_leader
):
    report = register(handler)
    to_penalty(report, handler, team, team_officer)
    approve(report, handler, section_head, city_leader)
    services.report_notify(
        report=report, service="written", served_on=timezone.localdate(), by=handler
    )
    with pytest.raises(ValidationError, match="授权委托书"):
        services.report_pay(
            report=report, claim=services.Claim("proxy", papers=["notice"]), by=handler
        )
    papers = [code for code, _ in services.PROXY_PAPERS]
    services.report_pay(
        report=report,
        claim=services.Claim(
            "proxy",
            papers=papers,
            proxy_name="赵六",
            proxy_id_number="210302199104044444",
        ),
        by=handler,
    )
    report.refresh_from_db()
    assert report.claimed_by == "proxy" and "赵六" not in report.proxy_name_enc


def test_the_exceptional_case_needs_an_approved_amount_up_to_50000(
    handler, team, team_officer
):
    report = register(handler)
    to_penalty(report, handler, team, team_officer, categories=[18])
    with pytest.raises(ValidationError, match="approved_amount"):
        services.report_propose(report=report, by=handler, reasons="")
    with pytest.raises(ValidationError, match="不超过50000"):
        services.report_propose(
            report=report, by=handler, reasons="", approved_amount=Decimal("50000.01")
        )
    services.report_propose(
        report=report, by=handler, reasons="长期偷排", approved_amount=Decimal("30000")
    )
    report.refresh_from_db()
    assert (report.status, report.amount) == ("approving", Decimal("30000.00"))


def test_a_rejected_approval_goes_back_to_the_form(
    handler, team, team_officer, section_head, city_leader
):
    report = register(handler)
    to_penalty(report, handler, team, team_officer)
    approval = services.report_propose(report=report, by=handler, reasons="")
    with pytest.raises(ValidationError, match="尚未作出决定"):
        services.report_after_approval(report=report, by=handler)
    casework.approval_review(approval=approval, opinion="请核实", by=section_head)
    casework.approval_decide(
        approval=approval, decision="reject", opinion="金额有误", by=city_leader
    )
    services.report_after_approval(report=report, by=handler)
    report.refresh_from_db()
    assert report.status == "penalty_decided"


def test_the_claim_period_extends_for_a_reason_and_forfeits_after(
    handler, team, team_officer, section_head, city_leader
):
    with time_machine.travel(MON, tick=False):
        report = register(handler)
        to_penalty(report, handler, team, team_officer, decided=date(2026, 9, 7))
        approve(report, handler, section_head, city_leader)
        services.report_notify(
            report=report, service="written", served_on=date(2026, 9, 7), by=handler
        )
    due = clock(report, "notified").due_at
    with time_machine.travel(MON + timedelta(days=5), tick=False):
        with pytest.raises(ValidationError, match="尚未届满"):
            services.report_forfeit(report=report, by=handler)
        services.report_extend_claim(
            report=report, days=10, reason="财务结算", by=handler
        )
    report.refresh_from_db()
    assert report.claim_due_at > due and report.claim_extension_reason == "财务结算"
    with time_machine.travel(report.claim_due_at + timedelta(days=1), tick=False):
        services.report_forfeit(report=report, by=handler)
    report.refresh_from_db()
    assert report.status == RewardReport.Status.FORFEITED


def test_a_report_outside_the_remit_is_told_the_route(handler):
    report = register(handler)
    services.report_redirect(
        report=report, redirect_to="鞍山市城市管理综合行政执法局", by=handler
    )
    report.refresh_from_db()
    assert report.status == RewardReport.Status.REDIRECTED
