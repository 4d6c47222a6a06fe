"""Reads. Staff see evaluations inside their data scope (district / unit / city);
an enterprise account sees only its own enterprise's evaluations; the public sees
published results only (and not the ones repaired or past their publication period).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import dates

from . import config, facts
from .models import (
    Evaluation,
    EvaluationYear,
    Objection,
    ProvincialGrade,
    Repair,
    Scheme,
)
from .scoring import (
    MANUAL,
    Fact,
    GradeSpec,
    IndicatorSpec,
    SchemeSpec,
    VetoSpec,
    add_months,
    fact_from_json,
)

if TYPE_CHECKING:
    from ecobureau.grid.selectors import CreditGrade

VIEW_PERM = "credit.view_evaluation"


def may_view(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_staff_member and user.has_perm(VIEW_PERM)
    )


def may_manage(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("credit.manage_evaluation"))


def may_prescore(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("credit.prescore_evaluation"))


def scheme_spec(scheme: Scheme) -> SchemeSpec:
    return SchemeSpec(
        name=scheme.name,
        base_score=Decimal(scheme.base_score),
        is_example=scheme.is_example,
        # 守信加分 total cap and the score ceiling: 示例配置 (config.BONUS_TOTAL_CAP).
        bonus_cap=Decimal(config.BONUS_TOTAL_CAP),
        ceiling=Decimal(config.SCORE_CEILING),
        indicators=[
            IndicatorSpec(
                i.code,
                i.aspect,
                i.name,
                i.source,
                i.points,
                i.cap,
                i.basis,
                i.is_example,
            )
            for i in scheme.indicators.all()
        ],
        grades=[
            GradeSpec(g.code, g.name, g.colour, g.min_score, g.is_worst, g.is_example)
            for g in scheme.grades.all()
        ],
        vetoes=[
            VetoSpec(v.code, v.text, v.source, v.basis, v.is_confirmed)
            for v in scheme.vetoes.all()
        ],
    )


def scheme_in_force(kind: str, day: date) -> Scheme | None:
    for scheme in Scheme.objects.filter(kind=kind, effective_from__lte=day):
        if scheme.in_force_on(day):
            return scheme
    return None


def scheme_values(scheme: Scheme) -> dict[str, object]:
    """The configurable values of a scheme, for the record of a revision."""
    return {
        "effective_from": scheme.effective_from.isoformat(),
        "indicators": {
            i.code: [str(i.points), str(i.cap), i.is_example]
            for i in scheme.indicators.all()
        },
        "grades": {
            g.code: [str(g.min_score), g.is_example] for g in scheme.grades.all()
        },
        "vetoes": {v.code: v.is_confirmed for v in scheme.vetoes.all()},
    }


def scheme_get(pk: int) -> Scheme:
    try:
        return scheme_list().get(pk=pk)
    except Scheme.DoesNotExist as error:
        raise Http404("没有该评价方案。") from error


def scheme_list() -> QuerySet[Scheme]:
    return Scheme.objects.prefetch_related("indicators", "grades", "vetoes")


def year_list_for_user(user: User) -> QuerySet[EvaluationYear]:
    if not may_view(user):
        raise PermissionDenied("您没有查看信用评价的权限。")
    return EvaluationYear.objects.select_related("scheme")


def year_get_for_user(user: User, year: int) -> EvaluationYear:
    try:
        return year_list_for_user(user).get(year=year)
    except EvaluationYear.DoesNotExist as error:
        raise Http404("没有该年度的评价。") from error


def evaluation_list_for_user(
    user: User, *, year: int | None = None
) -> QuerySet[Evaluation]:
    if not may_view(user):
        return Evaluation.objects.none()
    qs = Evaluation.objects.filter(account_selectors.scope_q(user)).select_related(
        "enterprise", "evaluation_year", "district"
    )
    if year is not None:
        qs = qs.filter(evaluation_year__year=year)
    return qs


def evaluation_get_for_user(user: User, pk: int) -> Evaluation:
    """Staff in scope, or the enterprise's own account."""
    qs = Evaluation.objects.select_related("enterprise", "evaluation_year__scheme")
    if user.is_authenticated and user.is_public:
        enterprise = enterprise_selectors.enterprise_for_account(user)
        if enterprise is None:
            raise Http404("没有该评价。")
        qs = qs.filter(enterprise=enterprise)
    elif may_view(user):
        qs = qs.filter(account_selectors.scope_q(user))
    else:
        raise Http404("没有该评价。")
    try:
        return qs.get(pk=pk)
    except Evaluation.DoesNotExist as error:
        raise Http404("没有该评价。") from error


