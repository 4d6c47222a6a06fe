"""Refused participation forms answer 400 and show the page again with what was
typed (COMMON: a refused form is never a 200 or a redirect)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.lib.dates import local_date
from ecobureau.portal import services
from ecobureau.portal.models import Consultation, Letter, Opinion

pytestmark = pytest.mark.django_db


def _open_consultation(by) -> Consultation:
    opens = local_date(timezone.now())
    consultation = services.consultation_create(
        by=by,
        title="鞍山市扬尘污染防治办法（征求意见稿）",
        summary="请于征集期内提出意见。",
        draft_text="第一条 ……",
        opens_on=opens,
        closes_on=opens + timedelta(days=29),
    )
    return services.consultation_publish(consultation=consultation, by=by)


def test_public_forms_refused_answer_400_with_the_text_kept(
    client, citizen, answerer, reviewer
):
    consultation = _open_consultation(answerer)
    client.force_login(citizen)

    # an opinion over the length limit: refused, the text is on the page again
    url = reverse("portal:consultation", args=[consultation.pk])
    too_long = "建议在第三条增加工地围挡高度要求" + "。" * 3000
    response = client.post(url, {"text": too_long})
    assert response.status_code == 400
    assert "建议在第三条增加工地围挡高度要求" in response.content.decode()
    assert not Opinion.objects.exists()

    # an empty POST binds the form too: the error shows, still 400
    response = client.post(reverse("portal:letter-new"), {})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()

    # rating a letter with no choice: refused, the note kept, nothing stored
    letter = services.letter_submit(
        by=citizen, kind="policy", subject="咨询", text="内容", publish_consent=False
    )
    services.letter_draft_answer(letter=letter, by=answerer, answer="已答复")
    services.letter_review(letter=letter, by=reviewer, approve=True)
    response = client.post(
        reverse("portal:my-letter", args=[letter.code]),
        {"satisfaction": "", "note": "答复还算及时"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "答复还算及时" in body and "这个字段是必填项" in body
    letter.refresh_from_db()
    assert letter.satisfaction == ""
    # a GET of the same pages stays 200
    assert client.get(url).status_code == 200
    assert client.get(reverse("portal:letter-new")).status_code == 200


def test_staff_forms_refused_answer_400_with_the_text_kept(
    client, citizen, answerer, reviewer
):
    client.force_login(answerer)

    # a consultation shorter than 30 days: the service refuses, the title is kept
    today = local_date(timezone.now())
    response = client.post(
        reverse("portal:staff-consultation-new"),
        {
            "title": "机动车排气污染防治条例（草案）",
            "summary": "说明",
            "draft_text": "全文",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "不得少于30日" in body and "机动车排气污染防治条例（草案）" in body
    assert not Consultation.objects.exists()

    # a draft answer without the answer: the public version typed is kept
    letter = services.letter_submit(
        by=citizen, kind="policy", subject="咨询", text="内容", publish_consent=True
    )
    response = client.post(
        reverse("portal:staff-letter", args=[letter.pk]),
        {
            "step": "answer",
            "answer": "",
            "public_subject": "关于工地扬尘的咨询",
            "public_text": "反映工地扬尘。",
        },
    )
    assert response.status_code == 400
    assert "关于工地扬尘的咨询" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.RECEIVED

    # deciding an opinion without a reason: the summary typed is on its row again
    consultation = _open_consultation(answerer)
    opinion = services.opinion_submit(
        consultation=consultation, by=citizen, text="建议增加洒水频次"
    )
    response = client.post(
        reverse("portal:staff-opinion-decide", args=[opinion.pk]),
        {"status": Opinion.Status.ADOPTED, "summary": "增加洒水频次", "reason": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="增加洒水频次"' in body and "这个字段是必填项" in body
    opinion.refresh_from_db()
    assert opinion.summary == ""

    # results while the period runs: refused by the service, the text kept
    response = client.post(
        reverse("portal:staff-consultation-results", args=[consultation.pk]),
        {"results_text": "共收到意见1条，采纳1条。"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "征集期结束后" in body and "共收到意见1条，采纳1条。" in body

    # the review step refused (a return without its reason) is also 400
    services.letter_draft_answer(
        letter=letter,
        by=answerer,
        answer="答复",
        public_subject="咨询",
        public_text="内容",
    )
    client.force_login(reviewer)
    response = client.post(
        reverse("portal:staff-letter", args=[letter.pk]),
        {"step": "review", "decision": "return", "note": ""},
    )
    assert response.status_code == 400
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFTED
