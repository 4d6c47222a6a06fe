"""The enforcement staff pages in English when chosen (the language cookie): the
inspection list (执法检查), the case list, a case, an on-site inspection, an
investigation document's form and page, and an ad-hoc inspection reason — the
labels, step names, time limits and their legal basis, choice labels, the
checklist, the form labels and the messages after an action or a refused form.
What users typed and the parties' names stay Chinese (docs/decisions/0015);
without the cookie the same pages read the Chinese.

The English needs the entries of /work/notes/po_a.po in locale/en (merged by the
lead)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from .. import services
from ..models import EnforcementCase
from .conftest import a_reason, approve, write_record
from .english import page

pytestmark = pytest.mark.django_db


def _refused(client, url, **post):
    """A refused POST in English: 400, the page again with what was typed."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, post)
    assert response.status_code == 400
    return response.content.decode()


def _urgent_case(enterprise, officers):
    return services.case_open(
        enterprise=enterprise,
        source=EnforcementCase.Source.TRANSFER,
        reference="辽环执法〔2026〕12号",
        start_reason="省厅交办。",
        facts="危险废物露天堆放。",
        officers=officers,
        urgent=True,
        by=officers[0],
    )


def test_the_case_page_in_english(client, filed_case, officers):
    case = filed_case
    url = reverse("enforcement:case-detail", args=[case.pk])
    client.force_login(officers[0])
    officer = officers[0]

    main = page(client, url, english=True)
    assert f"Case #{case.pk}: {case.enterprise.name}</h1>" in main
    assert "<h2>Procedure start approval form</h2>" in main
    assert '<dd data-testid="status">Under investigation</dd>' in main
    assert (
        "<dt>Case source</dt><dd>Transferred or assigned（辽环执法〔2026〕12号）"
        in main
    )
    assert f"{officer.display_name} (enforcement ID {officer.credential_no})" in main
    # the time limit, its state and its basis
    assert "Time limit for filing: " in main
    assert "(Met in time)" in main
    assert (
        "Measures for Eco-environmental Administrative Penalties (MEE Order No. 30) "
        "art. 18: decide within 15 days whether to file the case"
    ) in main
    # the sections, the document templates, the transfer form and the lists
    assert "<h2>Investigation and evidence documents</h2>" in main
    assert "Make: " in main and ">Inquiry record</a>" in main
    assert ">On-site inspection (examination) record</a>" in main
    assert "<h2>Seal and seizure</h2>" in main
    assert "<h2>Transfer to the police</h2>" in main
    assert ">Transfer of a suspected environmental crime</option>" in main
    assert "Receiving police authority" in main
    assert "Checks against the other enforcement lists (the four lists)" in main
    assert "Listed supervision" in main
    # kept text: the facts typed by users stay Chinese
    assert "危险废物贮存间未设置识别标志" in main
    for chinese in (
        "程序启动审批表",
        "调查取证中",
        "立案期限",
        "询问笔录",
        "移送公安机关",
    ):
        assert chinese not in main

    # a refused action says so in English and answers 400
    body = _refused(client, url, action="unknown")
    assert "Unknown action." in body

    main = page(client, url, english=False)
    for chinese in (
        "程序启动审批表",
        '<dd data-testid="status">调查取证中</dd>',
        "立案期限：",
        "生态环境行政处罚办法（生态环境部令第30号）第十八条",
        ">询问笔录</a>",
        "<h2>移送公安机关</h2>",
    ):
        assert chinese in main


def test_the_filing_decision_in_english(
    client, enterprise_a, officers, enforcement_head
):
    case = _urgent_case(enterprise_a, officers)
    url = reverse("enforcement:case-detail", args=[case.pk])
    client.force_login(enforcement_head)
    main = page(client, url, english=True)
    assert '<dd data-testid="status">Awaiting the filing decision</dd>' in main
    assert "<dt>Urgent start</dt>" in main
    assert "<h2>File the case</h2>" in main
    assert "<h2>Do not file the case</h2>" in main
    assert "<h2>Extend the filing time limit by 15 days</h2>" in main
    assert "How and what the complainant was told" in main

    # a refused decline keeps what was typed
    body = _refused(client, url, action="decline", complainant_told="电话告知")
    assert 'value="电话告知"' in body
    assert "Do not file the case" in body

    # the officer proposes the start approval: the message in English
    client.force_login(officers[0])
    main = page(client, url, english=True, action="propose")
    assert "The procedure start approval has been proposed." in main

    client.force_login(enforcement_head)
    main = page(client, url, english=False)
    assert "待立案审查" in main and "<h2>不予立案</h2>" in main


def test_the_lists_in_english(client, planned, filed_case, officers, enforcement_head):
    reason = a_reason(planned.enterprise, officers[0])
    client.force_login(enforcement_head)

    main = page(client, reverse("enforcement:index"), english=True)
    assert "<h1>Enforcement inspections</h1>" in main
    assert "No inspection without a plan" in main
    assert f">On-site inspection #{planned.pk}</a>" in main
    assert "<td>Inspection plan (routine inspection)</td>" in main
    assert "<td>Awaiting the visit</td>" in main
    assert f">Case #{filed_case.pk}</a>" in main
    assert ">All cases</a>" in main and ">Four lists</a>" in main
    assert f">Assigned by a higher authority: inspection reason #{reason.pk}</a>" in (
        main
    )
    assert "待入企检查" not in main

    main = page(client, reverse("enforcement:case-list"), english=True)
    assert "<h1>Administrative penalty cases</h1>" in main
    assert ">Under investigation</option>" in main
    assert "<td>Transferred or assigned</td>" in main
    assert "<th>Party concerned</th>" in main

    main = page(client, reverse("enforcement:case-list"), english=False)
    assert "<h1>行政处罚案件</h1>" in main and "<td>移送、交办</td>" in main
    main = page(client, reverse("enforcement:index"), english=False)
    assert "无计划不检查" in main and "<td>待入企检查</td>" in main