def evaluation_list_for_enterprise_account(user: User) -> QuerySet[Evaluation]:
    enterprise = enterprise_selectors.enterprise_for_account(user)
    if enterprise is None:
        return Evaluation.objects.none()
    return (
        Evaluation.objects.filter(enterprise=enterprise)
        .select_related("evaluation_year")
        .order_by("-evaluation_year__year")
    )


def shows_score(user: User, evaluation: Evaluation) -> bool:
    """An enterprise sees its own score and why once the city has pre-scored it;
    staff in scope always."""
    if user.is_public:
        return evaluation.status != "scoped"
    return True


# --- What a score rested on, and the repair periods (C10) ----------------------


def stored_facts(evaluation: Evaluation) -> list[Fact]:
    """The facts the stored score was computed from (kept in the explanation by
    scoring.Result.as_json), before any objection struck one out.

    Explanations stored before the facts were kept are read back from their lines
    and direct downgrades: the indicator (or veto) gives the source, an entered
    item (credit.adjustment) its own points. Records that reached the platform
    after the score are never among them."""
    explanation = evaluation.explanation or {}
    if "facts" in explanation:
        return [fact_from_json(row) for row in explanation["facts"]]
    scheme = evaluation.evaluation_year.scheme
    sources = {i.code: i.source for i in scheme.indicators.all()}
    veto_sources = {v.code: v.source for v in scheme.vetoes.all()}
    adjustments = {
        f"credit.adjustment:{a.pk}": a.points for a in evaluation.adjustments.all()
    }
    out: dict[str, Fact] = {}
    for line in explanation.get("lines", []):
        ref = line["ref"]
        day = date.fromisoformat(line["on"]) if line.get("on") else None
        if ref in adjustments:
            out.setdefault(
                ref,
                Fact(
                    MANUAL,
                    ref,
                    line["label"],
                    day,
                    code=line["indicator"],
                    points=adjustments[ref],
                ),
            )
        else:
            source = sources.get(line["indicator"], "")
            out.setdefault(ref, Fact(source, ref, line["label"], day))
    for veto in explanation.get("vetoes", []):
        ref = veto["ref"]
        if ref in out:
            continue
        if ref in adjustments:
            out[ref] = Fact(
                MANUAL, ref, veto["label"], None, code=veto["code"], points=Decimal(0)
            )
        else:
            source = veto_sources.get(veto["code"], "")
            out[ref] = Fact(source, ref, veto["label"], None)
    return list(out.values())


@dataclass(frozen=True)
class RepairStart:
    """Where the C10 periods of a bad-credit result are counted from."""

    day: date
    ref: str  # the platform record; "" = none (published_at, or a typed date)
    label: str
    from_record: bool


def repair_document(evaluation: Evaluation) -> RepairStart | None:
    """The platform's own record of the document the bad credit information rests
    on (rules.md §2.3, C10: the period runs from the date of the judicial or
    administrative document), or None when the platform has none.

    A direct downgrade rests on its 一票否决 facts; only those that are platform
    records count (an item the pre-scorer entered — a court judgment, say — is
    not dated by the platform). Otherwise the grade rests on the scored penalty
    decisions (行政处罚决定书, config.REPAIR_DOCUMENT_SOURCES). Of several, the
    latest: no piece of the information is then shown for less than its
    minimum period."""
    explanation = evaluation.explanation or {}
    facts = {f.ref: f for f in stored_facts(evaluation)}
    if explanation.get("vetoes"):
        refs = [v["ref"] for v in explanation["vetoes"]]
        candidates = [
            facts[ref]
            for ref in refs
            if ref in facts and facts[ref].source != MANUAL and facts[ref].on
        ]
    else:
        scored = {
            line["ref"]
            for line in explanation.get("lines", [])
            if line.get("kind", "deduct") == "deduct"
        }
        candidates = [
            fact
            for fact in facts.values()
            if fact.ref in scored
            and fact.source in config.REPAIR_DOCUMENT_SOURCES
            and fact.on
        ]
    if not candidates:
        return None
    latest = max(candidates, key=lambda f: (f.on, f.ref))
    assert latest.on is not None
    return RepairStart(latest.on, latest.ref, latest.label, True)


