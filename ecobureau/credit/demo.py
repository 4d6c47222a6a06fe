"""Demo step: last year's credit evaluation (示例数据), built through the services.

- The default schemes are installed (示例配置，需按省厅文件核定) and last year's
  evaluation launched on the Liaoning scheme.
- Scope: the key enterprises plus those with records last year (at most 40), and
  the two demo enterprise accounts' enterprises.
- Enterprise A: commitment submitted, pre-scored, reviewed, the enforcement team
  and the monitoring centre consulted (one opinion adopted), published; an
  objection waits for the credit section. Most others are pre-scored and waiting
  for the city review; a few have not yet submitted their commitment.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import dates

from . import services
from .models import Evaluation, Scheme

ORDER = 85  # after enforcement (70), monitoring (60), complaints (50)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(n: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        f"环境信用承诺书{n}.pdf", PDF + str(n).encode(), "application/pdf"
    )


def _consult(city: DemoCity, evaluation: Evaluation, officer: User) -> None:
    """征求部门（科室）意见 before reporting: the first persona answers 有意见
    (adopted), the others 无意见 (seed 000 办理基本流程)."""
    answerers = [
        person
        for key in ("team-head", "monitoring")
        if (person := city.people.get(key)) is not None
        and person.unit_id is not None
        and person.unit_id != officer.unit_id
    ]
    units = list({p.unit_id: p.unit for p in answerers}.values())
    opinions = services.opinions_request(
        evaluation=evaluation,
        units=[u for u in units if u is not None],
        by=officer,
    )
    by_unit = {p.unit_id: p for p in answerers}
    for n, opinion in enumerate(opinions):
        has = n == 0
        services.opinion_answer(
            opinion=opinion,
            verdict="has" if has else "none",
            text=f"建议核对该企业年度行政处罚记录（{DEMO_LABEL}）" if has else "",
            by=by_unit[opinion.unit_id],
        )
        if has:
            services.opinion_handle(
                opinion=opinion,
                adopted=True,
                note=f"已核对处罚记录，评分无误（{DEMO_LABEL}）",
                by=officer,
            )


def build(city: DemoCity) -> None:
    officer = city.people.get("credit")
    if officer is None:
        return
    services.schemes_install()
    scheme = Scheme.objects.get(code="liaoning-2022")
    year = dates.local_date(timezone.now()).year - 1
    evaluation_year = services.year_launch(
        year=year,
        scheme=scheme,
        notice=f"关于开展{year}年度企业环境信用评价工作的通知（{DEMO_LABEL}）",
        by=officer,
    )
    picked = [e for e, _reason in services.scope_candidates(evaluation_year)][:40]
    own = [
        user.enterprise_account.enterprise
        for key in ("enterprise-a", "enterprise-b")
        if (user := city.people.get(key)) is not None
        and hasattr(user, "enterprise_account")
    ]
    enterprises = list({e.pk: e for e in [*own, *picked]}.values())
    if not enterprises:
        enterprises = list(Enterprise.objects.order_by("pk")[:5])
    made = services.evaluation_scope_add(
        evaluation_year=evaluation_year,
        enterprises=enterprises,
        reason=f"按省厅要求确定的评价范围（{DEMO_LABEL}）",
        by=officer,
    )
    for n, evaluation in enumerate(made):
        if n % 7 == 6:
            continue  # commitment not yet submitted
        services.commitment_submit(evaluation=evaluation, file=_pdf(n), by=officer)
        services.evaluation_prescore(
            evaluation=evaluation,
            note=f"结合年度监管结果初审（{DEMO_LABEL}）",
            by=officer,
        )
        if n == 0:
            for step, note in (
                ("review", "复核同意"),
                ("consult", "已征求执法队、监测中心意见，意见已处理"),
                ("publish", "省厅已公布"),
            ):
                if step == "consult":
                    _consult(city, evaluation, officer)
                services.evaluation_move(
                    evaluation=evaluation,
                    transition=step,
                    note=f"{note}（{DEMO_LABEL}）",
                    by=officer,
                )
            account = city.people.get("enterprise-a")
            if account is not None and evaluation.enterprise_id == getattr(
                getattr(account, "enterprise_account", None), "enterprise_id", None
            ):
                evaluation.refresh_from_db()
                services.objection_submit(
                    evaluation=evaluation,
                    text=f"认为评分中的一条投诉记录与本企业无关（{DEMO_LABEL}）",
                    by=account,
                )
    city.shared["credit_year"] = year
