"""The national scheme reads rectification too (issue 12): N22, a supplement
outside the 21 national indicators, fed by the rectification source and shipped
as 示例配置，需按省厅文件核定 — never as the national text. A score explains each
late item line by line."""

from __future__ import annotations

from datetime import date

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.credit import config, services
from ecobureau.credit.models import Evaluation, Indicator, Scheme
from ecobureau.enterprises.models import Enterprise
from ecobureau.rectification.models import RectificationTask
from ecobureau.rectification.tests.conftest import make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(db: None) -> Scheme:
    services.schemes_install()
    return Scheme.objects.get(code="national-2013")


@pytest.fixture
def ledger_keeper(bureau: Unit) -> User:
    return UserFactory(
        username="credit-dugaiban",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["section_staff"],
    )


@pytest.fixture
def national_evaluation(
    national: Scheme, credit_officer: User, enterprise_a: Enterprise
) -> Evaluation:
    year = services.year_launch(
        year=2025, scheme=national, notice="鞍环发〔2026〕2号", by=credit_officer
    )
    return services.evaluation_scope_add(
        evaluation_year=year,
        enterprises=[enterprise_a],
        reason="重点排污单位",
        by=credit_officer,
    )[0]


def late_task(by: User, number: str, deadline: date, enterprise: Enterprise) -> int:
    task = make_task(by, number=number, district=enterprise.district)
    RectificationTask.objects.filter(pk=task.pk).update(
        deadline=deadline, enterprise=enterprise
    )
    return task.pk


def test_n22_is_example_configuration_outside_the_21(national: Scheme) -> None:
    # the 21 national indicators are unchanged; N22 is added beside them
    assert len(config.NATIONAL_INDICATORS) == 21
    indicator = Indicator.objects.get(scheme=national, code="N22")
    assert indicator.source == "rectification" and indicator.is_example
    assert config.EXAMPLE_LABEL in indicator.basis
    assert "21项指标之外的补充项" in indicator.basis and "种子001" in indicator.basis
    # 22 deduction indicators; the bonus items (守信加分) are apart from them
    assert national.indicators.exclude(source="bonus").count() == 22
    assert national.is_example


def test_national_score_explains_each_late_item(
    national_evaluation: Evaluation,
    enterprise_a: Enterprise,
    enterprise_b: Enterprise,
    ledger_keeper: User,
) -> None:
    # given: three late 2025 items of A (cap 4 at 2 points each), one of B
    first = late_task(ledger_keeper, "N-LATE-1", date(2025, 3, 31), enterprise_a)
    second = late_task(ledger_keeper, "N-LATE-2", date(2025, 5, 31), enterprise_a)
    third = late_task(ledger_keeper, "N-LATE-3", date(2025, 8, 31), enterprise_a)
    late_task(ledger_keeper, "N-B", date(2025, 3, 31), enterprise_b)

    # when
    result = services.compute(national_evaluation).as_json()

    # then: one line per item under N22, the cap reached on the third
    lines = [
        line
        for line in result["lines"]  # type: ignore[attr-defined]
        if line["indicator"] == "N22"
    ]
    assert [line["ref"] for line in lines] == [
        f"rectification.rectificationtask:{pk}:overdue" for pk in (first, second, third)
    ]
    assert [line["points"] for line in lines] == ["2", "2", "0"]
    assert "已达该项最高扣分 4 分" in lines[2]["note"]
    assert lines[0]["label"] == (
        "督察整改：整改任务N-LATE-1（完成时限2025-03-31）逾期未完成整改"
        "——未按时限完成整改（种子001 四）"
    )
    explain: list[str] = result["explain"]  # type: ignore[assignment]
    assert "示例配置，需按省厅文件核定" in explain[0]
    n22 = [text for text in explain if text.startswith("N22 ")]
    assert len(n22) == 3
    assert n22[0] == (
        "N22 督察整改任务或信访案件逾期、反弹：督察整改：整改任务N-LATE-1"
        "（完成时限2025-03-31）逾期未完成整改——未按时限完成整改（种子001 四）"
        "（2025-03-31），扣 2 分。"
    )
    assert "N-B" not in str(result)
