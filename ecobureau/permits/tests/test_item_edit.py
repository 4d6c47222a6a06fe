"""Staff edit catalogue items in the UI; every change is a record entry."""

import pytest
from django.urls import reverse

from ecobureau.casework.selectors import history_for
from ecobureau.permits.models import ServiceItem

from .helpers import login


def _post_data(item, **changes):
    data = {
        "name": item.name,
        "applicable_parties": item.applicable_parties,
        "legal_basis_text": item.legal_basis_text,
        "accepting_body": item.accepting_body,
        "unit": item.unit_id or "",
        "place_and_hours": item.place_and_hours,
        "materials_text": item.materials_text,
        "procedure_text": item.procedure_text,
        "time_limit_text": item.time_limit_text,
        "time_limit_amount": item.time_limit_amount
        if item.time_limit_amount is not None
        else "",
        "time_limit_unit": item.time_limit_unit,
        "result": item.result,
        "fees": item.fees,
        "sample_forms": item.sample_forms,
        "faq": item.faq,
        "complaint_channel": item.complaint_channel,
        "condition_question": item.condition_question,
        "season_start_month": item.season_start_month or "",
        "season_end_month": item.season_end_month or "",
        "accepts_enterprises": "on" if item.accepts_enterprises else "",
        "accepts_citizens": "on" if item.accepts_citizens else "",
        "is_active": "on",
        "aliases_text": "\n".join(item.aliases),
        "choices_text": "\n".join(item.condition_choices),
    }
    if item.season_workdays_only:
        data["season_workdays_only"] = "on"
    materials = list(item.materials.all())
    data.update(
        {
            "materials-TOTAL_FORMS": len(materials),
            "materials-INITIAL_FORMS": len(materials),
        }
    )
    for n, m in enumerate(materials):
        data.update(
            {
                f"materials-{n}-code": m.code,
                f"materials-{n}-name": m.name,
                f"materials-{n}-kind": m.kind,
                f"materials-{n}-condition": m.condition,
                f"materials-{n}-note": m.note,
            }
        )
        if m.required:
            data[f"materials-{n}-required"] = "on"
    bases = list(item.legal_bases.all())
    data.update({"bases-TOTAL_FORMS": len(bases), "bases-INITIAL_FORMS": len(bases)})
    for n, b in enumerate(bases):
        data.update(
            {
                f"bases-{n}-law": b.law,
                f"bases-{n}-articles": b.articles,
                f"bases-{n}-text": b.text,
                f"bases-{n}-status": b.status,
                f"bases-{n}-note": b.note,
                f"bases-{n}-valid_from": b.valid_from.isoformat()
                if b.valid_from
                else "",
                f"bases-{n}-valid_to": b.valid_to.isoformat() if b.valid_to else "",
            }
        )
    data.update(changes)
    return {k: v for k, v in data.items() if v != "" or k.endswith("_text")}


@pytest.mark.django_db
def test_a_section_head_moves_the_season_and_it_is_recorded(
    client, catalogue, waste_head
):
    item = ServiceItem.objects.get(code="hw-declaration")
    login(client, waste_head)
    response = client.post(
        reverse("permits:item-edit", args=[item.code]),
        _post_data(item, season_end_month=4),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.season_start_month, item.season_end_month) == (2, 4)
    entries = [e for e in history_for(item) if e.action == "permits.catalogue.change"]
    assert entries and entries[-1].data["after"] == {"season_end_month": 4}


@pytest.mark.django_db
def test_a_month_out_of_range_is_refused_and_nothing_changes(
    client, catalogue, waste_head
):
    item = ServiceItem.objects.get(code="hw-declaration")
    login(client, waste_head)
    response = client.post(
        reverse("permits:item-edit", args=[item.code]),
        _post_data(item, season_end_month=13),
    )
    assert response.status_code == 400
    assert "月份应为1至12" in response.content.decode()
    item.refresh_from_db()
    assert item.season_end_month == 3


@pytest.mark.django_db
def test_staff_without_the_permission_cannot_edit(
    client, catalogue, district_b_officer, enterprise_user_a
):
    item = ServiceItem.objects.get(code="hw-declaration")
    for person in (district_b_officer, enterprise_user_a):
        login(client, person)
        response = client.post(
            reverse("permits:item-edit", args=[item.code]),
            _post_data(item, season_end_month=5),
        )
        assert response.status_code == 403
    item.refresh_from_db()
    assert item.season_end_month == 3
