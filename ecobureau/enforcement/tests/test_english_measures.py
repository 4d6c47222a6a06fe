"""The rest of the seal and seizure page (查封、扣押) in English when chosen (the
language cookie): the clocks (label, state, basis, a testing period), the internal
approval panel (subject, status), the numbered PDFs' empty line, the 审委会 form
(members' offices, attendance, votes, outcomes), the meeting's outcome and the
messages after an action; without the cookie the same page reads the Chinese the
other measure tests assert.

The English needs the entries of /work/notes/po_b.po in locale/en (merged by the
lead)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework.models import Clock
from ecobureau.lib import dates

from .. import processes, services, views_measures
from ..models import CheckIn
from ..services import measures, measures_major
from ..services.deliberation import MemberVote
from .english import page
from .test_measures import propose
from .test_measures_major import SERIOUS, convene, meeting, review, roster
from .test_measures_urgent import urgent

pytestmark = pytest.mark.django_db


def _due(measure, step):
    clock = Clock.objects.get(
        target_type="enforcement.compulsorymeasure", target_id=measure.pk, step=step
    )
    return timezone.localtime(clock.due_at).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def noticed(
    filed_case, officers, reviewers, enforcement_head, district_a_leader, city_leader
):
    """An urgent major seizure in force and reported, a testing period running
    (the 30 days paused), the review agreed and signed, the application made and
    the meeting notified: the 审委会 form is open to the committee office."""
    measure = urgent(filed_case, officers, serious=True, serious_reason=SERIOUS)
    services.measure_urgent_report(measure=measure, by=officers[0])
    services.measure_testing_pause(
        measure=measure,
        what="样品检测",
        notice="检测告知书",
        starts_on=dates.local_date(measure.started_at),
        by=officers[0],
    )
    review(measure, reviewers)
    measures_major.measure_review_sign(measure=measure, by=city_leader)
    roster(city_leader, enforcement_head, district_a_leader)
    convene(measure, team=officers[0], office=enforcement_head, director=city_leader)
    return measure


def _meet_and_propose(measure, officers, enforcement_head, district_a_leader, chair):
    """The committee agrees (2 of 3 present, both 同意); the officer proposes the
    head's approval, which waits for its review."""
    meeting(
        measure,
        chair,
        [
            MemberVote(chair, "present", "agree"),
            MemberVote(enforcement_head, "present", "agree"),
            MemberVote(district_a_leader, "absent"),
        ],
        enforcement_head,
    )
    measures_major.measure_major_approval_propose(measure=measure, by=officers[0])


def test_the_measure_page_in_english(
    client, noticed, officers, enforcement_head, district_a_leader, city_leader
):
    measure = noticed
    url = reverse("enforcement:measure-detail", args=[measure.pk])
    client.force_login(enforcement_head)
    started = dates.local_date(measure.started_at).isoformat()

    main = page(client, url, english=True)
    # the clocks: label, due time, state, basis and the period not counted
    assert f"Time limit of the seizure: by {_due(measure, 'measure')} (Paused)" in main
    assert (
        "Time limit to report to the agency head after carrying out on the spot: "
        f"by {_due(measure, 'measure_report')} (Met in time)"
    ) in main
    assert "Administrative Compulsion Law, Article 25: a seal or seizure" in main
    assert "Administrative Compulsion Law, Article 19: where" in main
    assert (
        f"Not counted: Testing, inspection or appraisal {started} to In progress"
    ) in main
    # the 审委会 form: offices, attendance, votes, the chair's outcome
    assert f"{city_leader.display_name} (Director (head of the bureau))" in main
    assert "(Deputy director (leader of the enforcement team))" in main
    assert '<option value="present">Present</option>' in main
    assert '<option value="proxy">On leave, vote by proxy</option>' in main
    assert '<option value="absent">Absent</option>' in main
    assert '<option value="agree">Agree</option>' in main
    assert '<option value="disagree">Disagree</option>' in main
    assert '<option value="agree">Agreed to carry it out</option>' in main
    assert '<option value="disagree">Did not agree to carry it out</option>' in main
    for chinese in (
        "扣押期限",
        "当场实施后向负责人报告期限",
        "已暂停",
        "按期完成",
        "行政强制法第二十五条",
        "行政强制法第十九条",
        "检验检测鉴定",
        "主任（局长）",
        "执法队队长",
        ">出席<",
        "请假并委托表决",
        "缺席",
        ">不同意<",
        "同意实施",
    ):
        assert chinese not in main, chinese

    # after the meeting and the proposal: the outcome and the approval panel
    _meet_and_propose(
        measure, officers, enforcement_head, district_a_leader, city_leader
    )
    main = page(client, url, english=True)
    assert "attending (incl. proxies): 2; Agreed to carry it out" in main
    assert (
        '<h3>Approval of a seal or seizure <span class="tag">Awaiting review</span></h3>'
    ) in main
    assert 'data-testid="pdfs"' in main and "鞍环封扣" in main  # references as issued
    assert "查封、扣押审批" not in main and "待审核" not in main
    # the approval's reasons are the proposal as stored: "审委会集体审议：同意实施（…）"
    assert "2; 同意实施" not in main

    # a message after an action: the testing period ends, the clock runs again
    client.force_login(officers[0])
    main = page(client, url, english=True, action="testing_end", ends_on=started)
    assert (
        "The testing or appraisal period has ended; the time limit runs again." in main
    )
    assert f"Time limit of the seizure: by {_due(measure, 'measure')} (Running)" in main


