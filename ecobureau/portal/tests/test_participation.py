"""Public participation (A87, A88): opinion collection with published adoption,
letters answered through draft → review → publish, and satisfaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Record
from ecobureau.lib.dates import local_date
from ecobureau.portal import services
from ecobureau.portal.models import Consultation, Letter, Opinion

pytestmark = pytest.mark.django_db


def today() -> date:
    return local_date(timezone.now())


def _consultation(by, *, opens: date | None = None, days: int = 30) -> Consultation:
    opens = opens or today()
    consultation = services.consultation_create(
        by=by,
        title="鞍山市餐饮油烟污染防治管理办法（征求意见稿）",
        summary="请于征集期内提出意见。",
        draft_text="第一条 为防治餐饮油烟污染……",
        opens_on=opens,
        closes_on=opens + timedelta(days=days - 1),
    )
    return services.consultation_publish(consultation=consultation, by=by)


def test_consultation_period_below_the_minimum_is_refused(answerer):
    with pytest.raises(ValidationError, match="不得少于30日"):
        services.consultation_create(
            by=answerer,
            title="草案",
            summary="说明",
            draft_text="全文",
            opens_on=today(),
            closes_on=today() + timedelta(days=10),
        )


def test_the_public_may_not_open_a_consultation(citizen):
    with pytest.raises(PermissionDenied):
        _consultation(citizen)


def test_opinion_then_results_published_with_summaries_only(client, answerer, citizen):
    # given an open consultation and a citizen's opinion submitted on the page
    consultation = _consultation(answerer)
    client.force_login(citizen)
    url = reverse("portal:consultation", args=[consultation.pk])
    text = "建议增加夜间施工油烟检查，我家住幽兰街88号，电话13912345678。"
    response = client.post(url, {"text": text})
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.author == citizen and opinion.text == text
    # results cannot be published while the period runs
    with pytest.raises(ValidationError, match="征集期结束后"):
        services.consultation_publish_results(
            consultation=consultation, by=answerer, results_text="采纳1条。"
        )
    # when the period has ended and the opinion is studied
    with time_machine.travel(today() + timedelta(days=31)):
        with pytest.raises(ValidationError, match="未研究"):
            services.consultation_publish_results(
                consultation=consultation, by=answerer, results_text="采纳1条。"
            )
        services.opinion_decide(
            opinion=opinion,
            by=answerer,
            status=Opinion.Status.ADOPTED,
            summary="建议加强夜间油烟检查",
            reason="已在第十条增加夜间检查要求",
        )
        services.consultation_publish_results(
            consultation=consultation,
            by=answerer,
            results_text="共收到意见1条，采纳1条。",
        )
        # then the public sees the summary and adoption, never the text or author
        client.logout()
        html = client.get(url).content.decode()
    assert "建议加强夜间油烟检查" in html and "采纳" in html
    assert "13912345678" not in html and "幽兰街88号" not in html
    actions = set(Record.objects.values_list("action", flat=True))
    assert {
        "portal.consultation_publish",
        "portal.opinion_submit",
        "portal.opinion_decide",
        "portal.consultation_results",
    } <= actions


def test_opinion_outside_the_period_is_refused(answerer, citizen):
    consultation = _consultation(answerer, opens=today() + timedelta(days=5))
    with pytest.raises(ValidationError, match="不在意见征集期"):
        services.opinion_submit(consultation=consultation, by=citizen, text="意见")


def test_staff_cannot_submit_an_opinion(answerer):
    consultation = _consultation(answerer)
    with pytest.raises(PermissionDenied):
        services.opinion_submit(consultation=consultation, by=answerer, text="意见")


def test_anonymous_opinion_post_goes_to_login(client, answerer):
    consultation = _consultation(answerer)
    url = reverse("portal:consultation", args=[consultation.pk])
    response = client.post(url, {"text": "意见"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Opinion.objects.exists()


def test_empty_letter_keeps_what_was_typed(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("portal:letter-new"),
        {"kind": "policy", "subject": "排污许可登记咨询", "text": ""},
    )
    assert response.status_code == 400
    assert "排污许可登记咨询" in response.content.decode()
    assert not Letter.objects.exists()


def _letter(client, citizen) -> Letter:
    client.force_login(citizen)
    response = client.post(
        reverse("portal:letter-new"),
        {
            "kind": "mailbox",
            "subject": "小区旁工地夜间施工扰民",
            "text": "我是钱秘芳，电话13912345678，家住幽兰街88号，工地夜间施工。",
            "publish_consent": "on",
        },
    )
    letter = Letter.objects.get()
    assert response["Location"] == reverse("portal:my-letter", args=[letter.code])
    return letter


def test_letter_answered_reviewed_published_and_rated(
    client, citizen, answerer, reviewer
):
    letter = _letter(client, citizen)
    public_url = reverse("portal:letter", args=[letter.code])
    client.logout()
    assert client.get(public_url).status_code == 404  # not yet published

    # the answerer drafts on the staff page; the public version drops the identity
    client.force_login(answerer)
    staff_url = reverse("portal:staff-letter", args=[letter.pk])
    client.post(
        staff_url,
        {
            "step": "answer",
            "answer": "已责成属地分局核查，夜间施工须取得许可。",
            "public_subject": "工地夜间施工扰民",
            "public_text": "反映某小区旁工地夜间施工扰民。",
        },
    )
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFTED
    # a section staff member may draft but not review
    with pytest.raises(PermissionDenied):
        services.letter_review(letter=letter, by=answerer, approve=True)

    client.force_login(reviewer)
    client.post(staff_url, {"step": "review", "decision": "return", "note": ""})
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFTED  # a return needs its reason
    client.post(staff_url, {"step": "review", "decision": "approve", "note": ""})
    letter.refresh_from_db()
    assert letter.status == Letter.Status.PUBLISHED

    client.logout()
    html = client.get(public_url).content.decode()
    assert "工地夜间施工扰民" in html and "夜间施工须取得许可" in html
    for secret in ("钱秘芳", "13912345678", "幽兰街88号"):
        assert secret not in html

    client.force_login(citizen)
    my_url = reverse("portal:my-letter", args=[letter.code])
    client.post(my_url, {"satisfaction": "satisfied", "note": "答复及时"})
    letter.refresh_from_db()
    assert letter.satisfaction == "satisfied"
    with pytest.raises(ValidationError, match="已评价"):
        services.letter_rate(letter=letter, by=citizen, satisfaction="basic")
    actions = list(
        Record.objects.filter(target_id=str(letter.pk), target_type="portal.letter")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "portal.letter_submit",
        "portal.letter_draft",
        "portal.letter_publish",
        "portal.letter_rate",
    ]


def test_a_letter_without_consent_is_never_published(
    client, citizen, answerer, reviewer
):
    letter = services.letter_submit(
        by=citizen,
        kind="policy",
        subject="个人问题",
        text="内容",
        publish_consent=False,
    )
    services.letter_draft_answer(letter=letter, by=answerer, answer="答复")
    services.letter_review(letter=letter, by=reviewer, approve=True)
    assert client.get(reverse("portal:letter", args=[letter.code])).status_code == 404
    assert "个人问题" not in client.get(reverse("portal:letters")).content.decode()


def test_someone_else_cannot_see_or_rate_my_letter(client, citizen, enterprise_user_a):
    letter = services.letter_submit(
        by=citizen, kind="policy", subject="咨询", text="内容", publish_consent=True
    )
    client.force_login(enterprise_user_a)
    response = client.get(reverse("portal:my-letter", args=[letter.code]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.letter_rate(letter=letter, by=enterprise_user_a, satisfaction="basic")


def test_staff_pages_refuse_the_public_and_staff_without_permission(
    client, citizen, district_b_officer, answerer
):
    letter = services.letter_submit(
        by=citizen, kind="policy", subject="咨询", text="内容", publish_consent=True
    )
    client.force_login(citizen)
    assert client.get(reverse("portal:staff")).status_code == 403
    # a section-staff role in a district sub-bureau may answer; a grid officer may not
    from ecobureau.accounts.tests.factories import UserFactory

    grid = UserFactory(username="grid-x", role_codes=["grid_officer"])
    client.force_login(grid)
    assert client.get(reverse("portal:staff")).status_code == 403
    assert (
        client.get(reverse("portal:staff-letter", args=[letter.pk])).status_code == 404
    )
    client.force_login(answerer)
    assert client.get(reverse("portal:staff")).status_code == 200


def test_the_drafter_may_not_approve_the_own_draft(citizen, reviewer):
    letter = services.letter_submit(
        by=citizen, kind="policy", subject="咨询", text="内容", publish_consent=False
    )
    services.letter_draft_answer(letter=letter, by=reviewer, answer="答复")
    with pytest.raises(ValidationError, match="起草人以外"):
        services.letter_review(letter=letter, by=reviewer, approve=True)
