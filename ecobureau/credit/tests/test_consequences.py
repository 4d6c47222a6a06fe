"""Penalty decisions as a scoring source (each line cites the decision number and
date), grade consequences (守信激励，失信惩戒: positive list, inspection frequency,
`grade_for`), and the published list (paged, Excel, no personal data)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecobureau.casework import selectors_files
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Document
from ecobureau.credit import facts, selectors, services
from ecobureau.enforcement.models import EnforcementCase, PenaltyDecision
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises import services as enterprise_services
from ecobureau.lib import dates

from .conftest import at, move, pdf

pytestmark = pytest.mark.django_db


def penalty(enterprise, officer, *, decided, fine, number, measures=()):
    case = EnforcementCase.objects.create(
        enterprise=enterprise,
        source=EnforcementCase.Source.INSPECTION,
        start_reason="废气超标排放",
        facts="现场检查发现",
        created_by=officer,
        filed_at=decided,
        status="decided",
    )
    decision = PenaltyDecision.objects.create(
        case=case,
        procedure=PenaltyDecision.Procedure.ORDINARY,
        fine=Decimal(fine),
        measures=list(measures),
        facts="超标排放大气污染物",
        legal_basis="《大气污染防治法》第九十九条",
        decided_at=decided,
        created_by=officer,
    )
    if number:
        attachment = casework_services.attachment_add(
            file=SimpleUploadedFile("决定书.pdf", b"%PDF-1.4 d", "application/pdf"),
            target=case,
            kind="scan",
            by=officer,
        )
        Document.objects.create(
            kind="enf_penalty_decision",
            title="行政处罚决定书",
            unit=officer.unit,
            year=decided.year,
            number=int(number.split("〕")[1].rstrip("号")),
            reference=number,
            target_type="enforcement.enforcementcase",
            target_id=case.pk,
            attachment=attachment,
            issued_by=officer,
            issued_at=decided,
        )
    return decision


def publish(evaluation, prescorer, officer):
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=officer)
    services.evaluation_prescore(evaluation=evaluation, note="初审", by=prescorer)
    for step in ("review", "consult", "publish"):
        move(evaluation, step, by=officer)
    evaluation.refresh_from_db()
    return evaluation


def test_penalty_lines_cite_number_and_date(
    evaluations, enterprise_a, enterprise_b, credit_officer
):
    decided = at(2025, 6, 10)
    mine = penalty(
        enterprise_a,
        credit_officer,
        decided=decided,
        fine="60000",
        number="鞍环罚〔2025〕7号",
    )
    penalty(  # the year before: not counted
        enterprise_a, credit_officer, decided=at(2024, 6, 1), fine="1000", number=""
    )
    penalty(  # another enterprise: never in A's score
        enterprise_b,
        credit_officer,
        decided=decided,
        fine="9000",
        number="鞍环罚〔2025〕8号",
    )
    result = services.compute(evaluations["a"]).as_json()
    lines = [
        line
        for line in result["lines"]  # type: ignore[attr-defined]
        if line["ref"].startswith("enforcement.penalty")
    ]
    assert [line["ref"] for line in lines] == [f"enforcement.penaltydecision:{mine.pk}"]
    assert (
        "鞍环罚〔2025〕7号" in lines[0]["label"] and "2025-06-10" in lines[0]["label"]
    )
    assert "罚款人民币60000.00元" in lines[0]["label"]
    assert lines[0]["points"] == "4"  # L02: 4 points per decision (示例配置)
    assert "鞍环罚〔2025〕8号" not in str(result)
    # rules.md C4: fined ≥ 50,000 → mandatory scope, with the reason
    reasons = {
        e.pk: r for e, r in services.scope_candidates(evaluations["a"].evaluation_year)
    }
    assert "罚款60000.00元" in reasons[enterprise_a.pk]
    assert "≥5万元" not in reasons.get(enterprise_b.pk, "")


def test_penalty_facts_query_count(
    evaluations, enterprise_a, credit_officer, django_assert_max_num_queries
):
    for day in (3, 4, 5):
        penalty(
            enterprise_a,
            credit_officer,
            decided=at(2025, 3, day),
            fine="100",
            number="",
        )
    start, end = facts.year_bounds(2025)
    with django_assert_max_num_queries(2):
        found = facts.penalty_facts([enterprise_a.pk], start, end)
    assert len(found) == 3 and all("文书未编号" in f.label for _, f in found)


@pytest.fixture
def red_published(evaluations, district_a_officer, credit_officer):
    evaluation = evaluations["a"]
    services.adjustment_add(
        evaluation=evaluation,
        indicator_code="V6",
        points="0",
        reason="私设暗管偷排（执法案件）",
        by=district_a_officer,
    )
    return publish(evaluation, district_a_officer, credit_officer)


def test_grade_for_and_consequences(
    red_published, enterprise_a, enterprise_b, city_leader
):
    assert red_published.colour == "red"
    published_day = dates.local_date(red_published.published_at)
    grade = selectors.grade_for(enterprise_a, published_day + timedelta(days=1))
    assert grade is not None and grade.grade_code == "serious"
    assert not grade.positive_list_eligible and grade.suggested_class == "C"
    assert selectors.grade_for(enterprise_a, date(2020, 1, 1)) is None
    assert selectors.grade_for(enterprise_b, published_day) is None
    # repaired → no longer in force
    red_published.repaired_at = timezone.now()
    red_published.save()
    assert selectors.grade_for(enterprise_a, date(2099, 1, 1)) is None


def test_bad_grade_takes_off_positive_list(
    client, red_published, enterprise_a, city_leader, credit_officer
):
    enterprise_services.positive_list_add(
        enterprise=enterprise_a, reason="守法良好", by=city_leader
    )
    # the credit officer may not adjust the list (enterprises' rule)
    with pytest.raises(PermissionDenied):
        services.consequence_apply(evaluation=red_published, by=credit_officer)
    assert enterprise_selectors.on_positive_list(enterprise_a)
    client.force_login(city_leader)
    url = reverse("credit:evaluation", args=[red_published.pk])
    page = client.get(url).content.decode()
    assert "应研究移出" in page and "C类" in page
    assert client.post(url, {"action": "consequence"}).status_code == 302
    assert not enterprise_selectors.on_positive_list(enterprise_a)
    with pytest.raises(ValidationError):  # not on the list any more
        services.consequence_apply(evaluation=red_published, by=city_leader)


def test_enterprise_sees_consequence_of_own_only(
    client, red_published, enterprise_user_a, enterprise_user_b
):
    client.force_login(enterprise_user_a)
    page = client.get(reverse("credit:mine-detail", args=[red_published.pk]))
    assert "严重失信" in page.content.decode() and "正面清单" in page.content.decode()
    client.force_login(enterprise_user_b)
    assert (
        client.get(reverse("credit:mine-detail", args=[red_published.pk])).status_code
        == 404
    )


def test_public_results_paged_and_exported(client, red_published, evaluations):
    page = client.get(reverse("credit:public_results")).content.decode()
    assert red_published.enterprise.name in page
    # not yet published: absent
    assert evaluations["b"].enterprise.name not in page
    response = client.get(reverse("credit:public_results_export") + "?year=2025")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    text = str(rows)
    assert red_published.enterprise.name in text
    assert evaluations["b"].enterprise.name not in text
    # no personal data, no score details
    assert "评分明细" not in text and "联系人" not in text
    assert client.get(reverse("credit:public_results") + "?page=99").status_code == 200


def test_enterprise_told_of_publication_answer_and_repair(
    enterprise_user_a, enterprise_user_b, red_published, credit_officer
):
    # (the accounts exist before publication: fixtures are made in this order)
    from ecobureau.notifications.models import Notification

    titles = list(
        Notification.objects.filter(recipient=enterprise_user_a).values_list(
            "title", flat=True
        )
    )
    assert any("评价结果已公布" in t and "严重失信" in t for t in titles)
    objection = services.objection_submit(
        evaluation=red_published, text="记录有误", by=enterprise_user_a
    )
    services.objection_decide(
        objection=objection, upheld=False, decision="经核实不成立", by=credit_officer
    )
    assert Notification.objects.filter(
        recipient=enterprise_user_a, title__contains="异议不成立"
    ).exists()
    # the other enterprise is told nothing
    assert not Notification.objects.filter(recipient=enterprise_user_b).exists()


def test_result_notice_pdf(
    client,
    red_published,
    credit_officer,
    enterprise_user_a,
    enterprise_user_b,
    city_leader,
):
    from ecobureau.notifications.models import Notification

    with pytest.raises(PermissionDenied):  # the leader reads, never issues
        services.result_notice_issue(evaluation=red_published, by=city_leader)
    client.force_login(credit_officer)
    url = reverse("credit:evaluation", args=[red_published.pk])
    assert client.post(url, {"action": "notice"}).status_code == 302
    document = selectors_files.document_list_for_target(red_published).get()
    assert document.title == "企业环境信用评价结果告知书" and "信" in document.reference
    assert Notification.objects.filter(
        recipient=enterprise_user_a, title__contains=document.reference
    ).exists()
    client.force_login(enterprise_user_a)
    notice = reverse("credit:mine-notice", args=[red_published.pk, document.pk])
    assert (
        document.reference
        in client.get(
            reverse("credit:mine-detail", args=[red_published.pk])
        ).content.decode()
    )
    response = client.get(notice)
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF") and b"FontFile2" in content
    client.force_login(enterprise_user_b)
    assert client.get(notice).status_code == 404
    client.logout()
    assert client.get(notice).status_code in (302, 403)


def test_grid_class_follows_the_published_grade(
    red_published, enterprise_a, enterprise_b, credit_officer
):
    """Credit registers its lookup in grid's selectors at start-up; grid's class
    rule reads the grade in force through it (red → C, 示例配置) without
    importing credit. Publication refreshes the class at once; a granted repair
    restores the rule's class."""
    from ecobureau.credit.models import Repair
    from ecobureau.grid import selectors as grid_selectors
    from ecobureau.grid.models import EnterpriseSupervision

    day = dates.local_date(red_published.published_at)
    assert grid_selectors.credit_colours([enterprise_a.pk, enterprise_b.pk], day) == {
        enterprise_a.pk: "red"
    }
    assert selectors.colours_for([enterprise_a.pk], date(2020, 1, 1)) == {}
    # publication already refreshed grid's class
    row = EnterpriseSupervision.objects.get(enterprise=enterprise_a)
    assert row.klass == "C"
    assert any("红牌" in line and "示例配置" in line for line in row.explain)
    # a granted repair: the grade is no longer in force, the rule's class returns
    repair = Repair.objects.create(
        evaluation=red_published,
        severity="serious",
        decision_date=day,
        corrected="已整改",
        submitted_by=credit_officer,
    )
    services.repair_decide(
        repair=repair, granted=True, decision="准予", by=credit_officer
    )
    row.refresh_from_db()
    assert not any("红牌" in line for line in row.explain)
    assert selectors.colours_for([enterprise_a.pk], date(2099, 1, 1)) == {}


def test_public_results_searched_and_exported_as_csv(client, red_published):
    name = red_published.enterprise.name
    code = red_published.enterprise.credit_code
    url = reverse("credit:public_results")
    found = client.get(url, {"q": code[-6:]}).content.decode()
    assert name in found and "共 1 条" in found
    assert "本局公布日期" in found
    assert red_published.published_at.strftime("%Y") in found
    missed = client.get(url, {"q": "不存在的企业"}).content.decode()
    assert name not in missed and "共 0 条" in missed
    # the export links carry the search, and the CSV is the same list
    assert f"export.csv?q={code[-6:]}" in found
    response = client.get(reverse("credit:public_results_export_csv"), {"q": name[:2]})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("评价年度,单位名称,统一社会信用代码")
    assert name in text and code in text
    assert "联系人" not in text and "评分明细" not in text
    none = client.get(reverse("credit:public_results_export_csv"), {"q": "不存在"})
    assert name not in none.content.decode("utf-8-sig")