def test_the_inspection_page_in_english(client, on_site, officers):
    url = reverse("enforcement:inspection-detail", args=[on_site.pk])
    client.force_login(officers[0])
    officer = officers[0]

    main = page(client, url, english=True)
    assert f"<h1>On-site inspection #{on_site.pk}: " in main
    assert '<dd data-testid="status">On site</dd>' in main
    assert "<dt>Basis of the inspection</dt><dd>Inspection plan: " in main
    assert (
        f"{officer.display_name} (enforcement ID {officer.credential_no}) arrived"
    ) in main
    assert "Item checked (" in main and "on-site inspection checklist)" in main
    assert (
        "Is the pollutant discharge permit (or registration) valid, and do the "
        "permitted items match reality?"
    ) in main
    assert '<option value="ok" selected>Meets the requirements</option>' in main
    assert ">Save the record</button>" in main
    # the upload, finish and health-check forms, labels translated in the view
    assert ">Category<" in main and ">Photos</option>" in main
    assert "Recorded at (required for audio/video)" in main
    assert "Reason no simultaneous audio/video recording was made" in main
    assert "Fill in the health-check sheet" in main
    assert "现场检查笔录" not in main and "排污许可证" not in main

    # a refused upload answers 400 in English and keeps the note
    body = _refused(client, url, action="file", kind="photo", note="危废间")
    assert 'value="危废间"' in body
    assert "This field is required." in body

    write_record(on_site, officers[0], present_name="钱经理")
    main = page(
        client,
        url,
        english=True,
        action="health",
        problem_0="标识缺失",
        requirement_0="HJ 1276",
        fixed_0="1",
        advice="设置识别标志。",
    )
    assert "The environmental health-check sheet has been filled in." in main
    assert "标识缺失 (corrected on the spot) — HJ 1276" in main
    assert "Present: 钱经理 环保负责人; The party has signed to confirm" in main

    main = page(client, url, english=False)
    for chinese in (
        "现场检查笔录",
        "现场检查中",
        "排污许可证（或登记）是否有效",
        "（已立行立改）",
    ):
        assert chinese in main


def test_the_documents_in_english(client, filed_case, officers):
    form_url = reverse("enforcement:document-new", args=[filed_case.pk, "inquiry"])
    client.force_login(officers[0])

    main = page(client, form_url, english=True)
    assert f"<h1>Inquiry record: Case #{filed_case.pk} " in main
    assert "Enforcement officers (at least 2, credentials must be shown)" in main
    assert "Name of the person questioned" in main
    assert "Rights told and how" in main
    assert ">Draw up a document</button>" in main and ">Back</a>" in main
    assert "询问笔录" not in main

    body = _refused(client, form_url, place="企业会议室", officers=[officers[0].pk])
    assert 'value="企业会议室"' in body

    fields = {
        "place": "企业会议室",
        "period": "2026-11-20 09:00至09:40",
        "person": "钱经理",
        "person_role": "当事人环保负责人",
        "content": "问：生产情况？答：正常。",
    }
    main = page(
        client,
        form_url,
        english=True,
        officers=[o.pk for o in officers],
        credentials_shown="1",
        rights_told="书面告知",
        signed="1",
        **fields,
    )
    assert "Inquiry record made." in main
    assert "<h1>Inquiry record</h1>" in main
    assert "<dt>Name of the person questioned</dt><dd>钱经理</dd>" in main
    assert "The party or persons concerned have signed and sealed" in main

    document = evidence_list(filed_case, officers)
    url = reverse("enforcement:document-detail", args=[document.pk])
    main = page(client, url, english=True)
    assert "Decision on evidence registered and preserved" in main
    assert '<option value="release">Release the registered evidence</option>' in main
    assert "<dt>Holder of the evidence</dt>" in main
    assert "当事人拒绝签字" in main
    main = page(
        client, url, english=True, action="preserve", decision="release", note="解除"
    )
    assert "The decision has been made." in main

    main = page(client, url, english=False)
    assert "<h1>证据登记保存清单</h1>" in main and "解除先行登记保存" in main


def test_the_reason_page_in_english(
    client, enterprise_a, officers, enforcement_head, district_a_leader
):
    reason = a_reason(enterprise_a, officers[0])
    approve(reason, district_a_leader, enforcement_head)
    url = reverse("enforcement:reason-detail", args=[reason.pk])
    client.force_login(enforcement_head)

    main = page(client, url, english=True)
    assert "<h1>Approval of an ad-hoc on-site inspection</h1>" in main
    assert "<dt>Source of the reason</dt><dd>Assigned by a higher authority" in main
    assert "Approved; an on-site inspection can be arranged" in main
    assert ">Arrange an on-site inspection</a>" in main
    assert "省厅交办：核查该企业夜间异味问题。" in main

    main = page(client, url, english=False)
    assert "<h1>临时现场检查审批</h1>" in main and "已批准，可安排现场检查" in main


def evidence_list(case, officers):
    """A 证据登记保存清单 the party refused to sign."""
    return services.document_make(
        case=case,
        kind="evidence_list",
        fields={
            "holder": "钱经理",
            "items": "废矿物油桶3只",
            "reason": "证据可能灭失",
            "form": "先行登记保存",
        },
        officers=officers,
        credentials_shown=True,
        signed=False,
        refusal="当事人拒绝签字",
        by=officers[0],
    )
