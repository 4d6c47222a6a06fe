"""The inspection, case and measure pages carry many small action forms. A
refused POST answers 400 with a Chinese error and the form whose action was
posted comes back with what was typed — text, selects, ticked and unticked
checkboxes, repeated rows — while the page's other forms keep their saved values
(COMMON.md). A chosen file cannot be refilled; the page says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecobureau.casework.models import Attachment

from .. import checklists, services
from ..models import EnforcementCase, HealthCheckSheet, PoliceTransfer
from .conftest import video, write_record
from .test_measures import approve, propose

pytestmark = pytest.mark.django_db


def checkbox(name: str, value: object = "1", *, checked: bool) -> str:
    return f'name="{name}" value="{value}"{" checked" if checked else ""}>'


# --- The inspection page ------------------------------------------------------------


def test_refused_health_sheet_keeps_its_rows_and_the_unticked_box(
    client, on_site, officers
):
    # given a saved record, so the record form shows saved values
    write_record(on_site, officers[0])
    client.force_login(officers[0])
    url = reverse("enforcement:inspection-detail", args=[on_site.pk])

    # when the second problem is sent without its requirement, the third unticked
    page = client.post(
        url,
        {
            "action": "health",
            "problem_0": "危废间标识缺失",
            "requirement_0": "HJ 1276—2022 危险废物识别标志设置技术规范",
            "fixed_0": "1",
            "problem_1": "雨水排口有油污",
            "requirement_1": "",
            "fixed_1": "1",
            "problem_2": "",
            "advice": "请每月自查危废贮存。",
        },
    )

    # then
    assert page.status_code == 400
    text = page.content.decode()
    assert "请填写相关环境管理要求。" in text
    assert 'value="危废间标识缺失"' in text
    assert 'value="HJ 1276—2022 危险废物识别标志设置技术规范"' in text
    assert 'value="雨水排口有油污"' in text
    assert ">请每月自查危废贮存。</textarea>" in text
    assert checkbox("fixed_0", checked=True) in text
    assert checkbox("fixed_2", checked=False) in text
    # the record form keeps the saved record, not the health sheet's post
    assert ">生产设施与污染防治设施正常运行。</textarea>" in text
    assert 'name="present_name" value="钱经理"' in text
    assert not HealthCheckSheet.objects.exists()


def test_refused_record_keeps_the_checklist_rows_and_the_unticked_signature(
    client, on_site, officers
):
    client.force_login(officers[0])
    url = reverse("enforcement:inspection-detail", args=[on_site.pk])
    checklist = checklists.for_industry(on_site.enterprise.industry_code)
    data = {
        "action": "record",
        "checklist": checklist.code,
        "findings": "危废间门锁损坏。",
        "present_name": "孙主任",
        "present_title": "厂长",
        "credentials_shown": "1",
        "rights_told": "口头告知",
        "refusal": "",  # party_signed left unticked, no refusal: refused
    }
    for n, _item in enumerate(checklist.items):
        data[f"result_{n}"] = "ok"
    data["result_0"] = "problem"
    data["note_0"] = "贮存间未上锁"

    page = client.post(url, data)

    assert page.status_code == 400
    text = page.content.decode()
    assert "当事人未签字的，须记录拒绝签字或拒绝接受检查的情况。" in text
    assert ">危废间门锁损坏。</textarea>" in text
    assert 'value="孙主任"' in text and 'value="厂长"' in text
    assert 'value="口头告知"' in text
    assert 'value="贮存间未上锁"' in text
    assert '<option value="problem" selected>' in text
    assert checkbox("party_signed", checked=False) in text
    assert checkbox("credentials_shown", checked=True) in text
    # the health sheet form was not posted: its boxes keep their default
    assert checkbox("fixed_0", checked=True) in text


def test_refused_upload_keeps_its_fields_and_asks_to_choose_the_file_again(
    client, on_site, officers
):
    client.force_login(officers[0])
    url = reverse("enforcement:inspection-detail", args=[on_site.pk])
    page = client.post(
        url,
        {"action": "file", "kind": "video", "note": "危废间全景", "file": video()},
    )  # a recording without its time is refused
    assert page.status_code == 400
    text = page.content.decode()
    assert 'role="alert"' in text
    assert 'value="危废间全景"' in text
    assert '<option value="video" selected>' in text
    assert "已选择的文件（执法记录仪.mp4）未上传" in text
    assert not Attachment.objects.exists()


# --- The case page -------------------------------------------------------------------


@pytest.fixture
def registered_case(enterprise_a, officers, enforcement_head):
    """A case transferred by the province, awaiting the filing decision."""
    return services.case_open(
        enterprise=enterprise_a,
        source=EnforcementCase.Source.TRANSFER,
        reference="辽环执法〔2026〕13号",
        start_reason="省厅交办：企业夜间偷排。",
        facts="群众反映夜间排放异味气体。",
        officers=officers,
        by=enforcement_head,
    )


def test_refused_decline_keeps_what_was_typed(
    client, registered_case, enforcement_head
):
    client.force_login(enforcement_head)
    url = reverse("enforcement:case-detail", args=[registered_case.pk])
    page = client.post(
        url,
        {
            "action": "decline",
            "decline_reason": "  ",
            "complainant_told": "2026-11-20 电话告知交办机关",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "不予立案理由" in text
    assert 'value="2026-11-20 电话告知交办机关"' in text
    # the extension form beside it stays empty
    assert '<input id="reason" name="reason" value="">' in text
    registered_case.refresh_from_db()
    assert registered_case.status == "registered"


def test_refused_extension_keeps_its_reason_only(
    client, registered_case, enforcement_head
):
    # given the filing deadline already extended once
    services.case_filing_extend(
        case=registered_case, reason="案情复杂。", by=enforcement_head
    )
    client.force_login(enforcement_head)
    url = reverse("enforcement:case-detail", args=[registered_case.pk])
    page = client.post(url, {"action": "extend", "reason": "需再次补充调查"})
    assert page.status_code == 400
    text = page.content.decode()
    assert "立案期限只能延长一次（15日）。" in text
    assert 'name="reason" value="需再次补充调查"' in text
    assert (
        '<textarea id="decline_reason" name="decline_reason" rows="2"></textarea>'
        in text
    )


def test_refused_transfer_keeps_the_chosen_kind_and_text(client, filed_case, officers):
    client.force_login(officers[0])
    url = reverse("enforcement:case-detail", args=[filed_case.pk])
    page = client.post(
        url,
        {
            "action": "transfer",
            "kind": PoliceTransfer.Kind.DETENTION,
            "police_unit": "鞍山市公安局铁东分局",
            "reference": "鞍环移〔2026〕7号",
            "facts": "拒不改正，适用行政拘留。",
        },
    )  # no deliberation yet: refused
    assert page.status_code == 400
    text = page.content.decode()
    assert "集体审议" in text
    assert '<option value="detention" selected>' in text
    assert (
        'value="鞍山市公安局铁东分局"' in text and 'value="鞍环移〔2026〕7号"' in text
    )
    assert ">拒不改正，适用行政拘留。</textarea>" in text
    assert not PoliceTransfer.objects.exists()


# --- The measure page ----------------------------------------------------------------


def test_refused_carry_out_keeps_the_unticked_officer(
    client, filed_case, officers, district_a_leader, city_leader
):
    measure = propose(filed_case, officers[0])
    approve(measure, district_a_leader, city_leader)
    client.force_login(officers[0])
    url = reverse("enforcement:measure-detail", args=[measure.pk])
    page = client.post(
        url,
        {
            "action": "carry_out",
            "officers": [officers[0].pk],  # the second officer unticked
            "served_to": "钱经理",
            "signed": "1",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "不得少于两人" in text
    assert checkbox("officers", officers[0].pk, checked=True) in text
    assert checkbox("officers", officers[1].pk, checked=False) in text
    assert checkbox("signed", checked=True) in text
    assert 'name="served_to" value="钱经理"' in text
    measure.refresh_from_db()
    assert measure.status == "proposed"


def test_refused_testing_period_and_extension_keep_their_own_fields(
    client, filed_case, officers, enforcement_head, district_a_leader, city_leader
):
    # given a measure in force
    measure = propose(filed_case, officers[0])
    approve(measure, district_a_leader, city_leader)
    services.measure_carry_out(
        measure=measure,
        officers=officers,
        served_to="钱经理",
        signed=True,
        by=officers[0],
    )
    url = reverse("enforcement:measure-detail", args=[measure.pk])
    client.force_login(enforcement_head)

    # a testing period without its start date
    page = client.post(
        url,
        {
            "action": "testing",
            "what": "废矿物油成分检测",
            "notice": "检测期间告知书，2026-11-21送达",
            "starts_on": "",
            "ends_on": "",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "请填写起始日期（年-月-日）。" in text
    assert 'value="废矿物油成分检测"' in text
    assert 'value="检测期间告知书，2026-11-21送达"' in text

    # an extension without a reason: the release form keeps its default
    page = client.post(url, {"action": "extend", "reason": " "})
    assert page.status_code == 400
    text = page.content.decode()
    assert "请填写延长理由。" in text
    assert '<input id="what" name="what" value="">' in text
    page = client.post(url, {"action": "end", "outcome": "release", "note": "已核实"})
    assert page.status_code == 400  # no recording uploaded yet
    text = page.content.decode()
    assert "音像记录" in text
    assert '<option value="release" selected>' in text
    assert 'name="note" value="已核实"' in text
    measure.refresh_from_db()
    assert measure.status == "in_force" and not measure.extended_at


# --- The tags, for forms repeated once per row ----------------------------------------


def test_only_the_posted_row_of_a_repeated_form_is_refilled(rf):
    from django.template import Context, Template

    request = rf.post("/", {"action": "minor_decide", "check": "2", "opinion": "同意"})
    page = Template(
        "{% load refused_forms %}{% for pk in rows %}"
        '[{% typed "minor_decide" "opinion" check=pk saved="无" %}'
        '{% ticked "minor_decide" "agree" check=pk saved=True %}]'
        "{% endfor %}"
    ).render(Context({"rows": [1, 2], "refused_post": request.POST}))
    assert page == "[无 checked][同意]"


# --- Which decision button was pressed (同意 / 不同意) ---------------------------------


def pressed_buttons(text: str, name: str) -> dict[str, str]:
    """value → aria-pressed ('' when absent) of the submit buttons named `name`."""
    import re

    found = re.findall(
        rf'name="{name}" value="([^"]*)"( aria-pressed="(true|false)")?', text
    )
    return {value: state for value, _, state in found}


def test_refused_minor_decision_keeps_the_pressed_button(
    client, filed_case, officers, enforcement_head
):
    from .test_minor import item

    # given an eligible item-11 check, which needs the committee record
    check = services.minor_check(
        case=filed_case,
        item=item(11),
        facts={"minor": "1", "corrected": "1", "no_harm": "1"},
        by=officers[0],
    )
    client.force_login(enforcement_head)
    url = reverse("enforcement:case-detail", args=[filed_case.pk])

    # when the head presses 同意不予行政处罚 without the committee record
    page = client.post(
        url,
        {
            "action": "minor_decide",
            "check": check.pk,
            "decision": "not_punished",
            "education": "批评教育",
            "opinion": "同意不予处罚。",
        },
    )

    # then 400, the pressed button marked and named, the others not pressed
    assert page.status_code == 400
    text = page.content.decode()
    assert "法制工作委员会集体审议记录" in text
    assert pressed_buttons(text, "decision") == {
        "not_punished": "true",
        "rejected": "false",
    }
    assert "上次按下的是“同意不予行政处罚”，未能提交" in text
    assert 'name="opinion" value="同意不予处罚。"' in text
    check.refresh_from_db()
    assert check.decision == ""
    # the page opened afresh marks no button as pressed and says nothing
    fresh = client.get(url).content.decode()
    assert pressed_buttons(fresh, "decision") == {"not_punished": "", "rejected": ""}
    assert "上次按下的是" not in fresh


def test_refused_list_decision_answers_400_and_keeps_the_pressed_button(
    client, filed_case, officers, enforcement_head
):
    from ..models import EnforcementList, ListCheck
    from ..services import lists
    from .test_lists_library import entry

    saved = entry(EnforcementList.objects.get(code="lenient"), enforcement_head)
    check = lists.list_check_propose(
        case=filed_case, entry=saved, facts="首次，已当场改正。", by=officers[0]
    )
    client.force_login(enforcement_head)
    url = reverse("enforcement:list-check", args=[filed_case.pk])

    # when 不同意 is pressed without an opinion: the case page again, 400
    page = client.post(
        url,
        {"action": "decide", "check": check.pk, "decision": "reject", "opinion": " "},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "负责人意见" in text and 'role="alert"' in text
    assert pressed_buttons(text, "decision") == {"agree": "false", "reject": "true"}
    assert "上次按下的是“不同意”" in text
    assert ListCheck.objects.get().decision == ""

    # a refused proposal (no facts) keeps the chosen entry
    client.force_login(officers[0])
    page = client.post(url, {"action": "propose", "entry": saved.pk, "facts": " "})
    assert page.status_code == 400
    text = page.content.decode()
    assert f'<option value="{saved.pk}" selected>' in text
    assert ListCheck.objects.count() == 1

    # then decided
    client.force_login(enforcement_head)
    response = client.post(
        url,
        {
            "action": "decide",
            "check": check.pk,
            "decision": "reject",
            "opinion": "情节不符。",
        },
    )
    assert response.status_code == 302
    assert ListCheck.objects.get().decision == "reject"


def test_refused_access_decision_keeps_ticks_text_and_the_pressed_button(
    client, filed_case, officers, enterprise_user_a, enforcement_head
):
    from ..models import RecordAccessRequest

    site = services.document_file_add(
        document=_site_document(filed_case, officers),
        by=officers[0],
        file=_photo("现场.png"),
        kind="photo",
    )
    request = services.access_apply(
        case=filed_case, kind="copy", purpose="复议", by=enterprise_user_a
    )
    client.force_login(enforcement_head)
    url = reverse("enforcement:access-detail", args=[request.pk])

    # when 同意 is pressed with a file ticked to withhold but no reason
    page = client.post(
        url,
        {
            "action": "decide",
            "grant": "1",
            "withhold": [site.pk],
            "opinion": "同意复制。",
        },
    )

    # then 400 with the tick, the opinion and the pressed 同意 kept
    assert page.status_code == 400
    text = page.content.decode()
    assert "不予提供部分的理由" in text
    assert checkbox("withhold", site.pk, checked=True) in text
    assert 'name="opinion" value="同意复制。"' in text
    assert pressed_buttons(text, "grant") == {"1": "true", "0": "false"}
    assert "上次按下的是“同意”" in text
    request.refresh_from_db()
    assert request.status == RecordAccessRequest.Status.PENDING


def _site_document(case, officers):
    from .test_investigation import SITE, make

    return make(case, "site_inspection", SITE, officers, no_recording_reason="夜间")


def _photo(name):
    from .conftest import photo

    return photo(name)
