"""案卷评查 pages (A64): the reviewing body draws, records and feeds back; the
handling body answers; others do not see the review."""

from __future__ import annotations

from django.urls import reverse

from ..models import FileReview
from ..services import file_review
from . import test_review_files
from .test_review_files import supervisor

served = test_review_files.served
archived = test_review_files.archived


def test_reviewer_draws_records_with_bad_input_kept_and_the_officer_answers(
    client,
    archived,
    reviewers,
    officers,
    other_officer,
    district_b_officer,
    enterprise_user_a,
):
    person = supervisor(name="周监督")
    client.force_login(reviewers[0])
    list_url = reverse("enforcement:file-reviews")
    response = client.post(
        list_url, {"kind": "periodic", "batch": "2026年第四季度", "count": "1"}
    )
    assert response.status_code == 302
    review = FileReview.objects.get(batch="2026年第四季度")
    url = reverse("enforcement:file-review", args=[review.pk])
    # every item ticked but one, no findings: refused, what was typed kept
    ok = [code for code, _ in file_review.CHECKLIST if code != "recording"]
    page = client.post(
        url,
        {"action": "record", "ok": ok, "result": "pass", "supervisors": [person.pk]},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "请写明发现的问题" in text
    assert 'value="archive" checked' in text
    assert f'value="{person.pk}" checked' in text
    review.refresh_from_db()
    assert review.reviewed_at is None
    # the supervisor's certificate number differs from the register: refused,
    # the number typed, the findings and the ticked supervisor kept (第九条)
    page = client.post(
        url,
        {
            "action": "record",
            "ok": ok,
            "result": "pass",
            "findings": "现场检查音像资料缺少后半段。",
            "supervisors": [person.pk],
            f"certificate_{person.pk}": "AS-JD-999",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "周监督：出示的监督员证编号与登记的编号不一致。" in text
    assert f'name="certificate_{person.pk}" value="AS-JD-999"' in text
    assert ">现场检查音像资料缺少后半段。</textarea>" in text
    assert f'value="{person.pk}" checked' in text
    review.refresh_from_db()
    assert review.reviewed_at is None
    response = client.post(
        url,
        {
            "action": "record",
            "ok": ok,
            "result": "pass",
            "findings": "现场检查音像资料缺少后半段。",
            "supervisors": [person.pk],
            f"certificate_{person.pk}": "AS-JD-001",
        },
    )
    assert response.status_code == 302
    assert "周监督（出示监督员证，编号 AS-JD-001）" in client.get(url).content.decode()
    client.post(url, {"action": "feedback", "feedback": "请补充说明音像缺失原因。"})
    review.refresh_from_db()
    assert review.result == "pass" and review.feedback_at is not None
    assert list(review.supervisors.all()) == [person]
    # the case's officer answers
    client.force_login(officers[0])
    assert "2026年第四季度" in client.get(list_url).content.decode()
    response = client.post(url, {"action": "respond", "response": "已补充情况说明。"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.response_by == officers[0]
    # an officer can draw nothing
    page = client.post(list_url, {"kind": "random", "batch": "x", "count": "1"})
    assert "案卷评查由法制审核机构进行" in page.content.decode()
    # an officer of no case, another district, the party: not found / refused
    for outsider in (other_officer, district_b_officer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert "2026年第四季度" not in client.get(list_url).content.decode()
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403, 404)