def repair_severity(evaluation: Evaluation) -> str | None:
    """The 信用修复管理办法 class of a grade (config.SEVERITY_OF_GRADE, 示例配置)."""
    return config.SEVERITY_OF_GRADE.get(evaluation.grade_code)


def repair_window_for(evaluation: Evaluation) -> dict[str, Any]:
    """The C10 window of a bad-credit result, both ends from the same start:
    the platform's record of the document where there is one. Without one, the
    minimum runs from the date the enterprise types when it applies
    (config.REPAIR_TYPED_NOTE), and the automatic stop from the publication of
    the result — the only date the platform holds; a date the enterprise typed
    does not end publication before the staff have checked it."""
    severity = repair_severity(evaluation)
    if severity is None or evaluation.published_at is None:
        return {}
    low, high = config.REPAIR_PERIODS[severity]
    document = repair_document(evaluation)
    start = document or RepairStart(
        dates.local_date(evaluation.published_at),
        "",
        "评价结果公布日期（平台无所依据文书的记录）",
        False,
    )
    return {
        "severity": severity,
        "severity_label": config.SEVERITY_LABELS[severity],
        "min_months": low,
        "max_months": high,
        "start": start,
        "document": document,
        "earliest": add_months(start.day, low) if document else None,
        "ends": add_months(start.day, high),
    }


def publication_rule_on(day: date) -> str:
    """Which rule governs the publication period on `day` (config.C9_BASIS):
    "c9" before the setting CREDIT_C10_PUBLICATION_FROM (default 2026-04-01),
    "c10" from it."""
    raw = getattr(settings, "CREDIT_C10_PUBLICATION_FROM", "") or ""
    try:
        switch = date.fromisoformat(str(raw)) if raw else config.C10_PUBLICATION_FROM
    except ValueError:
        switch = config.C10_PUBLICATION_FROM
    return "c10" if day >= switch else "c9"


def publication_rule_note() -> str:
    raw = getattr(settings, "CREDIT_C10_PUBLICATION_FROM", "") or ""
    return config.PUBLICATION_RULE_NOTE.format(
        c10_from=raw or config.C10_PUBLICATION_FROM.isoformat()
    )


def _penalty_refs(evaluation: Evaluation) -> list[int]:
    """The penalty decisions (行政处罚决定) a result rests on: those among its
    scored lines and its 一票否决 facts."""
    explanation = evaluation.explanation or {}
    refs = {
        line["ref"]
        for line in explanation.get("lines", [])
        if line.get("kind", "deduct") == "deduct"
    } | {veto["ref"] for veto in explanation.get("vetoes", [])}
    prefix = "enforcement.penaltydecision:"
    return sorted(int(ref[len(prefix) :]) for ref in refs if ref.startswith(prefix))


def _prefetch_executed(evaluations: Sequence[Evaluation]) -> None:
    """Read the 执行完毕 days of every penalty decision the results rest on, in
    one query, for C9 (`publication_period`)."""
    wanted = {e.pk: _penalty_refs(e) for e in evaluations}
    found = facts.penalty_executed_dates({pk for ids in wanted.values() for pk in ids})
    for evaluation in evaluations:
        evaluation.__dict__["_c9_executed"] = {
            pk: found.get(pk) for pk in wanted[evaluation.pk]
        }


