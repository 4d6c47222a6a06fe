"""Credit personas over the root conftest's places and units.

- `credit_officer`: 综合协调科 (credit_staff, city scope): scope, review, publish,
  objections, repair.
- `district_a_officer` (root, sub_bureau_staff): pre-scores district A only.
- `district_b_officer` (root): must see nothing of district A.
- `enterprise_user_a` / `enterprise_user_b` (root): their own evaluation only.
- `city_leader` (root, bureau_leader): reads, cannot change a score.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
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
