"""Credit personas over the root conftest's places and units.

- `credit_officer`: 综合协调科 (credit_staff, city scope): scope, review, publish,
  objections, repair.
- `district_a_officer` (root, sub_bureau_staff): pre-scores district A only.
- `district_b_officer` (root): must see nothing of district A.
- `enterprise_user_a` / `enterprise_user_b` (root): their own evaluation only.
- `city_leader` (root, bureau_leader): reads, cannot change a score.

`move(evaluation, step, by=…)` moves an evaluation; before `consult` it asks the
法制科 (a section made on first use) and has its member answer 无意见, which
`consult` now waits for (seed 000: 征求部门（科室）意见后报省厅).
"""

from __future__ import annotations

from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.credit import services
from ecobureau.credit.models import Evaluation, EvaluationYear, Scheme

SH = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("承诺书.pdf", PDF, content_type="application/pdf")


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, 0, tzinfo=SH)


@pytest.fixture
def credit_officer(bureau: Unit) -> User:
    return UserFactory(
        username="xinyong",
        full_name="钱科员",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["credit_staff"],
    )


@pytest.fixture
def liaoning(db: None) -> Scheme:
    services.schemes_install()
    return Scheme.objects.get(code="liaoning-2022")


@pytest.fixture
def year_2025(liaoning: Scheme, credit_officer: User) -> EvaluationYear:
    return services.year_launch(
        year=2025, scheme=liaoning, notice="鞍环发〔2026〕1号", by=credit_officer
    )


@pytest.fixture
def evaluations(
    year_2025, enterprise_a, enterprise_b, credit_officer
) -> dict[str, Evaluation]:
    made = services.evaluation_scope_add(
        evaluation_year=year_2025,
        enterprises=[enterprise_a, enterprise_b],
        reason="重点排污单位",
        by=credit_officer,
    )
    return {"a": made[0], "b": made[1]}


def consulted(evaluation: Evaluation, by: User) -> None:
    """征求部门（科室）意见, answered 无意见 by a member of 法制科."""
    unit = cast(
        Unit,
        UnitFactory(code="legal-credit-test", name="法制科", kind=Unit.Kind.SECTION),
    )
    member = cast(
        User,
        UserFactory(
            username="fazhike",
            full_name="法制科科员",
            unit=unit,
            scope=User.Scope.UNIT,
            role_codes=["section_staff"],
        ),
    )
    for opinion in services.opinions_request(
        evaluation=evaluation, units=[unit], by=by
    ):
        services.opinion_answer(opinion=opinion, verdict="none", text="", by=member)


def move(evaluation: Evaluation, step: str, *, by: User, note: str = "同意") -> None:
    if step == "consult":
        consulted(evaluation, by)
    services.evaluation_move(evaluation=evaluation, transition=step, note=note, by=by)


# --- 征求部门（科室）意见 (test_consultation*.py) ------------------------------


@pytest.fixture
def legal() -> Unit:
    return cast(Unit, UnitFactory(code="legal", name="法制科", kind=Unit.Kind.SECTION))


@pytest.fixture
def legal_member(legal: Unit) -> User:
    return cast(
        User,
        UserFactory(
            username="fazhi",
            full_name="孔科员",
            unit=legal,
            scope=User.Scope.UNIT,
            role_codes=["section_staff"],
        ),
    )


@pytest.fixture
def reviewed(
    evaluations: dict[str, Evaluation], credit_officer: User, district_a_officer: User
) -> Evaluation:
    evaluation = evaluations["a"]
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=credit_officer)
    services.evaluation_prescore(
        evaluation=evaluation, note="初审", by=district_a_officer
    )
    services.evaluation_move(
        evaluation=evaluation, transition="review", note="复核同意", by=credit_officer
    )
    evaluation.refresh_from_db()
    return evaluation
