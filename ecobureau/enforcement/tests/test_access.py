"""The party's access to its enforcement record (第三十四条, A46): the enterprise
applies, the head decides, confidential parts are withheld, every opening is
recorded; another enterprise can do none of it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework import services as casework_services
from ecobureau.core.models import Record

from .. import services
from ..models import RecordAccessRequest
from .conftest import photo
from .test_investigation import SITE, make


@pytest.fixture
def record_files(filed_case, officers):
    site = make(
        filed_case, "site_inspection", SITE, officers, no_recording_reason="夜间"
    )
    open_file = services.document_file_add(
        document=site, by=officers[0], file=photo("现场.png"), kind="photo"
    )
    secret = casework_services.attachment_add(
        file=photo("举报人信息.png"),
        target=filed_case,
        kind="photo",
        by=officers[0],
        confidential=True,
    )
    return open_file, secret


def test_party_applies_head_grants_confidential_withheld_and_opening_recorded(
    client, filed_case, record_files, enterprise_user_a, enforcement_head
):
    open_file, secret = record_files
    # given the enterprise applies on its case page
    client.force_login(enterprise_user_a)
    url = reverse("enforcement:party-case", args=[filed_case.pk])
    response = client.post(url, {"kind": "copy", "purpose": "准备陈述申辩材料"})
    assert response.status_code == 302
    request = RecordAccessRequest.objects.get()
    assert request.status == "pending" and request.requested_by == enterprise_user_a

    # when the head grants it, the confidential file withheld with the reason
    client.force_login(enforcement_head)
    response = client.post(
        reverse("enforcement:access-detail", args=[request.pk]),
        {"grant": "1", "opinion": "同意复制。", "withheld": "举报人信息依法保密。"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "granted"
    assert open_file.pk in request.released and secret.pk not in request.released

    # then the party downloads the released file, and the opening is recorded
    client.force_login(enterprise_user_a)
    page = client.get(url).content.decode()
    assert "现场.png" in page and "举报人信息.png" not in page
    response = client.get(
        reverse("enforcement:party-file", args=[request.pk, open_file.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    response = client.get(
        reverse("enforcement:party-file", args=[request.pk, secret.pk])
    )
    assert response.status_code == 403
    actions = list(
        Record.objects.filter(
            target_type="enforcement.enforcementcase", target_id=filed_case.pk
        ).values_list("action", flat=True)
    )
    assert actions.count("enforcement.access_open") == 1
    assert (
        "enforcement.access_apply" in actions and "enforcement.access_decide" in actions
    )


def test_other_enterprise_and_officers_cannot_apply_or_open(
    client,
    filed_case,
    record_files,
    enterprise_user_a,
    enterprise_user_b,
    officers,
    enforcement_head,
):
    with pytest.raises(PermissionDenied):
        services.access_apply(
            case=filed_case, kind="consult", purpose="x", by=enterprise_user_b
        )
    with pytest.raises(PermissionDenied):
        services.access_apply(
            case=filed_case, kind="consult", purpose="x", by=officers[0]
        )
    client.force_login(enterprise_user_b)
    assert (
        client.get(reverse("enforcement:party-case", args=[filed_case.pk])).status_code
        == 404
    )
    request = services.access_apply(
        case=filed_case, kind="consult", purpose="核对笔录", by=enterprise_user_a
    )
    with pytest.raises(ValidationError, match="待审批"):
        services.access_apply(
            case=filed_case, kind="copy", purpose="y", by=enterprise_user_a
        )
    with pytest.raises(PermissionDenied, match="负责人"):
        services.access_decide(
            request=request, grant=True, opinion="同意", by=officers[0]
        )
    services.access_decide(
        request=request,
        grant=True,
        opinion="同意查阅",
        withheld="举报人信息保密",
        by=enforcement_head,
    )
    request.refresh_from_db()
    assert request.released
    # another enterprise cannot open a released file
    client.force_login(enterprise_user_b)
    response = client.get(
        reverse("enforcement:party-file", args=[request.pk, request.released[0]])
    )
    assert response.status_code == 404


def test_withholding_needs_a_reason(
    filed_case, record_files, enterprise_user_a, enforcement_head
):
    request = services.access_apply(
        case=filed_case, kind="copy", purpose="复议", by=enterprise_user_a
    )
    with pytest.raises(ValidationError, match="不予提供部分的理由"):
        services.access_decide(
            request=request, grant=True, opinion="同意", by=enforcement_head
        )
