"""The stored annual assessment (seed 001 附件1; requirements B19–B27): case
scores stored with their inputs, a unit's year computed from them and its task
grades (reproducibly, item by item), self-assessment → city review →
circulation with the failing unit last, the 约谈 with a deadline, candidates
for praise and accountability, and who may see the results."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.notifications.models import Notification

from .. import reports, selectors, services
from ..models import Measure, UnitAssessment
from .conftest import EVIDENCE, make_case, make_task, today
from .test_scoring import FULL

LAST_YEAR = today().year - 1


def _scored_case(by, scorer, *, number, unit, district, **changes):
    case = make_case(
        by,
        number=number,
        unit=unit,
        district=district,
        deadline=date(LAST_YEAR, 6, 30),
    )
    services.case_score_record(by=scorer, case=case, inputs={**FULL, **changes})
    return case


def _dept_review(by, assessment):
    """B20: the industry departments' review before the city review."""
    return services.assessment_dept_review(
        by=by,
        assessment=assessment,
        reviewers="市住建局 王某、市水利局 李某",
        note="复核无误",
        reviewed_on=today(),
    )


def _done_task(by, handler, *, number, unit, district):
    task = make_task(
        by,
        number=number,
        unit=unit,
        district=district,
        deadline=date(LAST_YEAR, 12, 31),
    )
    task.status = "rectifying"
    task.save()
    for measure in task.measures.all():
        services.measure_evidence(
            by=handler,
            measure=measure,
            evidence=EVIDENCE[Measure.Kind(measure.kind)],
            done_on=today(),
        )
    Measure.objects.filter(task=task).update(done_on=date(LAST_YEAR, 5, 1))
    services.task_target(by=handler, task=task, met=True, evidence="监测报告")
    return task


@pytest.fixture
def year_data(
    office_staff, district_a_officer, district_b_officer, sub_bureau_a, sub_bureau_b
):
    district_a, district_b = sub_bureau_a.division, sub_bureau_b.division
    _scored_case(
        office_staff,
        district_a_officer,
        number="A-1",
        unit=sub_bureau_a,
        district=district_a,
    )
    _scored_case(
        office_staff,
        district_a_officer,
        number="A-2",
        unit=sub_bureau_a,
        district=district_a,
        satisfied=False,
    )
    # B24: a case whose deadline is not in the year takes no part.
    other_year = make_case(
        office_staff,
        number="A-3",
        unit=sub_bureau_a,
        district=district_a,
        deadline=date(LAST_YEAR + 1, 3, 1),
    )
    _done_task(
        office_staff,
        district_a_officer,
        number="TA-1",
        unit=sub_bureau_a,
        district=district_a,
    )
    _scored_case(
        office_staff,
        district_b_officer,
        number="B-1",
        unit=sub_bureau_b,
        district=district_b,
        fake=True,
    )
    return other_year


def test_case_score_is_stored_with_its_inputs_and_bad_input_is_refused(
    office_staff, district_a_officer, sub_bureau_a
):
    case = make_case(office_staff, unit=sub_bureau_a)
    with pytest.raises(ValidationError, match="评分依据有误"):
        services.case_score_record(
            by=district_a_officer, case=case, inputs={**FULL, "issues": 0}
        )
    row = services.case_score_record(by=district_a_officer, case=case, inputs=FULL)
    assert float(row.score) == 100.0
    assert row.inputs["issues"] == 2


def test_unit_year_is_computed_item_by_item_and_reproducibly(
    year_data, sub_bureau_a, district_a_officer
):
    first = services.assessment_compute(unit=sub_bureau_a, year=LAST_YEAR)
    again = services.assessment_compute(unit=sub_bureau_a, year=LAST_YEAR)
    assert first == again
    # (100 + 75) / 2; A-3's deadline is in another year.
    assert float(first.score) == 87.5 and first.cases == 2
    assert first.task_grades == {"TA-1": "优秀"}
    items = [e["item"] for e in first.explanation]
    assert items[:3] == ["信访案件A-1", "信访案件A-2", "整改任务TA-1"]
    factors = first.explanation[-1]
    assert factors["kind"] == "factors" and factors["tasks"] == 1
    assert factors["tasks_on_schedule"] == 1


