"""A case from a monitoring clue through investigation: program-start approval,
filing, documents from templates with officers and credential numbers, and the
audio/video the on-site inspection and sampling need before the investigation
can conclude."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework.models import Attachment
from ecobureau.monitoring import services as monitoring_services
from ecobureau.monitoring.models import Clue
from ecobureau.monitoring.tests.conftest import (  # noqa: F401  (fixtures)
    instrument_a,
    water_outlet_a,
)
from ecobureau.monitoring.tests.test_evaluation import (
    NOW,
    disable_anomaly_rules,
    store_hours,
)

from .. import services
from ..models import EnforcementCase, InvestigationDocument
from .conftest import photo, video
from .test_cases import approve_start


@pytest.fixture
def clue(instrument_a) -> Clue:  # noqa: F811
    """A real exceedance clue from the monitoring module's evaluation."""
    disable_anomaly_rules()
    store_hours(instrument_a, "w01018", [("60", "N"), ("40", "N")])
    monitoring_services.evaluate(now=NOW)
    return Clue.objects.get(enterprise=instrument_a.enterprise)


@pytest.fixture
def case(
    clue, enterprise_a, officers, enforcement_head, district_a_leader, city_leader
):
    case = services.case_open(
        enterprise=enterprise_a,
        source=EnforcementCase.Source.CLUE,
        source_id=clue.pk,
        start_reason="在线监测数据显示化学需氧量小时均值超标。",
        facts="2026年在线监测COD小时均值60mg/L，超过排放限值。",
        officers=officers,
        by=enforcement_head,
    )
    # the head proposed; the district's sub-bureau head reviews; the leader approves
    approve_start(case, district_a_leader, city_leader)
    services.case_file(case=case, by=enforcement_head)
    case.refresh_from_db()
    return case


INQUIRY = {
    "place": "企业会议室",
    "period": "2026-11-20 09:00至09:40",
    "person": "钱经理",
    "person_role": "当事人环保负责人",
    "content": "问：在线监测超标期间生产情况？答：污水站曝气风机故障。",
}
SITE = {
    "place": "企业污水处理站",
    "period": "2026-11-20 10:00至10:30",
    "present": "钱经理（环保负责人）",
    "findings": "二沉池出水浑浊，曝气风机停运。",
}
SAMPLING = {
    "place": "总排口",
    "period": "2026-11-20 10:40至10:50",
    "samples": "废水样品1份，编号W-01，2L，总排口",
    "method": "HJ 91.1-2019",
}


def make(case, kind, fields, officers, **extra):
    values = {
        "case": case,
        "kind": kind,
        "fields": fields,
        "officers": officers,
        "credentials_shown": True,
        "by": officers[0],
        "signed": True,
    }
    values.update(extra)
    return services.document_make(**values)


def test_clue_case_opened_with_the_clue_as_its_source(case, clue):
    assert case.source == "clue"
    assert case.source_type == "monitoring.clue"
    assert case.source_id == str(clue.pk)
    assert case.status == "investigating"


def test_clue_of_another_enterprise_is_refused(
    clue, enterprise_b, officers, enforcement_head
):
    with pytest.raises(ValidationError, match="不一致"):
        services.case_open(
            enterprise=enterprise_b,
            source=EnforcementCase.Source.CLUE,
            source_id=clue.pk,
            start_reason="x",
            facts="y",
            officers=officers,
            by=enforcement_head,
        )


def test_document_states_officers_and_credentials(case, officers):
    document = make(
        case, "inquiry", INQUIRY, officers, rights_told="当场口头告知申请回避的权利"
    )
    assert [o["credential_no"] for o in document.officers] == [
        o.credential_no for o in officers
    ]
    assert document.fields["person"] == "钱经理"


def test_document_rules(case, officers, other_officer):
    with pytest.raises(ValidationError, match="权利告知"):
        make(case, "inquiry", INQUIRY, officers)
    with pytest.raises(ValidationError, match="不得少于两人"):
        make(case, "site_inspection", SITE, officers[:1])
    with pytest.raises(ValidationError, match="出示执法证件"):
        make(case, "site_inspection", SITE, officers, credentials_shown=False)
    with pytest.raises(ValidationError, match="拒绝签字"):
        make(case, "site_inspection", SITE, officers, signed=False)
    with pytest.raises(ValidationError, match="请填写现场检查"):
        make(case, "site_inspection", {**SITE, "findings": ""}, officers)
    with pytest.raises(PermissionDenied):
        make(case, "site_inspection", SITE, officers, by=other_officer)
    # a refusal to sign is recorded instead of a signature
    document = make(
        case, "site_inspection", SITE, officers, signed=False, refusal="当事人拒绝签字"
    )
    assert document.refusal == "当事人拒绝签字"


