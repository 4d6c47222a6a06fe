"""The three documents of acceptance and review, read back from the PDF
(seed 001 附件2 附件1–3; B33–B35): 验收意见 with its four opinions and the
member table, 验收复核责任书 with each part's signed opinion and the 不属实 row
of a partly true case, and 复核情况事项单 with the case's facts."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from ecobureau.casework import services as casework_services

from .. import services
from ..models import PetitionCase
from .conftest import ALL_BODIES, FIVE, make_case

pytestmark = pytest.mark.django_db

OPINIONS = {
    "opinion_rectification": "洗车点已取缔，污水管网已接通",
    "opinion_penalty": "已立案处罚罚款二万元",
    "opinion_satisfaction": "回访周边群众均表示满意",
    "opinion_accountability": "对网格员诫勉谈话",
}
SIGNED = {
    "nature": ("定性准确部分属实", "甲签字人"),
    "rectification": ("整改到位同意销号", "乙签字人"),
    "penalty": ("处罚适当执行完毕", "丙签字人"),
    "satisfaction": ("群众认可同意", "丁签字人"),
    "accountability": ("问责到位同意", "戊签字人"),
    "untrue": ("不属实部分核实无误", "己签字人"),
}


def _text(document) -> str:
    with casework_services.attachment_open(document.attachment) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


@pytest.fixture
def reviewed_case(
    district_a_officer, district_a_leader, office_staff, office_head, district_a
):
    case = make_case(office_staff, number="D210300-0777", district=district_a)
    services.petition_evidence(
        by=district_a_officer,
        case=case,
        conditions=FIVE,
        truth=PetitionCase.Truth.PARTLY,
    )
    services.petition_transition(by=district_a_officer, case=case, transition="apply")
    services.acceptance_member_add(
        by=district_a_leader,
        case=case,
        name="钱工",
        unit_name="市住建局",
        post="科长",
        phone="0412-5550101",
        signed=True,
        supervisor=True,
    )
    services.acceptance_member_add(
        by=district_a_leader,
        case=case,
        name="孔专家",
        unit_name="辽宁科技大学",
        post="教授",
        phone="13800001111",
        signed=True,
    )
    services.petition_transition(
        by=district_a_leader,
        case=case,
        transition="accept",
        changes={
            "acceptance_body": "铁东区人民政府",
            "accepted_on": case.received_on + timedelta(days=5),
            "acceptance_leader": "孙区长",
            **OPINIONS,
        },
    )
    opinion = services.case_document_issue(
        by=office_head, case=case, kind="rect_acceptance_opinion"
    )
    services.petition_transition(
        by=district_a_leader, case=case, transition="request_review"
    )
    services.petition_transition(
        by=office_head,
        case=case,
        transition="organise",
        changes={"review_leader": "吴科长"},
    )
    assert set(services.required_parts(case)) == set(SIGNED)
    for part, (text, signer) in SIGNED.items():
        services.review_sign(
            by=office_head,
            case=case,
            part=part,
            bodies=ALL_BODIES,
            signer=signer,
            agreed=True,
            opinion=text,
        )
    services.petition_transition(
        by=office_head,
        case=case,
        transition="pass_review",
        changes={"reviewed_on": case.received_on + timedelta(days=9)},
    )
    pledge = services.case_document_issue(
        by=office_head, case=case, kind="rect_review_pledge"
    )
    sheet = services.case_document_issue(
        by=office_head, case=case, kind="rect_review_sheet"
    )
    return case, opinion, pledge, sheet


def test_acceptance_opinion_carries_the_four_opinions_and_the_member_table(
    reviewed_case,
):
    case, opinion, _, _ = reviewed_case
    text = _text(opinion)
    assert "验收意见" in text and "D210300-0777" in text and "铁东区人民政府" in text
    assert "验收组组长（签字）：孙区长" in text
    for label, key in (
        ("整改情况验收意见", "opinion_rectification"),
        ("行政处罚情况验收意见", "opinion_penalty"),
        ("群众满意情况验收意见", "opinion_satisfaction"),
        ("责任追究情况验收意见", "opinion_accountability"),
    ):
        assert f"{label}：{OPINIONS[key]}" in text
    # 附件2 附件1: 姓名、单位、职务（职称）、联系电话、签字
    for header in ("姓名", "单位", "职务（职称）", "联系电话", "签字"):
        assert header in text
    for member in ("钱工", "市住建局", "科长", "0412-5550101", "孔专家", "13800001111"):
        assert member in text
    accepted = case.received_on + timedelta(days=5)
    assert f"{accepted.year}年{accepted.month}月{accepted.day}日" in text


def test_review_pledge_has_each_signed_part_and_the_untrue_row(reviewed_case):
    _, _, pledge, _ = reviewed_case
    text = _text(pledge)
    assert "环境信访案件验收复核责任书" in text and "D210300-0777" in text
    assert "复核组组长（签字）：吴科长" in text
    for label in (
        "案件定性情况复核意见",
        "群众举报问题整改情况复核意见",
        "行政处罚情况复核意见",
        "群众满意情况复核意见",
        "责任追究情况复核意见",
        "“不属实”部分复核意见",
    ):
        assert label in text
    for opinion, signer in SIGNED.values():
        assert opinion in text and signer in text
    assert text.count("签字：") >= len(SIGNED)  # a signature line per part


def test_review_sheet_gives_the_case_facts_and_outcomes(reviewed_case):
    case, _, _, sheet = reviewed_case
    text = _text(sheet)
    assert "验收复核情况事项单" in text
    assert "D210300-0777" in text and case.round in text
    assert "部分属实" in text and "群众身边生态环境问题" in text
    assert "铁东区人民政府于" in text and "验收通过" in text
    assert "复核通过（第1轮）" in text


def test_a_true_case_pledge_has_no_untrue_row(reviewed_case, office_head):
    # the same case's pledge lists 不属实 only because it is partly true
    case, _, _, _ = reviewed_case
    assert "untrue" in services.required_parts(case)
    PetitionCase.objects.filter(pk=case.pk).update(truth=PetitionCase.Truth.TRUE)
    case.refresh_from_db()
    assert "untrue" not in services.required_parts(case)
    pledge = services.case_document_issue(
        by=office_head, case=case, kind="rect_review_pledge"
    )
    assert "“不属实”部分复核意见" not in _text(pledge)
