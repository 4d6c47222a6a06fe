"""Transfers to the police (E14): recorded with the document number, the police
unit, the facts, scans and the outcome; the party never sees them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework.models import Attachment

from .. import selectors, services
from .conftest import photo


def test_transfer_recorded_with_documents_and_outcome(
    client, filed_case, officers, other_officer, enterprise_user_a
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


def test_transfer_needs_its_fields(filed_case, officers):
    with pytest.raises(ValidationError, match="移送书文号"):
        services.transfer_record(
            case=filed_case,
            kind="crime",
            police_unit="鞍山市公安局",
            reference="",
            facts="事实",
            by=officers[0],
        )