def test_case_cannot_conclude_without_the_required_recordings(
    case, officers, enforcement_head
):
    # given an inquiry, an on-site inspection and a sampling
    make(case, "inquiry", INQUIRY, officers, rights_told="书面告知")
    site = make(case, "site_inspection", SITE, officers)
    sampling = make(case, "sampling", SAMPLING, officers)
    # a photo is not a recording
    services.document_file_add(
        document=site, by=officers[0], file=photo(), kind="photo"
    )
    with pytest.raises(ValidationError, match="音像记录") as error:
        services.case_conclude(case=case, by=officers[0])
    assert str(site) in str(error.value) and str(sampling) in str(error.value)
    case.refresh_from_db()
    assert case.status == "investigating"
    # when each has its video
    for document in (site, sampling):
        services.document_file_add(
            document=document,
            by=officers[1],
            file=video(),
            kind="video",
            captured_at=timezone.now() - timedelta(minutes=20),
        )
    # then the investigation concludes
    services.case_conclude(case=case, by=officers[0])
    case.refresh_from_db()
    assert case.status == "investigated"
    assert (
        Attachment.objects.filter(
            target_type="enforcement.investigationdocument", kind="video"
        ).count()
        == 2
    )


def test_stated_reason_stands_in_for_a_recording(case, officers):
    make(
        case,
        "sampling",
        SAMPLING,
        officers,
        no_recording_reason="暴雨，执法记录仪进水损坏，已拍照留存",
    )
    services.case_conclude(case=case, by=officers[0])
    case.refresh_from_db()
    assert case.status == "investigated"


def test_no_documents_no_conclusion(case, officers):
    with pytest.raises(ValidationError, match="尚未制作"):
        services.case_conclude(case=case, by=officers[0])


def test_document_pages_show_officers_and_hide_from_others(
    client, case, officers, other_officer, enterprise_user_b
):
    client.force_login(officers[0])
    url = reverse("enforcement:document-new", args=[case.pk, "site_inspection"])
    page = client.get(url)
    assert "现场检查（勘验）笔录" in page.content.decode()
    bad = client.post(
        url,
        {
            "officers": [officers[0].pk],
            "credentials_shown": "1",
            "refusal": "拒绝签字",
            **SITE,
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "不得少于两人" in text
    # what was typed and ticked comes back: one officer ticked, 已签字 unticked
    assert all(value in text for value in SITE.values())
    assert 'value="拒绝签字"' in text
    assert f'value="{officers[0].pk}" checked' in text
    assert f'value="{officers[1].pk}" checked' not in text
    assert 'name="signed" value="1" checked' not in text
    assert not InvestigationDocument.objects.exists()
    response = client.post(
        url,
        {
            "officers": [o.pk for o in officers],
            "credentials_shown": "1",
            "signed": "1",
            **SITE,
        },
    )
    assert response.status_code == 302
    document = InvestigationDocument.objects.get()
    detail = reverse("enforcement:document-detail", args=[document.pk])
    body = client.get(detail).content.decode()
    assert officers[1].credential_no in body
    client.force_login(other_officer)
    assert client.get(detail).status_code == 404
    client.force_login(enterprise_user_b)
    assert client.get(detail).status_code == 403


EVIDENCE = {
    "holder": "当事人",
    "items": "生产台账2本、危废转移联单3份，存放于企业档案室",
    "reason": "证据可能被转移、销毁",
    "form": "先行登记保存",
}


def test_preserved_evidence_is_decided_within_7_working_days(
    case, officers, other_officer
):
    from ecobureau.casework.models import Clock

    document = make(case, "evidence_list", EVIDENCE, officers)
    clock = Clock.objects.get(
        target_type="enforcement.investigationdocument",
        target_id=document.pk,
        step="preservation",
    )
    assert clock.amount == 7 and clock.unit == "workdays"
    # the investigation cannot conclude while the preserved evidence is undecided
    with pytest.raises(ValidationError, match="尚未作出处理决定"):
        services.case_conclude(case=case, by=officers[0])
    with pytest.raises(PermissionDenied):
        services.preservation_decide(
            document=document, decision="release", note="x", by=other_officer
        )
    with pytest.raises(ValidationError, match="处理决定说明"):
        services.preservation_decide(
            document=document, decision="release", note="", by=officers[0]
        )
    services.preservation_decide(
        document=document,
        decision="release",
        note="已复制留存，解除保存",
        by=officers[0],
    )
    clock.refresh_from_db()
    assert clock.state == Clock.State.MET
    with pytest.raises(ValidationError, match="已作出"):
        services.preservation_decide(
            document=document, decision="seal", note="再决定", by=officers[0]
        )
    services.case_conclude(case=case, by=officers[0])
    case.refresh_from_db()
    assert case.status == "investigated"