def test_an_unscored_case_blocks_the_computation(
    office_staff, district_a_officer, sub_bureau_a
):
    make_case(
        office_staff,
        number="A-9",
        unit=sub_bureau_a,
        deadline=date(LAST_YEAR, 8, 1),
    )
    with pytest.raises(ValidationError, match="A-9"):
        services.assessment_self(
            by=district_a_officer, unit=sub_bureau_a, year=LAST_YEAR
        )


def test_self_review_circulate_and_talk(
    year_data,
    sub_bureau_a,
    sub_bureau_b,
    district_a_officer,
    district_b_officer,
    district_a_leader,
    office_head,
):
    # A unit assesses itself only.
    with pytest.raises(PermissionDenied):
        services.assessment_self(
            by=district_b_officer, unit=sub_bureau_a, year=LAST_YEAR
        )
    a = services.assessment_self(
        by=district_a_officer, unit=sub_bureau_a, year=LAST_YEAR, note="自评"
    )
    b = services.assessment_self(
        by=district_b_officer, unit=sub_bureau_b, year=LAST_YEAR
    )
    assert a.stage == UnitAssessment.Stage.SELF
    # The handlers cannot review; all must be reviewed before circulation.
    with pytest.raises(PermissionDenied):
        services.assessment_review(by=district_a_officer, assessment=a, note="x")
    # B20: the city review comes after the industry departments' review.
    with pytest.raises(ValidationError, match="行业主管部门复核"):
        services.assessment_review(by=office_head, assessment=a, note="复核无误")
    _dept_review(office_head, a)
    services.assessment_review(by=office_head, assessment=a, note="复核无误")
    with pytest.raises(ValidationError, match="尚未完成市级复核"):
        services.assessment_circulate(by=office_head, year=LAST_YEAR)
    # B25: B was exposed by the media — 不合格 and last, whatever its score.
    _dept_review(office_head, b)
    services.assessment_review(
        by=office_head,
        assessment=b,
        failure=UnitAssessment.Failure.EXPOSED,
        note="被省级媒体曝光",
    )
    ranked = services.assessment_circulate(by=office_head, year=LAST_YEAR)
    assert [(r.unit_id, r.rank, r.grade) for r in ranked] == [
        (sub_bureau_a.pk, 1, ""),
        (sub_bureau_b.pk, 2, "不合格"),
    ]
    # No self-assessment once circulated.
    with pytest.raises(ValidationError):
        services.assessment_self(
            by=district_a_officer, unit=sub_bureau_a, year=LAST_YEAR
        )
    # B26: only a failing unit is summoned, with a deadline after the talk.
    a.refresh_from_db()
    with pytest.raises(ValidationError, match="只有考核不合格"):
        services.assessment_talk(
            by=office_head,
            assessment=a,
            talk_on=today(),
            deadline=today() + timedelta(days=30),
            note="x",
        )
    b.refresh_from_db()
    with pytest.raises(ValidationError, match="应晚于"):
        services.assessment_talk(
            by=office_head, assessment=b, talk_on=today(), deadline=today(), note="x"
        )
    services.assessment_talk(
        by=office_head,
        assessment=b,
        talk_on=today(),
        deadline=today() + timedelta(days=30),
        note="约谈区委书记、区长，限期整改",
    )
    b.refresh_from_db()
    assert b.talk_deadline == today() + timedelta(days=30)


def test_who_sees_the_assessments(
    year_data,
    sub_bureau_a,
    district_a_officer,
    district_b_officer,
    office_head,
    enterprise_user_a,
    citizen,
):
    a = services.assessment_self(
        by=district_a_officer, unit=sub_bureau_a, year=LAST_YEAR
    )
    assert list(selectors.assessment_list_for_user(office_head)) == [a]
    assert list(selectors.assessment_list_for_user(district_a_officer)) == [a]
    # Another district, an enterprise and the public see nothing.
    for outsider in (district_b_officer, enterprise_user_a, citizen):
        assert not selectors.assessment_list_for_user(outsider).exists()
    with pytest.raises(Exception):  # noqa: B017 — Http404 or PermissionDenied
        selectors.assessment_get_for_user(district_b_officer, a.pk)