def test_the_numbered_documents_line_and_the_proposal_message_in_english(
    client, filed_case, officers
):
    measure = propose(filed_case, officers[0])
    url = reverse("enforcement:measure-detail", args=[measure.pk])
    client.force_login(officers[0])
    main = page(client, url, english=True)
    assert "No numbered documents yet." in main and "暂无编号文书" not in main
    assert '<span class="tag">Awaiting review</span>' in main
    main = page(
        client,
        reverse("enforcement:measure-new", args=[filed_case.pk]),
        english=True,
        kind="seize",
        place="仓库",
        items="废矿物油桶3只",
        reason="可能被转移。",
        basis="《中华人民共和国固体废物污染环境防治法》第二十七条",
    )
    assert "Proposed to the agency head for approval." in main
    assert "已提请负责人批准" not in main


def test_without_a_choice_the_measure_page_stays_chinese(
    client, noticed, officers, enforcement_head, district_a_leader, city_leader
):
    measure = noticed
    url = reverse("enforcement:measure-detail", args=[measure.pk])
    client.force_login(enforcement_head)
    started = dates.local_date(measure.started_at).isoformat()

    main = page(client, url, english=False)
    assert f"扣押期限：{_due(measure, 'measure')}前（已暂停）" in main
    assert (
        f"当场实施后向负责人报告期限：{_due(measure, 'measure_report')}前（按期完成）"
        in main
    )
    assert f'<span class="muted">{processes.MEASURE_BASIS}</span>' in main
    assert f"不计入期限：检验检测鉴定 {started} 至 进行中（样品检测" in main
    assert f"{city_leader.display_name}（主任（局长））" in main
    assert '<option value="present">出席</option>' in main
    assert '<option value="proxy">请假并委托表决</option>' in main
    assert '<option value="disagree">不同意</option>' in main
    assert '<option value="agree">同意实施</option>' in main
    assert "Time limit" not in main and "Present" not in main

    _meet_and_propose(
        measure, officers, enforcement_head, district_a_leader, city_leader
    )
    main = page(client, url, english=False)
    assert "参会（含委托）2人；同意实施" in main
    assert '<h3>查封、扣押审批 <span class="tag">待审核</span></h3>' in main

    client.force_login(officers[0])
    main = page(client, url, english=False, action="testing_end", ends_on=started)
    assert "检测、鉴定期间已结束，期限恢复计算。" in main
    assert f"扣押期限：{_due(measure, 'measure')}前（计时中）" in main

    other = propose(measure.case, officers[0])
    main = page(
        client,
        reverse("enforcement:measure-detail", args=[other.pk]),
        english=False,
    )
    assert "<li>暂无编号文书。</li>" in main


def test_the_clock_texts_marked_for_translation_are_those_stored():
    # the label and basis a measure's clocks are started with (services.measures)
    assert set(views_measures.CLOCK_TEXTS) == {
        "查封期限",
        "扣押期限",
        "当场实施后向负责人报告期限",
        processes.MEASURE_BASIS,
        measures.URGENT_BASIS,
    }


# --- The scan page (扫码入企) and the QR page's message, kept here with the rest of
# the enforcement staff pages put into English on 24 Nov 2026 -----------------------


def _arrived(officer):
    return timezone.localtime(CheckIn.objects.get(officer=officer).in_at).strftime(
        "%H:%M"
    )


def test_the_scan_page_and_the_qr_message_in_english(
    client, planned, officers, other_officer, code_a, enterprise_a, enforcement_head
):
    url = reverse("enforcement:scan", args=[code_a.token])
    client.force_login(officers[0])
    main = page(client, url, english=True)
    assert f"Scan-in: {enterprise_a.name}" in main
    assert f"On-site inspection #{planned.pk}</a> (Inspection plan)" in main
    assert ">Check in</button>" in main and "入企签到" not in main
    main = page(client, url, english=True, inspection=planned.pk, action="in")
    assert "Scanned in at the enterprise." in main
    assert f"Arrived: {_arrived(officers[0])}" in main
    assert ">Check out</button>" in main
    assert "已入企" not in main and "离企签退" not in main and "检查计划" not in main

    client.force_login(other_officer)
    main = page(client, url, english=True)
    assert "No plan, no inspection:" in main and "无计划不检查" not in main

    client.force_login(enforcement_head)
    main = page(
        client,
        reverse("enforcement:enterprise-code", args=[enterprise_a.pk]),
        english=True,
        reissue="1",
    )
    assert "The enforcement QR code is issued." in main
    assert "执法二维码已签发" not in main


def test_without_a_choice_the_scan_page_and_the_qr_message_stay_chinese(
    client, planned, officers, code_a, enterprise_a, enforcement_head
):
    url = reverse("enforcement:scan", args=[code_a.token])
    client.force_login(officers[0])
    main = page(client, url, english=False)
    assert f"<h1>扫码入企：{enterprise_a.name}</h1>" in main
    assert f"现场检查#{planned.pk}</a>（检查计划）</p>" in main
    main = page(client, url, english=False, inspection=planned.pk, action="in")
    assert "已扫码入企。" in main
    assert f"<p>已入企：{_arrived(officers[0])}</p>" in main
    assert ">离企签退</button>" in main
    main = page(client, url, english=False, inspection=planned.pk, action="out")
    assert "已扫码离企。" in main
    assert "；已离企：" in main and "Check" not in main

    client.force_login(enforcement_head)
    main = page(
        client,
        reverse("enforcement:enterprise-code", args=[enterprise_a.pk]),
        english=False,
        reissue="1",
    )
    assert "执法二维码已签发。" in main
