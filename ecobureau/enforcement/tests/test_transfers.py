"""Transfers to the police (E14): recorded with the document number, the police
unit, the facts, scans and the outcome; the party never sees them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework.models import Attachment

from .. import selectors, services
from ..services import transfers
from .committee_setup import deliberated
from .conftest import photo


@pytest.fixture
def crime_deliberated(
    investigated, officers, enforcement_head, city_leader, district_a_leader
):
    """集体审议规则 第三条5: the 审委会 agreed to transfer the case as a crime."""
    return deliberated(
        investigated,
        measures=["police_criminal"],
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
    )


def test_transfer_refused_without_a_concluded_deliberation(
    client, investigated, officers, enforcement_head, city_leader, district_a_leader
):
    # given no decision at all: refused, with the rule in Chinese
    with pytest.raises(ValidationError, match="第三条第4、5项"):
        services.transfer_record(
            case=investigated,
            kind="crime",
            police_unit="鞍山市公安局",
            reference="鞍环移〔2026〕1号",
            facts="涉嫌污染环境罪。",
            by=officers[0],
        )
    # a meeting that disagreed is no ground either, nor one on another kind
    deliberated(
        investigated,
        measures=["police_criminal"],
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
        vote="disagree",
    )
    client.force_login(officers[0])
    response = client.post(
        reverse("enforcement:case-detail", args=[investigated.pk]),
        {
            "action": "transfer",
            "kind": "crime",
            "police_unit": "鞍山市公安局",
            "reference": "鞍环移〔2026〕1号",
            "facts": "涉嫌污染环境罪。",
        },
    )
    assert "须经法制审核并由审委会集体审议同意" in response.content.decode()
    assert not investigated.transfers.exists()
    assert transfers.concluded_deliberation(investigated, "detention") is None


def test_transfer_recorded_with_documents_and_outcome(
    client, crime_deliberated, filed_case, officers, other_officer, enterprise_user_a
):
    client.force_login(officers[0])
    url = reverse("enforcement:case-detail", args=[filed_case.pk])
    response = client.post(
        url,
        {
            "action": "transfer",
            "kind": "crime",
            "police_unit": "鞍山市公安局生态环境犯罪侦查支队",
            "reference": "鞍环移〔2026〕3号",
            "facts": "非法处置危险废物3吨以上，涉嫌污染环境罪（刑法第三百三十八条）。",
        },
    )
    assert response.status_code == 302
    transfer = filed_case.transfers.get()
    response = client.post(
        url,
        {
            "action": "transfer_file",
            "transfer": transfer.pk,
            "file": photo("公安机关回执.png"),
            "note": "回执",
        },
    )
    assert response.status_code == 302
    assert Attachment.objects.filter(
        target_type="enforcement.policetransfer", target_id=transfer.pk
    ).exists()
    services.transfer_outcome(
        transfer=transfer,
        outcome="accepted",
        note="鞍公环立字〔2026〕8号",
        by=officers[1],
    )
    transfer.refresh_from_db()
    assert transfer.outcome == "accepted"
    page = client.get(url).content.decode()
    assert "公安机关已立案（受理）" in page and "公安机关回执.png" in page
    with pytest.raises(ValidationError, match="已登记"):
        services.transfer_outcome(
            transfer=transfer, outcome="other", note="x", by=officers[1]
        )
    with pytest.raises(PermissionDenied):
        services.transfer_record(
            case=filed_case,
            kind="detention",
            police_unit="x",
            reference="y",
            facts="z",
            by=other_officer,
        )
    assert not selectors.transfer_list_for_user(enterprise_user_a).exists()


def test_transfer_needs_its_fields(crime_deliberated, filed_case, officers):
    with pytest.raises(ValidationError, match="移送书文号"):
        services.transfer_record(
            case=filed_case,
            kind="crime",
            police_unit="鞍山市公安局",
            reference="",
            facts="事实",
            by=officers[0],
        )