@dataclass(frozen=True)
class PublicationPeriod:
    """How long a bad-credit result stays published, under the rule of the day
    asked (C9 or C10, `publication_rule_on`)."""

    rule: str  # "c9" | "c10"
    basis: str
    start: date | None  # None: C9 with a penalty decision not yet carried out
    start_label: str
    ends: date | None  # the day publication stops by itself; None: not yet known


def publication_period(
    evaluation: Evaluation, on: date | None = None
) -> PublicationPeriod | None:
    """The publication period of a published bad-credit result (yellow/red,
    config.SEVERITY_OF_GRADE), or None for other results.

    - C10 (from CREDIT_C10_PUBLICATION_FROM): `repair_window_for` — the 1- or
      3-year maximum from the document the information rests on.
    - C9 (before it): 5 years from the day the penalty decisions the result
      rests on were carried out in full (the latest of them); while any is not
      yet carried out the period has not started and publication does not stop.
      A result that rests on no penalty decision (e.g. an over-total 一票否决)
      counts from the publication of the result."""
    window = repair_window_for(evaluation)
    if not window:
        return None
    on = on or dates.local_date(timezone.now())
    if publication_rule_on(on) == "c10":
        start: RepairStart = window["start"]
        return PublicationPeriod(
            "c10", config.C10_PUBLICATION_BASIS, start.day, start.label, window["ends"]
        )
    if "_c9_executed" not in evaluation.__dict__:
        _prefetch_executed([evaluation])
    executed: dict[int, date | None] = evaluation.__dict__["_c9_executed"]
    years = config.C9_PUBLICATION_YEARS
    if not executed:
        assert evaluation.published_at is not None
        day = dates.local_date(evaluation.published_at)
        return PublicationPeriod(
            "c9",
            config.C9_BASIS,
            day,
            "评价结果公布日期（该结果不以平台记录的行政处罚决定为依据）",
            add_months(day, 12 * years),
        )
    pending = sorted(pk for pk, day in executed.items() if day is None)
    if pending:
        return PublicationPeriod(
            "c9",
            config.C9_BASIS,
            None,
            "行政处罚决定尚未执行完毕（"
            + "、".join(f"处罚决定#{pk}" for pk in pending)
            + "），公示期限尚未起算，继续公示",
            None,
        )
    pk, latest = max(executed.items(), key=lambda item: (item[1], item[0]))
    assert latest is not None
    return PublicationPeriod(
        "c9",
        config.C9_BASIS,
        latest,
        f"行政处罚决定#{pk}执行完毕之日",
        add_months(latest, 12 * years),
    )


def publication_ends(evaluation: Evaluation, on: date | None = None) -> date | None:
    """The day publication stops by itself, for bad-credit grades, under the
    rule in force on `on` (default today): C10's maximum, or C9's 5 years
    (`publication_period`)."""
    period = publication_period(evaluation, on)
    return period.ends if period else None


def evaluation_list_public(
    *, year: int | None = None, today: date | None = None, q: str = ""
) -> list[Evaluation]:
    """Published results still in their publication period; `q` finds an
    enterprise by part of its name or credit code."""
    qs = Evaluation.objects.filter(
        status="published", published_at__isnull=False, repaired_at__isnull=True
    ).select_related("enterprise", "evaluation_year__scheme", "district")
    if year is not None:
        qs = qs.filter(evaluation_year__year=year)
    if q := q.strip():
        qs = qs.filter(
            Q(enterprise__name__icontains=q) | Q(enterprise__credit_code__icontains=q)
        )
    today = today or dates.local_date(timezone.now())
    rows = list(qs.order_by("-evaluation_year__year", "enterprise__name"))
    if publication_rule_on(today) == "c9":
        _prefetch_executed(rows)
    return [
        e for e in rows if (ends := publication_ends(e, today)) is None or today < ends
    ]


@dataclass(frozen=True)
class PublicRow:
    """One line of the public list: the bureau's own result, whether its scheme
    is still 示例配置, and the province's published grade for the same
    enterprise and year when one was imported (decision 0010: each named)."""

    evaluation: Evaluation
    example: bool
    provincial: ProvincialGrade | None


