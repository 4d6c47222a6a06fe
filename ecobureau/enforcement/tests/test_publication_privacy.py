"""A published penalty decision names no private person (行政处罚法第四十八条;
政府信息公开条例第十五条; 个人信息保护法): the facts are published de-identified — a
citizen party's name, phone and address, any ID number or mobile number, an
organisation's legal representative and contact — and the public search by those
finds nothing; the organisation's own name stays."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.lib import deidentify

from ..services import decisions, publication
from .test_execution_more import RECORD, summary_decision

pytestmark = pytest.mark.django_db

NAME, ID_NUMBER, PHONE, ADDRESS = (
    "周个人",
    "210381197003033456",
    "13734567890",
    "海城市桃源里9号",
)


def _served_citizen_decision(case, by, facts: str):
    enterprise = case.enterprise  # a citizen party's row holds the person
    enterprise.name, enterprise.address, enterprise.contact_phone = (
        NAME,
        ADDRESS,
        PHONE,
    )
    enterprise.save()
    decision = summary_decision(case, by, fine="150")
    decision.facts = facts
    decision.save(update_fields=["facts"])
    decisions.summary_decide(decision=decision, record=RECORD, by=by)
    decisions.decision_serve(
        decision=decision,
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": "当事人签收"},
        by=by,
    )
    return decision


def test_a_citizens_identity_in_the_facts_is_not_published(
    client, investigated, officers
):
    facts = (
        f"{NAME}（身份证号{ID_NUMBER}，电话{PHONE}，住{ADDRESS}）于自家院内露天焚烧"
        "生活垃圾约50千克。"
    )
    decision = _served_citizen_decision(investigated, officers[0], facts)
    published = publication.decision_publish(decision=decision, by=officers[0])
    # the internal decision keeps the facts as decided
    decision.refresh_from_db()
    assert decision.facts == facts
    # the published facts are de-identified and still say what happened
    assert published.party == publication.CITIZEN_LABEL
    for secret in (NAME, ID_NUMBER, PHONE, ADDRESS):
        assert secret not in published.facts
    assert published.facts.startswith(
        "周**（身份证号210***********3456，电话137****7890"
    )
    assert deidentify.ADDRESS_HIDDEN in published.facts
    assert "露天焚烧生活垃圾约50千克" in published.facts
    # the public page, its exports and its search find no private person
    url = reverse("enforcement:public_decisions")
    for query in ("", "?format=csv", "?format=xlsx"):
        body = client.get(url + query).content
        for secret in (NAME, ID_NUMBER, PHONE, ADDRESS):
            assert secret.encode() not in body
    for secret in (NAME, ID_NUMBER, PHONE):
        assert not publication.public_decisions(secret).exists()
        page = client.get(url, {"q": secret}).content.decode()
        assert published.reference not in page


def test_an_organisations_name_stays_and_its_people_are_masked(enterprise_a):
    enterprise_a.name = "鞍山市张伟五金加工厂"
    enterprise_a.legal_representative = "张伟"
    enterprise_a.contact_name = "李芳"
    enterprise_a.contact_phone = "13912345678"
    facts = (
        "鞍山市张伟五金加工厂未批先建，法定代表人张伟、环保联系人李芳"
        "（13912345678）在场；员工王某身份证号21030219900101123X。"
        "统一社会信用代码91210300MA0TEST01X。"
    )
    text = publication.public_facts(facts, enterprise_a, citizen=False)
    assert text.startswith("鞍山市张伟五金加工厂未批先建，法定代表人张*、环保联系人李*")
    assert "139****5678" in text and "13912345678" not in text
    assert "210***********123X" in text
    assert "91210300MA0TEST01X" in text  # a credit code is not an ID number
