"""Pages of the emission ledger from online monitoring, the figure imports, noise
and hazardous waste, the province ranking, and the bulletin (PDF, Excel)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import refused_status
from ecobureau.lib import xlsx
from ecobureau.lib.dates import local_date

from . import bulletin, emissions, figures, forms, reports, selectors, services
from .models import BulletinIssue, CityFigure, Pollutant
from .views import _period, _require_view, _xlsx_response


@require_GET
@staff_required
def ledger(request: AppRequest) -> HttpResponse:
    """Emission totals per enterprise, district and pollutant from the hourly Cou
    values, with the hours missing (X3)."""
    _require_view(request)
    year, month = _period(request)
    book = emissions.ledger_for_user(request.user, year=year, now=timezone.now())
    return render(
        request,
        "quality/ledger.html",
        {
            "year": year,
            "month": month,
            "ledger": book,
            "rankings": [
                (
                    p.label,
                    book.district_ranking(p.value),
                    book.enterprise_ranking(p.value)[:10],
                )
                for p in Pollutant
            ],
        },
    )


LEDGER_HEADERS = (
    "区县", "企业", "统一社会信用代码", "污染物", "排放量（千克）", "排放量（吨）",
    "有数据小时", "应有小时", "缺失小时", "缺失时段", "数据来源",
)  # fmt: skip


@require_GET
@staff_required
def ledger_export(request: AppRequest) -> HttpResponse:
    _require_view(request)
    year, _month = _period(request)
    book = emissions.ledger_for_user(request.user, year=year, now=timezone.now())
    rows = (
        [
            e.district_name, e.name, e.credit_code, e.pollutant_name, str(e.kg),
            str(e.tonnes), e.hours, sum(s.expected_hours for s in e.series),
            e.missing_hours, e.gaps_text,
            "在线监测小时数据（CN 2061）排放量Cou：" + "、".join(s.instrument.mn for s in e.series),
        ]
        for e in book.enterprises
    )  # fmt: skip
    content, _ = xlsx.write(
        title=f"排放量台账{year}",
        headers=LEDGER_HEADERS,
        widths=[10, 28, 20, 12, 14, 12, 10, 10, 10, 40, 40],
        required=[False] * len(LEDGER_HEADERS),
        rows=rows,
    )
    return _xlsx_response(content, f"排放量台账{year}年.xlsx")


# --- Imports of figures received from elsewhere -------------------------------------------

TEMPLATE_EXAMPLES: dict[str, list[Any]] = {
    "emissions": [2026, 1, "铁东区", "化学需氧量", 12.5, "省厅核定"],
    "noise": ["功能区", "铁东区", "N01", "示例点位", "2026-03-15", "市监测站", "2", 55.3, 46.1, None],
    "waste": [2026, "91210300MA0000000X", 0.5, 120, 80, 40, 0.5, "申报登记"],
    "cities": [2026, 10, "示例市", "PM2.5平均浓度", 36.2, "省厅通报"],
}  # fmt: skip


def _spec(kind: str) -> figures.Spec:
    if kind not in figures.SPECS:
        raise Http404
    return figures.SPECS[kind]


@require_http_methods(["GET", "POST"])
@staff_required
def figure_import(request: AppRequest, kind: str) -> HttpResponse:
    spec = _spec(kind)
    if not request.user.has_perm("quality.manage_quality"):
        raise PermissionDenied("您无权导入数据")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {
        "form": form,
        "kind": kind,
        "title": figures.TITLES[kind],
        "headers": [*spec.required, *spec.optional],
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = figures.import_figures(
                kind, actor=request.user, content=upload.read(), filename=upload.name
            )
        except services.ImportFailed as error:
            context["error"] = error.messages[0]
            context["bad_rows"] = error.rows
            return render(request, "quality/figure_import.html", context, status=400)
        messages.success(request, f"已导入{batch.rows}行{figures.TITLES[kind]}。")
        return redirect("quality:targets")
    status = 400 if request.method == "POST" else 200
    return render(request, "quality/figure_import.html", context, status=status)


@require_GET
@staff_required
def figure_template(request: AppRequest, kind: str) -> HttpResponse:
    spec = _spec(kind)
    _require_view(request)
    headers = [*spec.required, *spec.optional]
    content, _ = xlsx.write(
        title=figures.TITLES[kind][:30],
        headers=headers,
        widths=[14] * len(headers),
        required=[h in spec.required for h in headers],
        rows=[TEMPLATE_EXAMPLES[kind]],
    )
    return _xlsx_response(content, f"{figures.TITLES[kind]}导入模板.xlsx")


# --- Targets: noise, hazardous waste, province ranking -----------------------------------


def _home_figures(year: int, month: int) -> dict[str, tuple[Any, str]]:
    water = selectors.water_summary(year=year, last_month=month, level=None)
    air = selectors.air_summary(
        year=year, through=selectors.month_range(year, month, month)[1]
    )
    cur = air.current
    return {
        "pm25": (cur.pm25_mean if cur else None, "本市空气质量日均值"),
        "good_ratio": (
            round(cur.good_ratio, 1) if cur and cur.good_ratio is not None else None,
            "本市空气质量日均值",
        ),
        "cwqi": (
            round(water.cwqi, 2) if water.cwqi is not None else None,
            "本市断面监测数据（示例配置）",
        ),
        "good_water": (
            round(water.good_share, 1) if water.good_share is not None else None,
            "本市断面监测数据",
        ),
    }


class DeclarationYearForm(django_forms.Form):
    """The year whose confirmed hazardous-waste declarations are summed."""

    year = django_forms.IntegerField(
        label=gettext_lazy("申报年度"), min_value=2000, max_value=2100
    )


@require_GET
@staff_required
def targets(request: AppRequest) -> HttpResponse:
    _require_view(request)
    year, month = _period(request)
    return _targets_page(request, year, month)


@require_POST
@staff_required
def waste_from_declarations(request: AppRequest) -> HttpResponse:
    """The hazardous-waste figures of a year from the declarations confirmed on
    the platform (危险废物申报登记确认, X3), with the same permission as the
    waste import."""
    if not request.user.has_perm("quality.manage_quality"):
        raise PermissionDenied("您无权导入数据")
    form = DeclarationYearForm(request.POST)
    if form.is_valid():
        declared = form.cleaned_data["year"]
        try:
            count = services.waste_from_declarations(year=declared, by=request.user)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request,
                f"已从{declared}年危险废物申报登记确认汇总{count}家企业的数据。",
            )
            return redirect(reverse("quality:targets") + f"?year={declared}")
    year, month = _period(request)
    return _targets_page(request, year, month, form=form, status=refused_status(form))


def _targets_page(
    request: AppRequest,
    year: int,
    month: int,
    *,
    form: DeclarationYearForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = request.user.has_perm("quality.manage_quality")
    if form is None and can_manage:
        form = DeclarationYearForm(initial={"year": year})
    # The home city's name as the province's bulletins write it (示例配置).
    home_name = getattr(settings, "QUALITY_HOME_CITY", "本市")
    home = _home_figures(year, month)
    rankings = []
    for value, label in CityFigure.Indicator.choices:
        mine, source = home[value]
        rows = reports.province_ranking(
            year=year, last_month=month, indicator=value, home_name=home_name,
            home_value=None if mine is None else Decimal(str(mine)),
            home_source=source,
        )  # fmt: skip
        rankings.append((label, rows))
    return render(
        request,
        "quality/targets.html",
        {
            "year": year,
            "month": month,
            "noise": reports.noise_summary(year),
            "waste": reports.waste_summary_for_user(request.user, year),
            "rankings": rankings,
            "kinds": figures.TITLES,
            "can_manage": can_manage,
            "declaration_form": form,
        },
        status=status,
    )


# --- Bulletin ------------------------------------------------------------------------------


def _bulletin_items(request: AppRequest) -> tuple[int, int, list[bulletin.Figure]]:
    _require_view(request)
    year, month = _period(request)
    items = bulletin.figures(request.user, year=year, month=month, now=timezone.now())
    return year, month, items


@require_GET
@staff_required
def bulletin_pdf(request: AppRequest) -> HttpResponse:
    year, month, items = _bulletin_items(request)
    now = timezone.now()
    content = bulletin.pdf_bytes(
        items, year=year, month=month, issued_on=local_date(now), created_at=now
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=quality-bulletin-{year}-{month:02d}.pdf"
    )
    return response


@require_GET
@staff_required
def bulletin_xlsx(request: AppRequest) -> HttpResponse:
    year, month, items = _bulletin_items(request)
    return _xlsx_response(
        bulletin.xlsx_bytes(items, year=year, month=month),
        f"环境质量月报{year}年1-{month}月.xlsx",
    )


# --- Public bulletin (portal page) ---------------------------------------------------------

PUBLIC_BULLETIN_FIRST_YEAR = 2000


def _public_issue(request: AppRequest) -> BulletinIssue | None:
    """The issued bulletin of ?year=&month= (its latest revision); default the
    latest issued month (None when nothing is issued yet). Malformed → 400
    message; a month not issued → 404 (the public sees issued months only)."""
    if not request.GET.get("year") and not request.GET.get("month"):
        return selectors.bulletin_latest_public()
    try:
        year = int(request.GET.get("year") or 0)
        month = int(request.GET.get("month") or 12)
    except ValueError:
        raise _BadMonth(
            gettext("年份和月份应为数字，例如 ?year=2026&month=10")
        ) from None
    if not 1 <= month <= 12 or year < PUBLIC_BULLETIN_FIRST_YEAR:
        raise _BadMonth(gettext("月份应为1～12，年份不早于2000年"))
    issue = selectors.bulletin_issue_public(year, month)
    if issue is None:
        raise Http404(gettext("该月环境质量月报尚未发布"))
    return issue


class _BadMonth(ValueError):
    pass


def _issued_figures(issue: BulletinIssue) -> list[bulletin.Figure]:
    # Frozen at issue in both languages; the English reading when chosen.
    english = get_language() == "en" and issue.figures_en
    return bulletin.from_json(issue.figures_en if english else issue.figures)


@require_GET
def bulletin_public(request: AppRequest) -> HttpResponse:
    """The monthly environmental-quality bulletin on the public site (issue 13
    item 6): the latest issued revision of a month — water, drinking sources, air
    and noise, each figure with its source, as frozen when issued (第N次更正 and
    its reason when corrected); months not issued are not shown."""
    try:
        issue = _public_issue(request)
    except _BadMonth as bad:
        return render(
            request, "quality/bulletin_public.html", {"error": str(bad)}, status=400
        )
    if issue is None:
        return render(request, "quality/bulletin_public.html", {"none_issued": True})
    parts: dict[str, list[bulletin.Figure]] = {}
    for item in _issued_figures(issue):
        parts.setdefault(item.part, []).append(item)
    return render(
        request,
        "quality/bulletin_public.html",
        {
            "year": issue.year,
            "month": issue.month,
            "issue": issue,
            "parts": parts,
            "months": selectors.bulletin_months_public(),
        },
    )


@require_GET
def bulletin_public_pdf(request: AppRequest) -> HttpResponse:
    """The issued PDF as stored (its SHA-256 in the record entry); in English the
    same frozen figures rendered in English."""
    try:
        issue = _public_issue(request)
    except _BadMonth as bad:
        return HttpResponse(
            str(bad), status=400, content_type="text/plain; charset=utf-8"
        )
    if issue is None:
        raise Http404(gettext("该月环境质量月报尚未发布"))
    if get_language() == "en" and issue.figures_en:
        notes = tuple(
            text
            for text in (bulletin.correction_text(issue.revision, issue.reason),)
            if text
        )
        content = bulletin.pdf_bytes(
            _issued_figures(issue), year=issue.year, month=issue.month,
            issued_on=local_date(issue.issued_at), created_at=issue.issued_at,
            notes=notes,
        )  # fmt: skip
    else:
        content = bytes(issue.pdf)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=quality-bulletin-public-{issue.year}-"
        f"{issue.month:02d}-r{issue.revision}.pdf"
    )
    return response