def public_rows(
    *, year: int | None = None, today: date | None = None, q: str = ""
) -> list[PublicRow]:
    """The public list (evaluation_list_public) with the province's grades beside
    it, in one more query."""
    evaluations = evaluation_list_public(year=year, today=today, q=q)
    ids = {e.enterprise_id for e in evaluations}
    years = {e.evaluation_year.year for e in evaluations}
    provincial = {
        (g.enterprise_id, g.year): g
        for g in ProvincialGrade.objects.filter(enterprise_id__in=ids, year__in=years)
    }
    return [
        PublicRow(
            e,
            scheme_is_example(e.evaluation_year.scheme),
            provincial.get((e.enterprise_id, e.evaluation_year.year)),
        )
        for e in evaluations
    ]


def scheme_is_example(scheme: Scheme) -> bool:
    """Whether anything of the scheme is still 示例配置 (is_example is kept true
    by schemes_install and scheme_revise while any indicator or cut-off is)."""
    return bool(scheme.is_example)


def example_note(evaluation: Evaluation) -> str:
    """The sentence a document or page carries when the configuration a result
    rests on is not confirmed (config.EXAMPLE_LABEL), or "" when all is."""
    scheme = evaluation.evaluation_year.scheme
    parts = []
    if scheme.is_example or scheme.indicators.filter(is_example=True).exists():
        parts.append("评分指标、权重")
    if scheme.grades.filter(is_example=True).exists():
        parts.append("等级划分")
    text = f"{'与'.join(parts)}为示例配置，需按省厅文件核定。" if parts else ""
    explanation = evaluation.explanation or {}
    vetoed = {v["code"] for v in explanation.get("vetoes", [])}
    unconfirmed = sorted(
        scheme.vetoes.filter(code__in=vetoed, is_confirmed=False).values_list(
            "code", flat=True
        )
    )
    if unconfirmed:
        text += f"一票否决情形{'、'.join(unconfirmed)}的条款内容待核实。"
    return text


def objection_list(evaluation: Evaluation) -> QuerySet[Objection]:
    return evaluation.objections.order_by("-created_at")


def repair_list(evaluation: Evaluation) -> QuerySet[Repair]:
    return evaluation.repairs.order_by("-created_at")


def objection_get_for_manager(user: User, pk: int) -> Objection:
    qs = Objection.objects.filter(
        Q(evaluation__in=evaluation_list_for_user(user))
    ).select_related("evaluation")
    try:
        return qs.get(pk=pk)
    except Objection.DoesNotExist as error:
        raise Http404("没有该异议。") from error


def repair_get_for_manager(user: User, pk: int) -> Repair:
    qs = Repair.objects.filter(
        evaluation__in=evaluation_list_for_user(user)
    ).select_related("evaluation")
    try:
        return qs.get(pk=pk)
    except Repair.DoesNotExist as error:
        raise Http404("没有该修复申请。") from error


def enterprise_section_context(user: User, enterprise: Any) -> dict[str, Any]:
    """The credit section of the enterprise file (一企一档): its evaluations."""
    evaluations = evaluation_list_for_user(user).filter(enterprise=enterprise)
    return {"evaluations": list(evaluations.order_by("-evaluation_year__year")[:10])}


# ---------------------------------------------------------------- consequences


@dataclass(frozen=True)
class GradeInForce:
    """The credit grade that applies to an enterprise on a day, and what follows
    from it (守信激励，失信惩戒; config.GRADE_CONSEQUENCES, 示例配置)."""

    evaluation_id: int
    year: int
    grade_code: str
    grade_name: str
    colour: str
    positive_list_eligible: bool
    suggested_class: str  # a grid supervision class (A/B/C) or "" = the rule's
    text: str
    basis: str = config.CONSEQUENCE_BASIS


def _in_force(evaluation: Evaluation, day: date) -> bool:
    if (
        evaluation.published_at is None
        or dates.local_date(evaluation.published_at) > day
    ):
        return False
    if (
        evaluation.repaired_at is not None
        and dates.local_date(evaluation.repaired_at) <= day
    ):
        return False
    ends = publication_ends(evaluation, day)
    return ends is None or day < ends


