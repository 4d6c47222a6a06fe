"""A real-name complaint closed without an enforcement procedure: the complainant
is told why, under which rule, in writing (全过程记录实施办法 第九条, A32)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.casework.models import Document
from ecobureau.casework.tests.test_documents import pdf_text
from ecobureau.complaints import services
from ecobureau.complaints.models import Complaint

from .conftest import submit

pytestmark = pytest.mark.django_db
REASON = "违法行为轻微并已及时改正，没有造成危害后果，依法不予行政处罚（行政处罚法第三十三条）"


def _handled(complaint, desk_officer, desk):
    services.complaint_accept(complaint=complaint, by=desk_officer)
    services.complaint_dispatch(
        complaint=complaint,
        orders=[services.DispatchOrder(unit=desk, kind="section", days=10, lead=True)],
        by=desk_officer,
    )
    services.dispatch_feedback(
        dispatch=complaint.dispatches.get(),
        feedback="已查实",
        finding="true",
        by=desk_officer,
    )
    services.complaint_handle(
        complaint=complaint,
        by=desk_officer,
        survey="现场检查",
        finding="true",
        measures="责令整改",
    )
    complaint.refresh_from_db()
    return complaint


def test_a_real_name_reply_without_a_case_needs_the_reason(
    client, bureau, desk, desk_officer
):
    bureau.document_prefix = "鞍环"
    bureau.save()
    complaint = _handled(
        submit(by=desk_officer, wants_written_reply=True), desk_officer, desk
    )
    with pytest.raises(ValidationError) as error:
        services.complaint_reply(
            complaint=complaint,
            by=desk_officer,
            reply_text="已责令整改。",
            reply_method="written",
        )
    assert "第九条" in error.value.messages[0]
    client.force_login(desk_officer)
    page = client.post(
        reverse("complaints:reply", args=[complaint.pk]),
        {"reply_method": "written", "reply_text": "已责令整改，请监督。"},
    )
    assert page.status_code == 400
    assert "已责令整改，请监督。" in page.content.decode()
    response = client.post(
        reverse("complaints:reply", args=[complaint.pk]),
        {
            "reply_method": "written",
            "reply_text": "已责令整改，请监督。",
            "no_enforcement_reason": REASON,
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.CLOSED
    assert complaint.no_enforcement_reason == REASON
    text = pdf_text(
        Document.objects.get(kind="complaint_reply", target_id=complaint.pk)
    )
    assert "不启动行政执法程序" in text and "第三十三条" in text


def test_anonymous_complaints_and_complaints_with_a_case_need_none(desk, desk_officer):
    anonymous = _handled(submit(anonymous=True), desk_officer, desk)
    services.complaint_reply(
        complaint=anonymous,
        by=desk_officer,
        reply_text="已处理。",
        reply_method="online",
    )
    with_case = submit(by=desk_officer, text="另一厂排放黑烟", place="铁西区兴盛路1号")
    with_case = _handled(with_case, desk_officer, desk)
    services.complaint_link_case(
        complaint=with_case, enforcement_case_id=42, by=desk_officer
    )
    with_case.refresh_from_db()
    services.complaint_reply(
        complaint=with_case,
        by=desk_officer,
        reply_text="已立案查处。",
        reply_method="phone",
        no_enforcement_reason="（不适用）",
    )
    with_case.refresh_from_db()
    assert with_case.no_enforcement_reason == ""
