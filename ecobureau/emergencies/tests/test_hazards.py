"""区域环境安全隐患 (C27): district staff enter, correct, rectify and publish
hazards through the pages (each write on the record); refused input answers 400
with what was typed; another district's staff can neither see nor edit; the
portal's list shows published hazards only, to anyone, with no person, and its
exports read back."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.emergencies import hazards
from ecobureau.emergencies.models import SafetyHazard

pytestmark = pytest.mark.django_db

PUBLIC = reverse("portal:disclosure-list", args=["safety-hazards"])


def _form(district, enterprise=None, **extra):
    today = timezone.localdate()
    data = {
        "district": district.pk,
        "place": "铁东区化工园区北侧排洪沟",
        "enterprise": enterprise.pk if enterprise else "",
        "found_on": (today - timedelta(days=3)).isoformat(),
        "level": "major",
        "description": "储罐区围堰破损，雨水排口未设切换阀，联系人张三13912340000。",
        "measure": "修复围堰，加装雨污切换阀。",
        "deadline": (today + timedelta(days=30)).isoformat(),
    }
    data.update(extra)
    return data


def test_district_staff_enter_rectify_and_publish_on_the_record(
    client, district_a_officer, district_a, enterprise_a
):
    enterprise_a.legal_representative = "李法人"
    enterprise_a.save()
    client.force_login(district_a_officer)
    page = client.post(
        reverse("emergencies:hazard-list"), _form(district_a, enterprise_a)
    )
    assert page.status_code == 302
    hazard = SafetyHazard.objects.get()
    assert (hazard.district, hazard.enterprise, hazard.level) == (
        district_a,
        enterprise_a,
        "major",
    )
    assert hazard.published_at is None and hazard.created_by == district_a_officer
    # not published yet: the public list does not show it
    client.logout()
    assert "化工园区北侧排洪沟" not in client.get(PUBLIC).content.decode()
    client.force_login(district_a_officer)
    detail = reverse("emergencies:hazard-detail", args=[hazard.pk])
    edited = client.post(
        detail,
        {
            "action": "edit",
            **{f"edit-{k}": v for k, v in _form(district_a, enterprise_a).items()},
            "edit-measure": "修复围堰，加装雨污切换阀，设置应急池。",
        },
    )
    assert edited.status_code == 302
    assert client.post(detail, {"action": "publish"}).status_code == 302
    today = timezone.localdate()
    done = client.post(
        detail,
        {
            "action": "rectify",
            "rectify-rectified_on": today.isoformat(),
            "rectify-note": "围堰已修复，切换阀已安装。",
        },
    )
    assert done.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == "rectified" and hazard.rectified_on == today
    assert hazard.measure.endswith("设置应急池。") and hazard.published_at
    actions = list(
        Record.objects.filter(target_type="emergencies.safetyhazard").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "emergencies.hazard.add",
        "emergencies.hazard.update",
        "emergencies.hazard.publish",
        "emergencies.hazard.rectify",
    ]
    assert records.verify()[1] is None
    page = client.get(detail).content.decode()
    assert "登记整改完成" in page and "已整改" in page
    # a rectified hazard is closed to edits
    refused = client.post(
        detail,
        {"action": "edit", **{f"edit-{k}": v for k, v in _form(district_a).items()}},
    )
    assert refused.status_code == 400 and "已整改完成" in refused.content.decode()

    # the public list: anonymous, the hazard, its status, no person
    client.logout()
    html = client.get(PUBLIC).content.decode()
    assert "化工园区北侧排洪沟" in html and "已整改" in html and "重大隐患" in html
    assert enterprise_a.name in html
    for secret in ("13912340000", "李法人", district_a_officer.full_name):
        assert secret not in html
    workbook = load_workbook(io.BytesIO(client.get(PUBLIC + "?format=xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("区县", "隐患地点", "涉及企业", "隐患等级")
    assert rows[1][0] == district_a.name and rows[1][8] == "已整改"
    assert "13912340000" not in str(rows)
    csv = client.get(PUBLIC + "?format=csv&q=排洪沟").content.decode("utf-8-sig")
    assert "化工园区北侧排洪沟" in csv
    assert "化工园区" not in client.get(PUBLIC + "?q=不存在的地点").content.decode()
    # the catalogue lists and dates it
    catalogue = client.get(reverse("portal:disclosure")).content.decode()
    assert 'data-key="safety-hazards"' in catalogue
    assert today.isoformat() in client.get(PUBLIC).content.decode()


def test_refused_input_answers_400_with_what_was_typed(
    client, district_a_officer, district_a, enterprise_b
):
    client.force_login(district_a_officer)
    url = reverse("emergencies:hazard-list")
    late = (timezone.localdate() - timedelta(days=10)).isoformat()
    refused = client.post(url, _form(district_a, deadline=late, place="污水站"))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "整改期限不能早于发现日期" in html and "污水站" in html
    empty = client.post(url, _form(district_a, description=""))
    assert empty.status_code == 400 and "化工园区北侧排洪沟" in empty.content.decode()
    assert not SafetyHazard.objects.exists()


def test_another_district_cannot_see_or_edit_and_the_public_only_published(
    client, district_a_officer, district_b_officer, district_a, district_b, citizen
):
    hazard = hazards.hazard_add(
        by=district_a_officer,
        **{
            "district": district_a,
            "place": "铁东区某尾矿库",
            "found_on": timezone.localdate(),
            "level": "general",
            "description": "排洪设施淤堵",
            "measure": "清淤",
            "deadline": timezone.localdate() + timedelta(days=5),
        },
    )
    # the service refuses district B's staff, and their own district only
    with pytest.raises(PermissionDenied):
        hazards.hazard_update(hazard=hazard, by=district_b_officer, measure="改")
    with pytest.raises(PermissionDenied):
        hazards.hazard_add(
            by=district_b_officer,
            district=district_a,
            place="x",
            found_on=timezone.localdate(),
            level="general",
            description="x",
            measure="x",
            deadline=timezone.localdate(),
        )
    client.force_login(district_b_officer)
    detail = reverse("emergencies:hazard-detail", args=[hazard.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"action": "publish"}).status_code == 404
    listing = client.get(reverse("emergencies:hazard-list")).content.decode()
    assert "铁东区某尾矿库" not in listing
    # a district officer may not file under another district through the page
    refused = client.post(reverse("emergencies:hazard-list"), _form(district_a))
    assert refused.status_code == 400
    assert SafetyHazard.objects.count() == 1
    # the public: staff pages closed, the list open but without the unpublished one
    client.force_login(citizen)
    assert client.get(reverse("emergencies:hazard-list")).status_code == 403
    client.logout()
    assert client.get(reverse("emergencies:hazard-list")).status_code == 302
    public = client.get(PUBLIC)
    assert public.status_code == 200 and "铁东区某尾矿库" not in public.content.decode()
    hazards.hazard_publish(hazard=hazard, by=district_a_officer, publish=True)
    assert "铁东区某尾矿库" in client.get(PUBLIC).content.decode()
    hazards.hazard_publish(hazard=hazard, by=district_a_officer, publish=False)
    assert "铁东区某尾矿库" not in client.get(PUBLIC).content.decode()