def test_exports_are_real_excel_and_pdf(year_data, sub_bureau_a, district_a_officer):
    a = services.assessment_self(
        by=district_a_officer, unit=sub_bureau_a, year=LAST_YEAR
    )
    book = load_workbook(io.BytesIO(reports.assessment_xlsx(LAST_YEAR, [a])))
    assert book["考核结果"]["C3"].value == 87.5
    details = [
        row[1] for row in book["逐项说明"].iter_rows(min_row=2, values_only=True)
    ]
    assert "信访案件A-2" in details and "整改任务TA-1" in details
    text = "".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(reports.assessment_pdf(a, issuer="鞍山市生态环境局"))
        ).pages
    )
    assert "逐项说明" in text and "A-2" in text


def test_failing_unit_heads_are_told(
    year_data,
    sub_bureau_b,
    district_b_officer,
    office_head,
    sub_bureau_a,
    district_a_officer,
):
    UserFactory(
        username="tiexi-head",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=sub_bureau_b.division,
        role_codes=["sub_bureau_head"],
    )
    b = services.assessment_self(
        by=district_b_officer, unit=sub_bureau_b, year=LAST_YEAR
    )
    _dept_review(office_head, b)
    services.assessment_review(
        by=office_head,
        assessment=b,
        failure=UnitAssessment.Failure.CRITICISED,
        note="通报批评",
    )
    # every unit with items due that year must be assessed first
    with pytest.raises(ValidationError, match=str(sub_bureau_a)):
        services.assessment_circulate(by=office_head, year=LAST_YEAR)
    a = services.assessment_self(
        by=district_a_officer, unit=sub_bureau_a, year=LAST_YEAR
    )
    _dept_review(office_head, a)
    services.assessment_review(by=office_head, assessment=a, note="同意")
    services.assessment_circulate(by=office_head, year=LAST_YEAR)
    assert Notification.objects.filter(
        title__contains="考核结果为不合格", recipient__unit=sub_bureau_b
    ).exists()
    assert not Notification.objects.filter(
        title__contains="考核结果为不合格", recipient__unit=sub_bureau_a
    ).exists()


def test_praise_and_accountability_candidates(
    year_data,
    office_staff,
    office_head,
    district_a_officer,
    sub_bureau_a,
    district_b_officer,
    sub_bureau_b,
):
    for officer, unit in (
        (district_a_officer, sub_bureau_a),
        (district_b_officer, sub_bureau_b),
    ):
        row = services.assessment_self(by=officer, unit=unit, year=LAST_YEAR)
        _dept_review(office_head, row)
        services.assessment_review(by=office_head, assessment=row, note="同意")
    services.assessment_circulate(by=office_head, year=LAST_YEAR)
    praise = selectors.praise_candidates(office_head, LAST_YEAR)
    assert [c.subject for c in praise] == [str(sub_bureau_a)]
    late = make_task(
        office_staff,
        number="TA-2",
        unit=sub_bureau_a,
        district=sub_bureau_a.division,
        deadline=date(LAST_YEAR, 12, 1),
    )
    services.milestone_add(
        by=office_staff, task=late, title="完成拆除", due_on=date(LAST_YEAR, 9, 1)
    )
    services.supervision_issue(
        by=office_staff, kind="letter", reason="进展缓慢", task=late
    )
    found = selectors.accountability_candidates(office_head, LAST_YEAR, today=today())
    reasons = {c.reason for c in found}
    assert any("督办函后仍未取得明显进展" in r for r in reasons)
    assert any("未在规定时间节点" in r for r in reasons)
    assert any("虚假整改" in r for r in reasons)  # B-1 scored as fake
    # Another district's officer sees none of district A's candidates.
    outsider = selectors.accountability_candidates(
        district_a_officer, LAST_YEAR, today=today()
    )
    assert all("B-1" not in c.subject for c in outsider)
