"""挂牌督办 (A93): a head in scope records the listing and its lifting; the public
list shows it without personal data; others cannot record nor see the case page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Record

from .. import selectors
from ..models import ListedSupervision, PenaltyDecision
from ..services import supervision
from .test_deadline_page import district_b_head  # noqa: F401 (fixture)
from .test_decisions import propose


def listing(case, by, reference="辽环督〔2026〕3号"):
    today = timezone.localdate()
    return supervision.supervision_list(
        case=case,
        authority="辽宁省生态环境厅",
        reference=reference,
        listed_on=today,
        deadline=today + timedelta(days=60),
        matter="危险废物贮存不规范问题整改",
        by=by,
    )


def test_head_lists_and_lifts_with_record_and_checks(
    filed_case,
    enforcement_head,
    officers,
    district_b_head,  # noqa: F811
):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="督办期限不能早于"):
        supervision.supervision_list(
            case=filed_case,
            authority="辽宁省生态环境厅",
            reference="x",
            listed_on=today,
            deadline=today - timedelta(days=1),
            matter="x",
            by=enforcement_head,
        )
    for outsider in (officers[0], district_b_head):
        with pytest.raises(PermissionDenied):
            listing(filed_case, outsider)
    item = listing(filed_case, enforcement_head)
    with pytest.raises(ValidationError, match="已登记"):
        listing(filed_case, enforcement_head)
    supervision.supervision_lift(
        supervision=item, lifted_on=today, note="已整改到位", by=enforcement_head
    )
    item.refresh_from_db()
    assert item.status == ListedSupervision.Status.LIFTED
    assert selectors.supervision_last_change_public() == today
    with pytest.raises(ValidationError, match="已解除"):
        supervision.supervision_lift(
            supervision=item, lifted_on=today, note="x", by=enforcement_head
        )
    actions = set(
        Record.objects.filter(target_id=filed_case.pk).values_list("action", flat=True)
    )
    assert {"enforcement.supervision_list", "enforcement.supervision_lift"} <= actions


def test_page_keeps_input_and_public_list_hides_personal_data(
    client,
    investigated,
    enforcement_head,
    officers,
    district_b_officer,
    enterprise_user_b,
    django_assert_max_num_queries,
):
    url = reverse("enforcement:supervision", args=[investigated.pk])
    client.force_login(enforcement_head)
    page = client.post(
        url,
        {
            "authority": "辽宁省生态环境厅",
            "reference": "辽环督〔2026〕5号",
            "matter": "超标排放整改",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "请填写挂牌日期" in text and 'value="辽环督〔2026〕5号"' in text
    today = timezone.localdate().isoformat()
    response = client.post(
        url,
        {
            "authority": "辽宁省生态环境厅",
            "reference": "辽环督〔2026〕5号",
            "listed_on": today,
            "deadline": today,
            "matter": "超标排放整改",
        },
    )
    assert response.status_code == 302
    # a citizen party: the public list shows no name; no officer is named
    decision = propose(investigated, officers[0])
    PenaltyDecision.objects.filter(pk=decision.pk).update(party_kind="citizen")
    client.logout()
    with django_assert_max_num_queries(10):  # the page and the portal's layout
        public = client.get(reverse("enforcement:public_supervised"))
    assert public.status_code == 200
    text = public.content.decode()
    assert "辽环督〔2026〕5号" in text and "个人（依法隐去姓名）" in text
    assert investigated.enterprise.name not in text
    assert enforcement_head.display_name not in text
    # the staff page: not for another district nor another enterprise
    client.force_login(district_b_officer)
    assert client.get(url).status_code == 404
    client.force_login(enterprise_user_b)
    assert client.get(url).status_code in (302, 403, 404)
