"""The four lists (E11), the officers' handbook library (E10) and the numbered
移送书 (E14)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework.models import Document
from ecobureau.core.models import Record
from ecobureau.lib import dates

from ..models import EnforcementList, HandbookPart, ListCheck
from ..services import library, lists, transfers


def today() -> date:
    return dates.local_date(timezone.now())


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_three_example_lists_without_entries_and_eleven_parts(db):
    names = list(EnforcementList.objects.values_list("name", "example"))
    assert len(names) == 3 and all(example for _, example in names)
    assert not EnforcementList.objects.filter(entries__isnull=False).exists()
    parts = list(HandbookPart.objects.values_list("number", "title"))
    assert [n for n, _ in parts] == list(range(1, 12))
    assert parts[0][1] == "行政检查流程" and parts[1][1] == "服务规范"


def entry(item, by, **extra):
    values = {
        "item": item,
        "title": "首次轻微超标且主动改正",
        "conditions": "按局文件规定的条件",
        "basis": "局文件（示例）第三条",
        "effective_from": today() - timedelta(days=1),
        "by": by,
    }
    values.update(extra)
    return lists.entry_save(**values)


def test_heads_edit_entries_with_dates_officers_cannot(enforcement_head, officers):
    item = EnforcementList.objects.get(code="mitigate")
    with pytest.raises(PermissionDenied):
        entry(item, officers[0])
    with pytest.raises(ValidationError, match="失效日期"):
        entry(
            item,
            enforcement_head,
            effective_to=today() - timedelta(days=5),
        )
    saved = entry(item, enforcement_head)
    lists.entry_save(
        item=item,
        entry=saved,
        title="首次轻微超标",
        conditions=saved.conditions,
        basis=saved.basis,
        effective_from=saved.effective_from,
        by=enforcement_head,
    )
    record = Record.objects.filter(action="enforcement.list_entry_save").last()
    assert record is not None
    payload = json.dumps(json.loads(record.payload), ensure_ascii=False)
    assert "首次轻微超标且主动改正" in payload
    future = entry(item, enforcement_head, effective_from=today() + timedelta(5))
    in_force = {e.pk for e in lists.entries_in_force()}
    assert saved.pk in in_force and future.pk not in in_force


def test_case_check_against_another_list_proposed_then_decided(
    client, filed_case, officers, enforcement_head, other_officer
):
    item = EnforcementList.objects.get(code="lenient")
    saved = entry(item, enforcement_head)
    client.force_login(officers[0])
    response = client.post(
        reverse("enforcement:list-check", args=[filed_case.pk]),
        {"action": "propose", "entry": saved.pk, "facts": "首次，已当场改正。"},
    )
    assert response.status_code == 302
    check = ListCheck.objects.get()
    with pytest.raises(PermissionDenied):
        lists.list_check_decide(
            check=check, decision="agree", opinion="同意", by=officers[0]
        )
    with pytest.raises(PermissionDenied):
        lists.list_check_propose(
            case=filed_case, entry=saved, facts="x", by=other_officer
        )
    lists.list_check_decide(
        check=check, decision="agree", opinion="同意从轻。", by=enforcement_head
    )
    check.refresh_from_db()
    assert check.decision == "agree" and check.decided_by == enforcement_head
    page = client.get(reverse("enforcement:case-detail", args=[filed_case.pk]))
    assert "同意从轻" in page.content.decode()


def test_lists_page_for_staff_not_for_the_public(client, officers, enterprise_user_a):
    client.force_login(officers[0])
    text = client.get(reverse("enforcement:lists")).content.decode()
    assert "不予行政处罚清单" in text and "示例配置，需按局文件核定" in text
    client.force_login(enterprise_user_a)
    assert client.get(reverse("enforcement:lists")).status_code in (302, 403)


def test_handbook_versions_recorded_and_closed_to_others(
    client, officers, district_b_officer, enterprise_user_a
):
    part = HandbookPart.objects.get(number=1)
    client.force_login(officers[0])
    url = reverse("enforcement:handbook-part", args=[part.pk])
    response = client.post(
        url,
        {"action": "upload", "note": "", "file": SimpleUploadedFile("流程.pdf", PDF)},
    )
    assert "请填写修订说明" in response.content.decode()
    for n in (1, 2):
        client.post(
            url,
            {
                "action": "upload",
                "note": f"第{n}次修订",
                "file": SimpleUploadedFile("流程.pdf", PDF + bytes([n])),
            },
        )
    versions = list(part.versions.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].uploaded_by == officers[0]
    download = client.get(reverse("enforcement:handbook-file", args=[versions[1].pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert Record.objects.filter(action="enforcement.handbook_upload").count() == 2
    # a sub-bureau clerk without enforcement rights, and the enterprise: refused
    for outsider in (district_b_officer, enterprise_user_a):
        client.force_login(outsider)
        assert client.get(reverse("enforcement:handbook")).status_code in (302, 403)
        file_url = reverse("enforcement:handbook-file", args=[versions[1].pk])
        assert client.get(file_url).status_code in (302, 403)
    assert not library.may_edit(district_b_officer)


def test_transfer_document_is_a_numbered_pdf_once(
    client,
    filed_case,
    officers,
    other_officer,
    investigated,
    enforcement_head,
    city_leader,
    district_a_leader,
):
    from .. import services
    from .committee_setup import deliberated

    deliberated(
        investigated,
        measures=["police_criminal"],
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
    )

    transfer = services.transfer_record(
        case=filed_case,
        kind="crime",
        police_unit="鞍山市公安局铁东分局",
        reference="（手工登记）",
        facts="非法处置危险废物3吨以上，涉嫌污染环境罪。",
        by=officers[0],
    )
    with pytest.raises(PermissionDenied):
        transfers.transfer_document_issue(transfer=transfer, by=other_officer)
    client.force_login(officers[0])
    response = client.post(reverse("enforcement:transfer-document", args=[transfer.pk]))
    assert response.status_code == 302
    document = Document.objects.get(kind="enf_police_transfer")
    assert "移" in document.reference
    with pytest.raises(ValidationError, match="已生成"):
        transfers.transfer_document_issue(transfer=transfer, by=officers[0])
    page = client.get(reverse("enforcement:case-detail", args=[filed_case.pk]))
    assert document.reference in page.content.decode()
