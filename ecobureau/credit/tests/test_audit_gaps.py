"""The audit's gaps (issue 12, rules.md C6/C8/C10): example configuration labelled
where results are shown (notice, public list and export, the enterprise's page), the
province's grade named beside the bureau's, objections re-scored from the stored
facts, and the repair periods counted from the platform's document date."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecobureau.complaints.models import Complaint
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.credit import config, selectors, services
from ecobureau.credit.documents import CREDIT_RESULT_NOTICE
from ecobureau.credit.models import ProvincialGrade, ProvincialImport, Repair
from ecobureau.lib import dates
from ecobureau.monitoring.models import DischargeFlag

from .conftest import at
from .test_consequences import penalty, publish
from .test_year_flow import seed_records

pytestmark = pytest.mark.django_db

NOTE = "评分指标、权重与等级划分为示例配置，需按省厅文件核定。"


def provincial_grade(enterprise, officer, *, year=2025, name="一般守信"):
    batch = ProvincialImport.objects.create(
        file_name="省厅2025年度结果.xlsx", sha256="0" * 64, rows=1, imported_by=officer
    )
    return ProvincialGrade.objects.create(
        enterprise=enterprise,
        year=year,
        grade_name=name,
        grade_code="fair",
        colour="blue",
        authority="辽宁省生态环境厅",
        published_name=enterprise.name,
        source=batch,
        row=2,
    )


# --- 1. 示例配置 shown as such ----------------------------------------------------


def test_result_notice_says_the_configuration_is_an_example(
    evaluations, district_a_officer, credit_officer
):
    evaluation = publish(evaluations["a"], district_a_officer, credit_officer)
    # given the default scheme (indicators and cut-offs unconfirmed)
    assert selectors.example_note(evaluation) == NOTE
    context = {
        "enterprise": "甲",
        "credit_code": "x",
        "year": "2025",
        "scheme": "辽宁省企业环境信用评价记分",
        "published_on": date(2026, 3, 1),
        "score": "100",
        "grade": "守信",
        "lines": ["本年度无扣分记录。"],
        "config_note": selectors.example_note(evaluation),
    }
    texts = [b.text for b in CREDIT_RESULT_NOTICE.blocks(context) if hasattr(b, "text")]
    assert f"说明：{NOTE}" in texts
    # the service issues it with the note (the notice is a registered kind: an
    # unknown field would raise)
    services.result_notice_issue(evaluation=evaluation, by=credit_officer)


def test_confirmed_configuration_carries_no_note(
    evaluations, district_a_officer, credit_officer
):
    evaluation = publish(evaluations["a"], district_a_officer, credit_officer)
    scheme = evaluation.evaluation_year.scheme
    scheme.indicators.update(is_example=False)
    scheme.grades.update(is_example=False)
    scheme.is_example = False
    scheme.save()
    assert selectors.example_note(evaluation) == ""
    context = {
        "enterprise": "甲",
        "credit_code": "x",
        "year": "2025",
        "scheme": "s",
        "published_on": date(2026, 3, 1),
        "score": "100",
        "grade": "守信",
        "lines": ["本年度无扣分记录。"],
    }
    texts = [b.text for b in CREDIT_RESULT_NOTICE.blocks(context) if hasattr(b, "text")]
    assert not any("示例配置" in t for t in texts)


def test_public_page_is_the_bureaus_with_the_province_beside_it(
    client,
    evaluations,
    district_a_officer,
    district_b_officer,
    credit_officer,
    enterprise_a,
    enterprise_b,
):
    publish(evaluations["a"], district_a_officer, credit_officer)
    publish(evaluations["b"], district_b_officer, credit_officer)
    provincial_grade(enterprise_a, credit_officer)
    page = client.get(reverse("credit:public_results")).content.decode()
    assert "本局企业环境信用评价结果" in page
    assert "公布省级生态环境部门公布的评价结果" not in page
    assert "本局评价等级" in page and "省厅公布等级" in page
    assert config.EXAMPLE_LABEL in page
    rows = {row.evaluation.enterprise_id: row for row in selectors.public_rows()}
    provincial = rows[enterprise_a.pk].provincial
    assert provincial is not None and provincial.grade_name == "一般守信"
    assert rows[enterprise_b.pk].provincial is None
    assert rows[enterprise_a.pk].example
    # the export names each grade, and the example configuration
    response = client.get(reverse("credit:public_results_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    header = table[0]
    assert "本局评价等级" in header and "省厅公布等级" in header
    by_name = {r[header.index("单位名称")]: r for r in table[1:]}
    row_a = by_name[enterprise_a.name]
    assert row_a[header.index("省厅公布等级")] == "一般守信"
    assert row_a[header.index("省厅评价机关")] == "辽宁省生态环境厅"
    assert config.EXAMPLE_LABEL in row_a[header.index("本局评分配置")]
    assert by_name[enterprise_b.name][header.index("省厅公布等级")] in ("", None)


def test_enterprise_page_labels_the_grade_to_severity_mapping(
    client, evaluations, district_a_officer, credit_officer, enterprise_user_a
):
    evaluation = evaluations["a"]
    services.adjustment_add(
        evaluation=evaluation,
        indicator_code="L09",
        points=30,
        reason="其他记分事项（示例）",
        by=district_a_officer,
    )
    publish(evaluation, district_a_officer, credit_officer)
    client.force_login(enterprise_user_a)
    page = client.get(reverse("credit:mine-detail", args=[evaluation.pk])).content
    text = page.decode()
    assert "按一般失信信息处理" in text
    assert f"评价等级与失信程度的对应为{config.EXAMPLE_LABEL}" in text
    assert NOTE in text  # the score's own configuration note


# --- 2. Objections re-score the stored facts ----------------------------------------


def test_objection_does_not_pick_up_records_added_after_prescoring(
    evaluations, credit_officer, district_a_officer, enterprise_user_a, enterprise_a
):
    evaluation = evaluations["a"]
    seeded = seed_records(enterprise_a, district_a_officer)
    publish(evaluation, district_a_officer, credit_officer)
    assert evaluation.score == Decimal("91")  # 100 − 6 (case) − 1 (clue) − 2
    # given: a complaint of the year found true after pre-scoring
    late = Complaint.objects.create(
        tracking_code="TS20250099",
        channel=Complaint.Channel.PORTAL,
        received_at=at(2025, 12, 1),
        text="夜间噪声",
        place="厂区北侧",
        enterprise=enterprise_a,
        finding=Complaint.Finding.TRUE,
        handled_at=at(2025, 12, 20),
        status=Complaint.Status.CLOSED,
    )
    assert any(  # the live records would now count it
        line.ref == f"complaints.complaint:{late.pk}"
        for line in services.compute(evaluation).lines
    )
    # when: an objection against the clue is upheld
    objection = services.objection_submit(
        evaluation=evaluation,
        text="该超标线索系仪器故障",
        record_ref=f"monitoring.clue:{seeded['clue'].pk}",
        by=enterprise_user_a,
    )
    services.objection_decide(
        objection=objection, upheld=True, decision="经核实予以更正", by=credit_officer
    )
    evaluation.refresh_from_db()
    # then: only the clue goes; the late complaint does not enter
    refs = {line["ref"] for line in evaluation.explanation["lines"]}
    assert f"complaints.complaint:{late.pk}" not in refs
    assert f"monitoring.clue:{seeded['clue'].pk}" not in refs
    assert evaluation.score == Decimal("92")
    payload = records.payload_of(Record.objects.get(action="credit.objection.decide"))[
        "data"
    ]
    assert payload["before"]["score"] == "91.0"
    assert payload["after"]["score"] == "92.0"


def test_objection_on_an_explanation_stored_without_facts(
    evaluations, credit_officer, district_a_officer, enterprise_user_a, enterprise_a
):
    """Results scored before the facts were kept are read back from their lines."""
    evaluation = evaluations["a"]
    seeded = seed_records(enterprise_a, district_a_officer)
    services.adjustment_add(
        evaluation=evaluation,
        indicator_code="L09",
        points=3,
        reason="其他记分事项（示例）",
        by=district_a_officer,
    )
    publish(evaluation, district_a_officer, credit_officer)
    assert evaluation.score == Decimal("88")
    explanation = dict(evaluation.explanation)
    del explanation["facts"]
    evaluation.explanation = explanation
    evaluation.save()
    objection = services.objection_submit(
        evaluation=evaluation,
        text="不属实",
        record_ref=f"complaints.complaint:{seeded['complaint'].pk}",
        by=enterprise_user_a,
    )
    services.objection_decide(
        objection=objection, upheld=True, decision="更正", by=credit_officer
    )
    evaluation.refresh_from_db()
    assert evaluation.score == Decimal("90")  # 100 − 6 − 1 − 3


# --- 3. Repair periods from the platform's document date (C10) ----------------------


def test_repair_counts_from_the_penalty_decision_not_the_typed_date(
    client,
    evaluations,
    credit_officer,
    district_a_officer,
    enterprise_user_a,
    enterprise_a,
):
    evaluation = evaluations["a"]
    # 6 (case) + 4 (penalty) each: three penalties → 30 → 70, 失信 (general)
    for day, n in ((at(2025, 3, 3), 1), (at(2025, 6, 10), 2), (at(2025, 4, 1), 3)):
        penalty(
            enterprise_a,
            district_a_officer,
            decided=day,
            fine="20000",
            number=f"鞍环罚〔2025〕{n}号",
        )
    publish(evaluation, district_a_officer, credit_officer)
    assert evaluation.grade_code == "untrusted"
    window = selectors.repair_window_for(evaluation)
    assert window["document"].day == date(2025, 6, 10)  # the latest decision
    assert "鞍环罚〔2025〕2号" in window["document"].label
    assert window["earliest"] == date(2025, 9, 10)
    assert window["ends"] == date(2026, 6, 10)
    # the enterprise's page shows the document and both ends; no date to type
    client.force_login(enterprise_user_a)
    page = client.get(reverse("credit:mine-detail", args=[evaluation.pk])).content
    text = page.decode()
    assert "鞍环罚〔2025〕2号" in text and "2026-06-10" in text
    assert 'name="r-decision_date"' not in text
    # a typed date earlier than the decision is ignored
    with pytest.raises(ValidationError, match="2025-09-10起方可申请"):
        services.repair_submit(
            evaluation=evaluation,
            decision_date=date(2025, 1, 1),
            corrected="已整改",
            by=enterprise_user_a,
            today=date(2025, 9, 9),
        )
    repair = services.repair_submit(
        evaluation=evaluation,
        corrected="已缴纳罚款并完成整改",
        by=enterprise_user_a,
        today=date(2025, 9, 10),
    )
    assert repair.decision_date == date(2025, 6, 10)
    assert repair.decision_ref.startswith("enforcement.penaltydecision:")
    record = Record.objects.get(action="credit.repair.submit")
    assert records.payload_of(record)["data"]["start_from"] == repair.decision_ref


def test_typed_date_only_without_a_platform_record(
    evaluations, credit_officer, district_a_officer, enterprise_user_a
):
    evaluation = evaluations["a"]
    services.adjustment_add(
        evaluation=evaluation,
        indicator_code="V1",
        points=0,
        reason="环境犯罪判决（示例）",
        by=district_a_officer,
    )
    publish(evaluation, district_a_officer, credit_officer)
    assert selectors.repair_document(evaluation) is None
    with pytest.raises(ValidationError, match="请填写文书"):
        services.repair_submit(
            evaluation=evaluation, corrected="已整改", by=enterprise_user_a
        )
    published = dates.local_date(evaluation.published_at)
    repair = services.repair_submit(
        evaluation=evaluation,
        decision_date=date(2025, 3, 1),
        corrected="已整改",
        by=enterprise_user_a,
        today=max(published, date(2026, 3, 1)),
    )
    assert repair.decision_ref == "" and repair.decision_label == (
        config.REPAIR_TYPED_NOTE
    )
    record = Record.objects.get(action="credit.repair.submit")
    assert records.payload_of(record)["data"]["start_from"] == "typed"
    assert repair.severity == Repair.Severity.SERIOUS
    # the automatic stop does not move with the typed date: from publication
    assert selectors.publication_ends(evaluation) == date(
        published.year + 3, published.month, published.day
    )


def test_publication_stops_by_itself_at_the_maximum(
    evaluations, credit_officer, district_a_officer, enterprise_a
):
    """A direct downgrade on a platform record (over_total, 一票否决 V5): 严重失信,
    published 3 years from the record's date, then off the list and out of force."""
    DischargeFlag.objects.create(
        enterprise=enterprise_a,
        kind=DischargeFlag.Kind.OVER_TOTAL,
        year=2025,
        detail="二氧化硫年排放量超许可排放量",
        detected_at=at(2025, 12, 31),
    )
    evaluation = publish(evaluations["a"], district_a_officer, credit_officer)
    assert evaluation.vetoed and evaluation.grade_code == "serious"
    document = selectors.repair_document(evaluation)
    assert document is not None and document.day == date(2025, 12, 31)
    ends = selectors.publication_ends(evaluation)
    assert ends == date(2028, 12, 31)
    last = ends - timedelta(days=1)
    assert [e.pk for e in selectors.evaluation_list_public(today=last)] == [
        evaluation.pk
    ]
    assert selectors.evaluation_list_public(today=ends) == []
    assert selectors.grade_for(enterprise_a, last) is not None
    assert selectors.grade_for(enterprise_a, ends) is None
    assert selectors.colours_for([enterprise_a.pk], ends) == {}
    # not yet repaired: the stop is the period's, not a repair's
    evaluation.refresh_from_db()
    assert evaluation.repaired_at is None
    assert timezone.now().date() < ends
