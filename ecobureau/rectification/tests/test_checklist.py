"""B28 (seed 001 附件2 一(三)): each of the five kinds of problem has its
acceptance conditions, which form the case's acceptance checklist; every item
needs its evidence before the case applies for acceptance, evidence of another
kind's item never counts, and a temporary fix never counts for a 群众身边 case."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from .. import services, standards
from ..models import PetitionCase
from .conftest import FIVE, make_case

pytestmark = pytest.mark.django_db

FIVE_ONLY = {c.code: FIVE[c.code] for c in standards.PETITION_CONDITIONS}


def test_every_kind_has_its_checklist():
    assert set(standards.CATEGORY_CONDITIONS) == set(PetitionCase.Category.values)
    codes = [c.code for items in standards.CATEGORY_CONDITIONS.values() for c in items]
    assert len(codes) == len(set(codes))
    assert all(
        c.basis.startswith("附件2 一(三)")
        for items in standards.CATEGORY_CONDITIONS.values()
        for c in items
    )


def test_dispute_case_needs_its_own_checklist(
    office_staff, district_a_officer, district_a
):
    case = make_case(office_staff, district=district_a)
    case.category = PetitionCase.Category.DISPUTE
    case.save(update_fields=["category"])
    # the five conditions and the 群众身边 checklist: not the dispute's items
    services.petition_evidence(
        by=district_a_officer, case=case, conditions=FIVE, truth="true"
    )
    case.refresh_from_db()
    assert "nearby_fixed" not in case.conditions  # not this kind's item: dropped
    with pytest.raises(ValidationError) as refused:
        services.petition_transition(
            by=district_a_officer, case=case, transition="apply"
        )
    text = refused.value.messages[0]
    assert "涉及利益纠纷问题" in text and "引导群众通过正常渠道或司法途径解决" in text
    services.petition_evidence(
        by=district_a_officer,
        case=case,
        conditions={
            **FIVE_ONLY,
            "dispute_handled": "执法案件已立案查处",
            "dispute_channel": "已告知司法途径",
        },
        truth="true",
    )
    with pytest.raises(ValidationError, match="无过激行为"):
        services.petition_transition(
            by=district_a_officer, case=case, transition="apply"
        )
    services.petition_evidence(
        by=district_a_officer,
        case=case,
        conditions={
            **FIVE_ONLY,
            "dispute_handled": "执法案件已立案查处",
            "dispute_channel": "已告知司法途径",
            "dispute_calm": "回访记录：群众表示理解",
        },
        truth="true",
    )
    services.petition_transition(by=district_a_officer, case=case, transition="apply")
    case.refresh_from_db()
    assert case.status == "acceptance"


def test_nearby_case_with_its_checklist_but_a_temporary_fix_is_refused(
    office_staff, district_a_officer, district_a
):
    case = make_case(office_staff, district=district_a)
    services.petition_evidence(
        by=district_a_officer,
        case=case,
        conditions=FIVE,
        truth="true",
        temporary_measure=True,
    )
    with pytest.raises(ValidationError, match="临时性应对措施"):
        services.petition_transition(
            by=district_a_officer, case=case, transition="apply"
        )
    services.petition_evidence(
        by=district_a_officer, case=case, conditions=FIVE_ONLY, truth="true"
    )
    with pytest.raises(ValidationError, match="防止问题反弹"):
        services.petition_transition(
            by=district_a_officer, case=case, transition="apply"
        )
    assert case.status == "handling"


def test_checklist_on_the_case_page(
    client, office_staff, district_a_officer, district_a
):
    case = make_case(office_staff, district=district_a)
    client.force_login(district_a_officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "验收标准清单" in page and "形成长效机制，防止问题反弹" in page
    assert 'name="c_nearby_lasting"' in page
    data = {"truth": "true", **{f"c_{k}": v for k, v in FIVE_ONLY.items()}}
    data["c_nearby_fixed"] = "已立行立改"
    response = client.post(
        reverse("rectification:case-conditions", args=[case.pk]), data
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.conditions["nearby_fixed"] == "已立行立改"
    # applying now is refused with 400, naming the missing items
    response = client.post(
        reverse("rectification:case-transition", args=[case.pk]),
        {"transition": "apply"},
    )
    assert response.status_code == 400
    assert "污染消除" in response.content.decode()
