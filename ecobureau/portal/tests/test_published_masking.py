"""Texts staff type for publication — a letter's public title and text, the reply,
an opinion's summary and reason, the adoption statement — are masked where they
are published: every resident ID and mobile number, and the writer's own name and
phone (个人信息保护法; 政府信息公开条例第十五条). Masked when drafted (so the
reviewer sees what will be published) and again when read (rows written before)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ecobureau.lib.dates import local_date
from ecobureau.portal import services
from ecobureau.portal.models import Letter, Opinion

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
ID_NUMBER = "210302199001011234"
NAME = "钱秘芳"


def today() -> date:
    return local_date(timezone.now())


@pytest.fixture
def writer(citizen):
    citizen.full_name = NAME
    citizen.phone = "13512340000"
    citizen.save()
    return citizen


def test_a_letters_public_title_text_and_reply_are_masked(
    client, writer, answerer, reviewer
):
    letter = services.letter_submit(
        by=writer,
        kind="mailbox",
        subject="噪声",
        text=f"我是{NAME}，电话{PHONE}",
        publish_consent=True,
    )
    # when the drafter leaves a name, a phone and an ID number in the public text
    services.letter_draft_answer(
        letter=letter,
        by=answerer,
        answer=f"{NAME}您好：已转分局核查，可致电13512340000联系。",
        public_subject=f"{NAME}反映噪声（{PHONE}）",
        public_text=f"来信人{NAME}，身份证{ID_NUMBER}，电话{PHONE}，反映夜间噪声。",
    )
    letter.refresh_from_db()
    # then what the reviewer sees, and what is stored for publication, is masked
    assert letter.public_subject == "钱**反映噪声（139****5678）"
    assert ID_NUMBER not in letter.public_text and "210***********1234" in (
        letter.public_text
    )
    services.letter_review(letter=letter, by=reviewer, approve=True)
    pages = [
        client.get(reverse("portal:letters")),
        client.get(reverse("portal:participation")),
        client.get(reverse("portal:letter", args=[letter.code])),
        client.get(reverse("portal:letters") + "?q=夜间噪声"),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "钱**反映噪声" in html
        for secret in (NAME, PHONE, ID_NUMBER, "13512340000"):
            assert secret not in html
    # a search cannot tell who or which number is named in a letter
    for q in (NAME, "13512340000", "201011234"):
        found = client.get(reverse("portal:letters"), {"q": q}).content.decode()
        assert letter.code not in found, q
    detail = pages[2].content.decode()
    assert "反映夜间噪声" in detail and "已转分局核查" in detail
    assert "135****0000" in detail  # the reply's phone, masked
    # the writer still reads the reply as written on their own page
    client.force_login(writer)
    own = client.get(reverse("portal:my-letter", args=[letter.code])).content.decode()
    assert "13512340000" in own


def test_a_letter_stored_before_masking_is_masked_when_read(
    client, writer, answerer, reviewer
):
    letter = services.letter_submit(
        by=writer, kind="policy", subject="问", text="问", publish_consent=True
    )
    services.letter_draft_answer(
        letter=letter, by=answerer, answer="答", public_subject="s", public_text="t"
    )
    services.letter_review(letter=letter, by=reviewer, approve=True)
    # a row published before masking existed
    Letter.objects.filter(pk=letter.pk).update(
        public_subject=f"{NAME}的咨询",
        public_text=f"身份证{ID_NUMBER}，手机{PHONE}",
    )
    html = client.get(reverse("portal:letter", args=[letter.code])).content.decode()
    assert "钱**的咨询" in html and "139****5678" in html
    assert NAME not in html and PHONE not in html and ID_NUMBER not in html


def test_opinion_summaries_and_the_results_are_masked(client, writer, answerer):
    consultation = services.consultation_publish(
        consultation=services.consultation_create(
            by=answerer,
            title="餐饮油烟管理办法（征求意见稿）",
            summary="征集意见",
            draft_text="全文",
            opens_on=today(),
            closes_on=today() + timedelta(days=29),
        ),
        by=answerer,
    )
    opinion = services.opinion_submit(
        consultation=consultation, by=writer, text=f"{NAME} {PHONE} 建议加强检查"
    )
    with time_machine.travel(today() + timedelta(days=31)):
        services.opinion_decide(
            opinion=opinion,
            by=answerer,
            status=Opinion.Status.PARTLY,
            summary=f"{NAME}（{PHONE}）建议加强检查",
            reason=f"身份证{ID_NUMBER}所述情况已纳入",
        )
        opinion.refresh_from_db()
        assert opinion.summary == "钱**（139****5678）建议加强检查"
        services.consultation_publish_results(
            consultation=consultation,
            by=answerer,
            results_text=f"收到意见1条，联系电话{PHONE}。",
        )
        url = reverse("portal:consultation", args=[consultation.pk])
        html = client.get(url).content.decode()
    assert "建议加强检查" in html and "部分采纳" in html
    assert "139****5678" in html
    for secret in (NAME, PHONE, ID_NUMBER):
        assert secret not in html
