"""The supervising department at the acceptance (B13, seed 001 五3), the review
group's bodies per part (B30, B31, 附件2 二(二)–(三)) and the review clock's
stopping event as a setting (B32)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from ecobureau.accounts.tests.factories import UnitFactory
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Clock

from .. import services, standards
from ..models import PetitionCase
from .conftest import ALL_BODIES, FIVE, make_case

OPINIONS = {
    "acceptance_body": "铁东区人民政府",
    "acceptance_leader": "孙区长",
    "opinion_rectification": "整改到位",
    "opinion_penalty": "已处罚",
    "opinion_satisfaction": "群众满意",
    "opinion_accountability": "无需问责",
}


def _applied(office, officer, district, **kwargs):
    case = make_case(office, district=district, **kwargs)
    services.petition_evidence(
        by=officer, case=case, conditions=FIVE, truth=PetitionCase.Truth.TRUE
    )
    services.petition_transition(by=officer, case=case, transition="apply")
    return case


def _accept(case, leader):
    services.petition_transition(
        by=leader,
        case=case,
        transition="accept",
        changes={**OPINIONS, "accepted_on": case.received_on + timedelta(days=12)},
    )


def _reviewing(case, leader, head):
    services.acceptance_member_add(
        by=leader,
        case=case,
        name="钱工",
        unit_name="市住建局",
        signed=True,
        supervisor=True,
    )
    _accept(case, leader)
    services.petition_transition(by=leader, case=case, transition="request_review")
    services.petition_transition(
        by=head, case=case, transition="organise", changes={"review_leader": "吴科长"}
    )


def test_acceptance_needs_the_supervising_department_signed(
    office_staff, district_a_officer, district_a_leader, district_a
):
    # B13: 市级行业主管部门…需参加案件的验收工作…在验收意见书上“签字背书”.
    case = _applied(
        office_staff, district_a_officer, district_a, supervising_department=""
    )
    services.acceptance_member_add(
        by=district_a_leader,
        case=case,
        name="王工",
        unit_name="某专业机构",
        signed=True,
    )
    with pytest.raises(ValidationError, match="请先登记案件的督导责任单位"):
        _accept(case, district_a_leader)
    services.petition_supervising_department(
        by=district_a_leader,
        case=case,
        department=UnitFactory(code="dept-zhujian", name="市住建局", kind="department"),
    )
    with pytest.raises(ValidationError, match="请登记其代表为验收组成员"):
        _accept(case, district_a_leader)
    with pytest.raises(ValidationError, match="督导责任单位代表的单位应为"):
        services.acceptance_member_add(
            by=district_a_leader,
            case=case,
            name="赵工",
            unit_name="市水利局",
            signed=True,
            supervisor=True,
        )
    services.acceptance_member_add(
        by=district_a_leader,
        case=case,
        name="钱工",
        unit_name="市住建局",
        signed=True,
        supervisor=True,
    )
    _accept(case, district_a_leader)
    case.refresh_from_db()
    assert case.status == "accepted"


def test_each_part_is_signed_by_its_bodies(
    office_staff, district_a_officer, district_a_leader, office_head, district_a
):
    # B30/B31: penalties by 市司法局、市生态环境局 and the industry department;
    # accountability by 市纪委监委机关、市委市政府督查室、市督改办.
    case = _applied(office_staff, district_a_officer, district_a)
    _reviewing(case, district_a_leader, office_head)
    for part in services.required_parts(case):
        services.review_sign(
            by=office_head,
            case=case,
            part=part,
            bodies="市生态环境局、市住建局",
            signer="某",
            agreed=True,
            opinion="同意",
        )
    with pytest.raises(ValidationError) as refused:
        services.petition_transition(
            by=office_head,
            case=case,
            transition="pass_review",
            changes={"reviewed_on": case.received_on + timedelta(days=20)},
        )
    message = refused.value.messages[0]
    assert "行政处罚情况（缺市司法局）" in message
    assert "责任追究情况（缺市纪委监委机关、市委市政府督查室）" in message
    assert "群众满意情况（缺当地党委政府（铁东区））" in message
    assert "群众举报问题整改情况" not in message  # 市生态环境局 + 市住建局 suffice
    # the missing bodies sign separately; the union of the part's sign-offs counts
    services.review_sign(
        by=office_head,
        case=case,
        part="penalty",
        bodies="市司法局",
        signer="司法局某",
        agreed=True,
        opinion="同意",
    )
    services.review_sign(
        by=office_head,
        case=case,
        part="accountability",
        bodies="市纪委监委机关，市委市政府督查室",
        signer="纪委某",
        agreed=True,
        opinion="同意",
    )
    # 二(三)3: the local party committee signs the satisfaction part.
    services.review_sign(
        by=office_head,
        case=case,
        part="satisfaction",
        bodies="中共铁东区委",
        signer="区委某",
        agreed=True,
        opinion="同意",
    )
    services.petition_transition(
        by=office_head,
        case=case,
        transition="pass_review",
        changes={"reviewed_on": case.received_on + timedelta(days=20)},
    )
    case.refresh_from_db()
    assert case.status == "reviewed"


def test_one_body_refusing_its_part_fails_the_review(
    office_staff, district_a_officer, district_a_leader, office_head, district_a
):
    case = _applied(office_staff, district_a_officer, district_a)
    _reviewing(case, district_a_leader, office_head)
    for part in services.required_parts(case):
        services.review_sign(
            by=office_head,
            case=case,
            part=part,
            bodies=ALL_BODIES,
            signer="某",
            agreed=True,
            opinion="同意",
        )
    # a later, separate sign-off of the same part refuses
    services.review_sign(
        by=office_head,
        case=case,
        part="penalty",
        bodies="市司法局",
        signer="司法局某",
        agreed=False,
        opinion="应处罚未处罚",
    )
    with pytest.raises(ValidationError, match="行政处罚情况复核意见为不同意"):
        services.petition_transition(
            by=office_head,
            case=case,
            transition="pass_review",
            changes={"reviewed_on": case.received_on + timedelta(days=20)},
        )


def _clocks(case, step):
    return list(casework_services.clocks_for(case).filter(step=step))


def test_review_clock_stops_at_organise_by_default(
    office_staff, district_a_officer, district_a_leader, office_head, district_a
):
    case = _applied(office_staff, district_a_officer, district_a)
    _reviewing(case, district_a_leader, office_head)
    (clock,) = _clocks(case, "review_requested")
    assert clock.state == Clock.State.MET
    assert _clocks(case, "reviewing") == []


@override_settings(RECTIFICATION_REVIEW_CLOCK_STOP="pass_review")
def test_review_clock_can_run_until_the_review_is_done(
    office_staff, district_a_officer, district_a_leader, office_head, district_a
):
    # B32: "the event that stops that clock is a setting".
    case = _applied(office_staff, district_a_officer, district_a)
    _reviewing(case, district_a_leader, office_head)
    (requested,) = _clocks(case, "review_requested")
    (running,) = _clocks(case, "reviewing")
    assert requested.state == Clock.State.CANCELLED
    assert running.is_open
    assert (running.amount, running.unit, running.label) == (5, "days", "组织复核期限")
    assert running.started_at == requested.started_at
    assert running.due_at == requested.due_at
    for part in services.required_parts(case):
        services.review_sign(
            by=office_head,
            case=case,
            part=part,
            bodies=ALL_BODIES,
            signer="某",
            agreed=True,
            opinion="同意",
        )
    services.petition_transition(
        by=office_head,
        case=case,
        transition="pass_review",
        changes={"reviewed_on": case.received_on + timedelta(days=20)},
    )
    running.refresh_from_db()
    assert running.state == Clock.State.MET


@override_settings(RECTIFICATION_REVIEW_CLOCK_STOP="someday")
def test_an_unknown_stopping_event_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        services.review_clock_stop()


@pytest.mark.parametrize(
    ("bodies", "places", "missing"),
    [
        # the district's government or party committee
        ({"铁东区人民政府"}, ("铁东区",), False),
        ({"中共铁东区委"}, ("铁东区",), False),
        # the township's, when the case records its township
        ({"站前街道党工委"}, ("站前街道", "铁东区"), False),
        # another district's government is not the local one
        ({"铁西区人民政府"}, ("铁东区",), True),
        # a department of the place, or the bureau's sub-bureau, is not 党委政府
        ({"铁东区住建局", "鞍山市生态环境局铁东分局"}, ("铁东区",), True),
        # the city bodies never stand for the local government
        ({"市委市政府督查室", "市生态环境局"}, ("铁东区",), True),
        # a case without a place cannot name its local government
        ({"铁东区人民政府"}, (), True),
    ],
)
def test_local_government_in_the_satisfaction_part(bodies, places, missing):
    # B30: 附件2 二(三)3 "由市生态环境局会同行业主管部门和当地党委政府对群众满意
    # 情况进行复核" — the local part checked beside the other two.
    signed = {"市生态环境局", "市住建局", *bodies}
    absent = standards.bodies_missing(
        "satisfaction", signed, industry="市住建局", places=places
    )
    assert bool(absent) is missing
    if missing:
        assert absent[0].startswith("当地党委政府")
        if not places:
            assert "未登记" in absent[0]
    # the other parts do not ask for the local government
    assert (
        standards.bodies_missing(
            "rectification",
            {"市生态环境局", "市住建局"},
            industry="市住建局",
            places=places,
        )
        == []
    )


def test_a_case_page_names_its_local_government(
    client, office_head, office_staff, district_a
):
    case = make_case(office_staff, district=district_a)
    client.force_login(office_head)
    page = client.get(f"/rectification/cases/{case.pk}/").content.decode()
    assert "当地党委政府：铁东区的党委或政府" in page
