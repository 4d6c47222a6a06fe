"""The list of violating enterprises (违法企业名单, A91) is the enforcement module's
public decisions: only served and published decisions appear, a withdrawn one
(revoked, found illegal) leaves the list, and after a 变更决定 the corrected
penalty is shown, never the original (行政处罚法第四十八条, P18)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.enforcement.models import (
    EnforcementCase,
    PenaltyDecision,
    PublishedDecision,
)
from ecobureau.enterprises.tests.factories import EnterpriseFactory, make_credit_code
from ecobureau.lib.dates import local_date
from ecobureau.portal import disclosure

pytestmark = pytest.mark.django_db


def _decision(enterprise, by, reference: str, fine: str) -> PenaltyDecision:
    case = EnforcementCase.objects.create(
        enterprise=enterprise,
        source=EnforcementCase.Source.TRANSFER,
        reference=reference,
        start_reason="超标排放",
        facts="二氧化硫超标排放。",
        created_by=by,
        status="decided",
        district=enterprise.district,
    )
    return PenaltyDecision.objects.create(
        case=case,
        procedure=PenaltyDecision.Procedure.ORDINARY,
        party_kind=PenaltyDecision.PartyKind.ORGANISATION,
        fine=Decimal(fine),
        facts="二氧化硫超标排放。",
        legal_basis="《大气污染防治法》第九十九条",
        decided_at=timezone.now() - timedelta(days=20),
        served_at=timezone.now() - timedelta(days=18),
        created_by=by,
    )


def _publish(decision, by, reference: str, penalty: str, **extra) -> PublishedDecision:
    enterprise = decision.case.enterprise
    return PublishedDecision.objects.create(
        decision=decision,
        reference=reference,
        party=enterprise.name,
        credit_code=enterprise.credit_code,
        district=enterprise.district.name,
        facts=decision.facts,
        basis=decision.legal_basis,
        penalty=penalty,
        decided_on=local_date(decision.decided_at),
        due_on=local_date(decision.decided_at) + timedelta(days=9),
        published_at=timezone.now() - timedelta(days=15),
        published_by=by,
        **extra,
    )


@pytest.fixture
def decisions(district_a, bureau):
    """Given: four organisations' decisions — decided but not published, published,
    published then withdrawn (revoked), published then corrected by a 变更决定."""
    officer = UserFactory(username="enf", unit=bureau)
    make = {
        key: EnterpriseFactory(
            name=name, credit_code=make_credit_code(60 + n), district=district_a
        )
        for n, (key, name) in enumerate(
            (
                ("unpublished", "未公开化工有限公司"),
                ("published", "已公开钢铁有限公司"),
                ("revoked", "被撤销建材有限公司"),
                ("corrected", "已变更热电有限公司"),
            )
        )
    }
    unpublished = _decision(make["unpublished"], officer, "案〔2026〕1号", "100000")
    unpublished.served_at = None  # decided, not yet served
    unpublished.save()
    published = _decision(make["published"], officer, "案〔2026〕2号", "200000")
    _publish(published, officer, "鞍环罚〔2026〕2号", "罚款人民币200000.00元")
    revoked = _decision(make["revoked"], officer, "案〔2026〕3号", "300000")
    _publish(
        revoked,
        officer,
        "鞍环罚〔2026〕3号",
        "罚款人民币300000.00元",
        withdrawn_at=timezone.now() - timedelta(days=2),
        withdraw_reason="经行政复议被撤销",
    )
    corrected = _decision(make["corrected"], officer, "案〔2026〕4号", "250000")
    _publish(
        corrected,
        officer,
        "鞍环罚〔2026〕4号",
        "罚款人民币250000.00元",
        withdrawn_at=timezone.now() - timedelta(days=5),
        withdraw_reason="作出变更决定",
    )
    _publish(
        corrected,
        officer,
        "鞍环罚变〔2026〕1号",
        "罚款人民币150000.00元",
        original_reference="鞍环罚〔2026〕4号",
    )
    return make


def _csv(client, q: str = "") -> list[list[str]]:
    url = reverse("portal:disclosure-list", args=["violators"])
    body = client.get(url, {"format": "csv", "q": q}).content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_only_published_not_withdrawn_decisions_are_listed(client, decisions):
    # when the public opens the list of violating enterprises
    html = client.get(reverse("portal:disclosure-list", args=["violators"]))
    text = html.content.decode()
    # then the published one is there, by its 决定书 number
    assert "已公开钢铁有限公司" in text and "鞍环罚〔2026〕2号" in text
    # the decision not yet served and published is not
    assert "未公开化工有限公司" not in text
    # the revoked (withdrawn) one is not
    assert "被撤销建材有限公司" not in text and "罚款人民币300000" not in text


def test_a_corrected_decision_shows_the_corrected_penalty(client, decisions):
    rows = _csv(client, "已变更热电")
    assert rows[0][3] == "决定书文号"
    assert len(rows) == 2  # the live entry only, not the withdrawn original
    row = rows[1]
    assert row[0] == "已变更热电有限公司"
    assert row[3] == "鞍环罚变〔2026〕1号（变更鞍环罚〔2026〕4号）"
    assert row[4] == "罚款人民币150000.00元"
    assert "罚款人民币250000" not in "".join(cell for r in rows for cell in r)


def test_the_list_is_dated_by_its_latest_publication(decisions):
    row = next(r for r in disclosure.index_rows() if r.entry.key == "violators")
    latest = PublishedDecision.objects.filter(withdrawn_at=None).latest("published_at")
    assert row.published_on == local_date(latest.published_at)
    assert not row.overdue
