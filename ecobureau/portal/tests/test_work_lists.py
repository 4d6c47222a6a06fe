"""黑名单、落后淘汰名单等工作清单 (D19): office staff create a list, add a registered
enterprise and a named unit, correct and remove entries, import from Excel (each
bad row reported in Chinese, nothing written), and publish the list; each write on
the record. Sub-bureau staff and the public cannot maintain lists; anyone reads
the published lists (not the unpublished ones), with exports read back and no
person."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.enterprises.tests.factories import make_credit_code
from ecobureau.portal import work_lists
from ecobureau.portal.models import WorkList, WorkListEntry

pytestmark = pytest.mark.django_db

PUBLIC = reverse("portal:disclosure-list", args=["work-lists"])


def _xlsx(rows: list[list[object]], headers: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers or list(work_lists.IMPORT_HEADERS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "list.xlsx",
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_staff_keep_and_publish_a_blacklist(client, answerer, enterprise_a):
    enterprise_a.legal_representative = "钱法人"
    enterprise_a.contact_phone = "13912345678"
    enterprise_a.save()
    client.force_login(answerer)
    made = client.post(
        reverse("portal:staff-work-lists"),
        {"kind": "blacklist", "name": "2026年环境保护黑名单", "basis": "市政府令"},
    )
    assert made.status_code == 302
    blacklist = WorkList.objects.get()
    url = reverse("portal:staff-work-list", args=[blacklist.pk])
    today = timezone.localdate()
    added = client.post(
        url,
        {
            "action": "add",
            "add-enterprise": enterprise_a.pk,
            "add-reason": "伪造监测数据，法定代表人钱法人（电话13912345678）拒不整改",
            "add-document_no": "鞍环发〔2026〕8号",
            "add-listed_on": today.isoformat(),
        },
    )
    assert added.status_code == 302
    named = client.post(
        url,
        {
            "action": "add",
            "add-unit_name": "某某小作坊",
            "add-reason": "非法倾倒危险废物",
            "add-listed_on": (today - timedelta(days=40)).isoformat(),
        },
    )
    assert named.status_code == 302
    entry = WorkListEntry.objects.get(enterprise=enterprise_a)
    assert (entry.unit_name, entry.credit_code) == (
        enterprise_a.name,
        enterprise_a.credit_code,
    )
    workshop = WorkListEntry.objects.get(unit_name="某某小作坊")
    entry_url = reverse("portal:staff-work-list-entry", args=[workshop.pk])
    edited = client.post(
        entry_url,
        {
            "action": "edit",
            "edit-reason": "非法倾倒危险废物（已查实）",
            "edit-document_no": "鞍环罚〔2026〕3号",
            "edit-listed_on": (today - timedelta(days=40)).isoformat(),
        },
    )
    assert edited.status_code == 302
    removed = client.post(
        entry_url,
        {
            "action": "remove",
            "remove-removed_on": today.isoformat(),
            "remove-removed_reason": "整改完成，信用修复",
        },
    )
    assert removed.status_code == 302
    # unpublished: the public sees nothing of it
    client.logout()
    assert enterprise_a.name not in client.get(PUBLIC).content.decode()
    client.force_login(answerer)
    assert client.post(url, {"action": "publish"}).status_code == 302
    actions = list(
        Record.objects.filter(
            target_type="portal.worklist", target_id=str(blacklist.pk)
        ).values_list("action", flat=True)
    )
    assert actions == [
        "portal.work_list_create",
        "portal.work_list_entry_add",
        "portal.work_list_entry_add",
        "portal.work_list_entry_update",
        "portal.work_list_entry_remove",
        "portal.work_list_publish",
    ]
    assert records.verify()[1] is None

    client.logout()
    html = client.get(PUBLIC).content.decode()
    assert enterprise_a.name in html and "鞍环发〔2026〕8号" in html
    assert "某某小作坊" in html and "整改完成，信用修复" in html and "已移出" in html
    for secret in ("钱法人", "13912345678", answerer.full_name):
        assert secret not in html
    book = load_workbook(io.BytesIO(client.get(PUBLIC + "?format=xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("清单类别", "清单名称", "单位名称")
    assert {r[2] for r in rows[1:]} == {enterprise_a.name, "某某小作坊"}
    assert all(r[0] == "环境保护黑名单" for r in rows[1:])
    assert "13912345678" not in str(rows) and "钱法人" not in str(rows)
    searched = client.get(PUBLIC + "?format=csv&q=小作坊").content.decode("utf-8-sig")
    assert "某某小作坊" in searched and enterprise_a.name not in searched
    catalogue = client.get(reverse("portal:disclosure")).content.decode()
    assert 'data-key="work-lists"' in catalogue


def test_refused_input_answers_400_and_keeps_it(client, answerer):
    client.force_login(answerer)
    blank = client.post(
        reverse("portal:staff-work-lists"), {"kind": "phase_out", "name": ""}
    )
    assert blank.status_code == 400
    work_list = work_lists.work_list_create(
        by=answerer, kind="phase_out", name="落后产能淘汰名单"
    )
    url = reverse("portal:staff-work-list", args=[work_list.pk])
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    refused = client.post(
        url,
        {
            "action": "add",
            "add-unit_name": "某钢铁厂",
            "add-reason": "10吨以下燃煤锅炉",
            "add-listed_on": future,
        },
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "列入日期不能晚于今天" in html and "10吨以下燃煤锅炉" in html
    no_unit = client.post(
        url, {"action": "add", "add-reason": "原因", "add-listed_on": "2026-01-05"}
    )
    assert no_unit.status_code == 400 and "请填写单位名称" in no_unit.content.decode()
    bad_code = client.post(
        url,
        {
            "action": "add",
            "add-unit_name": "某厂",
            "add-credit_code_text": "912103001234",
            "add-reason": "原因",
            "add-listed_on": "2026-01-05",
        },
    )
    assert bad_code.status_code == 400 and "18位" in bad_code.content.decode()
    # a list with no entry is not published
    empty = client.post(url, {"action": "publish"}, follow=True)
    assert "还没有条目" in empty.content.decode()
    assert not WorkListEntry.objects.exists()
    work_list.refresh_from_db()
    assert work_list.published_at is None


def test_excel_import_reports_each_bad_row_and_writes_nothing(
    client, answerer, enterprise_a
):
    work_list = work_lists.work_list_create(
        by=answerer, kind="other", name="重点监管单位清单"
    )
    client.force_login(answerer)
    url = reverse("portal:staff-work-list", args=[work_list.pk])
    bad = _xlsx(
        [
            ["", enterprise_a.credit_code, "重点排污", "", date(2026, 3, 1)],
            ["某化工厂", "", "", "文号1", "2026-03-02"],
            ["某砖厂", "91210300ABCDEFGH12", "落后工艺", "", "明天"],
            ["某化工厂", "", "重复", "", "2026-03-02"],
        ]
    )
    refused = client.post(url, {"action": "import", "import-file": _upload(bad)})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "有3行数据有误，未导入任何数据" in html
    assert "第3行" in html and "缺少列入原因" in html
    assert "第4行" in html and "统一社会信用代码“91210300ABCDEFGH12”不正确" in html
    assert "列入日期“明天”无法识别" in html
    assert "第5行" in html and "与第3行重复" in html
    assert not WorkListEntry.objects.exists()
    wrong_headers = client.post(
        url,
        {"action": "import", "import-file": _upload(_xlsx([["a"]], ["名称"]))},
    )
    assert wrong_headers.status_code == 400
    assert "缺少列：单位名称、列入原因、列入日期" in wrong_headers.content.decode()
    good = _xlsx(
        [
            ["", enterprise_a.credit_code, "重点排污", "", date(2026, 3, 1)],
            ["某化工厂", make_credit_code(77), "危险化学品", "文号1", "2026-03-02"],
        ]
    )
    done = client.post(url, {"action": "import", "import-file": _upload(good)})
    assert done.status_code == 302
    entries = {e.unit_name: e for e in WorkListEntry.objects.all()}
    assert entries[enterprise_a.name].enterprise == enterprise_a
    assert entries["某化工厂"].credit_code == make_credit_code(77)
    record = Record.objects.get(action="portal.work_list_import")
    assert records.payload_of(record)["data"]["rows"] == 2
    template = client.get(reverse("portal:staff-work-list-template"))
    header = next(
        load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True)
    )
    assert header[:3] == ("单位名称", "统一社会信用代码", "列入原因")


def test_sub_bureau_staff_and_the_public_cannot_maintain_lists(
    client, answerer, district_a_officer, citizen
):
    work_list = work_lists.work_list_create(
        by=answerer, kind="blacklist", name="黑名单"
    )
    for person in (district_a_officer, citizen):
        with pytest.raises(PermissionDenied):
            work_lists.work_list_entry_add(
                by=person,
                work_list=work_list,
                unit_name="某厂",
                reason="x",
                listed_on=timezone.localdate(),
            )
    client.force_login(district_a_officer)
    assert client.get(reverse("portal:staff-work-lists")).status_code == 403
    url = reverse("portal:staff-work-list", args=[work_list.pk])
    assert client.post(url, {"action": "publish"}).status_code == 403
    client.force_login(citizen)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    assert client.get(reverse("portal:staff-work-lists")).status_code == 302
    assert client.get(PUBLIC).status_code == 200