def consequence_of(evaluation: Evaluation) -> GradeInForce:
    eligible, klass, text = config.GRADE_CONSEQUENCES.get(
        evaluation.colour, (True, "", "")
    )
    return GradeInForce(
        evaluation.pk,
        evaluation.evaluation_year.year,
        evaluation.grade_code,
        evaluation.grade_name,
        evaluation.colour,
        eligible,
        klass,
        text,
    )


def grade_for(enterprise: Any, on_date: date) -> GradeInForce | None:
    """The latest published result of the enterprise in force on `on_date` (not
    repaired, within its publication period), or None. For other modules: grid's
    positive-list review and class rules may call this (read only, no scope: the
    published result is public)."""
    rows = (
        Evaluation.objects.filter(
            enterprise_id=getattr(enterprise, "pk", enterprise),
            status="published",
            published_at__isnull=False,
        )
        .select_related("evaluation_year")
        .order_by("-evaluation_year__year", "-published_at")
    )
    for evaluation in rows:
        if _in_force(evaluation, on_date):
            return consequence_of(evaluation)
    return None


def _in_force_by_enterprise(
    enterprise_ids: Sequence[int], on_date: date
) -> dict[int, Evaluation]:
    """Each enterprise's result in force on `on_date` (as `grade_for`), for many
    enterprises in one query."""
    rows = list(
        Evaluation.objects.filter(
            enterprise_id__in=list(enterprise_ids),
            status="published",
            published_at__isnull=False,
        )
        .select_related("evaluation_year")
        .order_by("enterprise_id", "-evaluation_year__year", "-published_at")
    )
    if publication_rule_on(on_date) == "c9":
        _prefetch_executed(rows)
    found: dict[int, Evaluation] = {}
    for evaluation in rows:
        if evaluation.enterprise_id in found or not _in_force(evaluation, on_date):
            continue
        found[evaluation.enterprise_id] = evaluation
    return found


def colours_for(enterprise_ids: Sequence[int], on_date: date) -> dict[int, str]:
    """Each enterprise's grade colour in force on `on_date` (as `grade_for`), for
    many enterprises in one query: the lookup credit registers in grid's
    selectors (`register_credit_colour_lookup`), so grid's class follows the
    grade without importing credit."""
    return {
        pk: evaluation.colour
        for pk, evaluation in _in_force_by_enterprise(enterprise_ids, on_date).items()
        if evaluation.colour
    }


def grades_for(enterprise_ids: Sequence[int], on_date: date) -> dict[int, CreditGrade]:
    """Each enterprise's grade in force on `on_date` with its positive-list
    consequence (config.GRADE_CONSEQUENCES, 示例配置), as grid's `CreditGrade`,
    in one query: the lookup credit registers in grid's selectors
    (`register_credit_grade_lookup`) for the positive-list review."""
    from ecobureau.grid import selectors as grid_selectors

    grades: dict[int, CreditGrade] = {}
    for pk, evaluation in _in_force_by_enterprise(enterprise_ids, on_date).items():
        if not evaluation.colour:
            continue
        consequence = consequence_of(evaluation)
        grades[pk] = grid_selectors.CreditGrade(
            year=consequence.year,
            grade_name=consequence.grade_name,
            colour=consequence.colour,
            positive_list_eligible=consequence.positive_list_eligible,
            text=consequence.text,
            basis=consequence.basis,
        )
    return grades


def consequences_context(evaluation: Evaluation) -> dict[str, Any]:
    """What the grade means for this enterprise now: positive-list membership
    (enterprises) and the frequency of the suggested class (grid's policies)."""
    from ecobureau.grid import selectors as grid_selectors

    if evaluation.status != "published" or not evaluation.colour:
        return {}
    consequence = consequence_of(evaluation)
    policy = grid_selectors.policies().get(consequence.suggested_class)
    on_list = enterprise_selectors.on_positive_list(evaluation.enterprise)
    return {
        "consequence": consequence,
        "policy": policy,
        "on_positive_list": on_list,
        "should_leave_list": on_list and not consequence.positive_list_eligible,
    }
