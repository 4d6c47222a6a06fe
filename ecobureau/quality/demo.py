"""Demo step: environmental quality and targets of the demo city (示例数据).

1. Ten national (国考) sections, three provincial ones and two drinking-water
   sources, named 示例·…, with their assessment targets for this year and last.
2. Monthly samples of the 21 counted items for last year and this year up to last
   month, drawn from a seeded generator around each section's own level (nine of
   the ten national sections good, one class IV; last year a little worse),
   imported through the import service as one workbook.
3. Emission targets (COD, NH3-N, SO2, NOx) per district for this year and the
   districts' monthly totals so far.
4. The daily emission roll-up (排放量日汇总) of the finished days of the
   monitoring demo's hourly history, as the nightly `rollup_emissions` does.
5. Responsibility letters (目标责任状) of each district government for last year
   (assessed, concluded and published; one unmet, with its cause, the action
   taken and a veto) and this year (signed, half assessed), their first two
   targets linked to the PM2.5 and section figures, and one published
   environmental-responsibility audit.
6. This year's work plan (工作计划及其完成情况, D19), published: four tasks, one
   done, two under way (one reported by a district's sub-bureau), one not yet
   started, so the portal shows its completion rate. Built once: a year that
   already has a plan (the bureau's own, or this step's) is left alone.

The figures are invented: they only resemble the shape of seed 004's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.lib import xlsx
from ecobureau.lib.dates import local_date

from . import services
from . import water_class as wc
from .models import LetterTarget, Pollutant, WorkPlan, WorkPlanItem

ORDER = 75  # after air (65): the dashboard reads the air module's days

# (code, name, river, level, water body, district code, quality factor, target,
#  drinking source). The factor scales the class III limits (<1 better).
SECTIONS = (
    ("GK01", "示例·太子河下口子", "太子河", "national", "river", "210302", 0.55, "III", False),
    ("GK02", "示例·太子河小林子", "太子河", "national", "river", "210303", 0.7, "III", False),
    ("GK03", "示例·运粮河入河口", "运粮河", "national", "river", "210303", 0.8, "IV", False),
    ("GK04", "示例·杨柳河岔沟", "杨柳河", "national", "river", "210304", 0.75, "III", False),
    ("GK05", "示例·海城河牛庄", "海城河", "national", "river", "210381", 0.85, "III", False),
    ("GK06", "示例·五道河出境", "五道河", "national", "river", "210381", 1.25, "IV", False),
    ("GK07", "示例·南沙河汇入口", "南沙河", "national", "river", "210311", 0.6, "III", False),
    ("GK08", "示例·北沙河大堡出境", "北沙河", "national", "river", "2103Z1", 0.8, "III", False),
    ("GK09", "示例·辽河台安段", "辽河", "national", "river", "210321", 0.85, "III", False),
    ("GK10", "示例·汤河水库库心", "汤河水库", "national", "lake", "210311", 0.5, "III", False),
    ("SK01", "示例·万水河", "万水河", "provincial", "river", "210304", 0.9, "III", False),
    ("SK02", "示例·八里河", "八里河", "provincial", "river", "210302", 1.1, "IV", False),
    ("SK03", "示例·杨柳河新台子", "杨柳河", "provincial", "river", "210303", 1.6, "V", False),
    ("YY01", "示例·汤河水库取水口", "汤河水库", "city", "lake", "210311", 0.45, "II", True),
    ("YY02", "示例·大伙房输水鞍山取水口", "大伙房输水", "city", "river", "210302", 0.5, "II", True),
)  # fmt: skip

# Annual caps (tonnes) per district, a little under the base year.
EMISSION_BASE = {
    Pollutant.COD: Decimal("1800"),
    Pollutant.NH3N: Decimal("160"),
    Pollutant.SO2: Decimal("5200"),
    Pollutant.NOX: Decimal("7400"),
}
CUT = {
    Pollutant.COD: Decimal("0.03"),
    Pollutant.NH3N: Decimal("0.04"),
    Pollutant.SO2: Decimal("0.05"),
    Pollutant.NOX: Decimal("0.05"),
}


# Decimals kept, as the 2020 statistics rule is transcribed (reference/water.md 2.9).
DECIMALS = {"do": 1, "codmn": 1, "cod": 1, "bod5": 1, "nh3n": 2, "tp": 3, "se": 4,
            "as_": 4, "hg": 5, "cd": 5, "phenol": 4, "petroleum": 2, "las": 2}  # fmt: skip


def _value(city: DemoCity, key: str, body: str, factor: float) -> float:
    """One item's value around factor × class III limit (pH and DO apart)."""
    jitter = city.rng.uniform(0.8, 1.2)
    if key == "ph":
        return round(city.rng.uniform(7.0, 8.2), 2)
    if key == "do":
        return round(max(2.5, 9.5 - 3.5 * factor * jitter), 1)
    limit = float(wc.limits_for(key, body)[2])
    if key in ("codmn", "cod", "bod5", "nh3n", "tp"):
        return round(limit * factor * jitter, DECIMALS.get(key, 3))
    # Metals and the rest stay low everywhere.
    return round(limit * 0.15 * jitter, DECIMALS.get(key, 3))


def build(city: DemoCity) -> None:
    actor = city.people["monitoring"]
    today = local_date(timezone.now())
    year = today.year
    sections = []
    for (
        code,
        name,
        river,
        level,
        body,
        district_code,
        factor,
        target,
        drinking,
    ) in SECTIONS:
        section = services.section_create(
            actor=actor,
            code=code,
            name=name,
            river=river,
            level=level,
            water_body=body,
            district=city.divisions[district_code],
            is_drinking_source=drinking,
            is_demo=True,
        )
        for y in (year - 1, year):
            services.section_target_set(
                actor=actor, section=section, year=y, target=target
            )
        sections.append((section, factor))

    headers = ["断面编码", "采样日期", "来源", *(wc.NAMES[k] for k in wc.COUNTED)]
    rows = []
    for y, worse in ((year - 1, 1.08), (year, 1.0)):
        last_month = 12 if y < year else max(today.month - 1, 1)
        for month in range(1, last_month + 1):
            for section, factor in sections:
                day = f"{y}-{month:02d}-{10 + city.rng.randint(0, 8):02d}"
                values = [
                    _value(city, key, section.water_body, factor * worse)
                    for key in wc.COUNTED
                ]
                rows.append([section.code, day, "手工监测", *values])
    content, _ = xlsx.write(
        title="示例数据",
        headers=headers,
        widths=[12] * len(headers),
        required=[False] * len(headers),
        rows=rows,
    )
    services.samples_import(
        actor=actor, content=content, filename="示例数据-水质监测.xlsx"
    )

    for district in city.districts():
        for pollutant, base in EMISSION_BASE.items():
            share = Decimal(city.rng.choice((1, 2, 3))) / 4  # districts differ in size
            base_t = (base * share).quantize(Decimal("0.001"))
            cap = (base_t * (1 - CUT[pollutant])).quantize(Decimal("0.001"))
            services.emission_target_set(
                actor=actor,
                year=year,
                district=district,
                pollutant=pollutant,
                base_tonnes=base_t,
                cap_tonnes=cap,
                is_demo=True,
            )
            for month in range(1, max(today.month - 1, 1) + 1):
                monthly = (
                    cap / 12 * Decimal(str(round(city.rng.uniform(0.85, 1.08), 3)))
                )
                services.emission_actual_set(
                    actor=actor,
                    year=year,
                    month=month,
                    district=district,
                    pollutant=pollutant,
                    tonnes=monthly.quantize(Decimal("0.001")),
                )

    # 4. The roll-up of the monitoring demo's finished days (it sends the last
    # HISTORY_DAYS days; today's hours stay live in the ledger).
    now = timezone.now()
    yesterday = today - timedelta(days=1)
    for first, last in services.rollup_spans(yesterday - timedelta(days=2), yesterday):
        services.emissions_rollup(
            first_day=first, last_day=last, now=now, actor=actor, is_demo=True
        )

    _responsibility(city, actor, year, now)
    _work_plan(city, actor, now)
    _issue_last_bulletin(now)


def _issue_last_bulletin(now: datetime) -> None:
    """Last month's bulletin issued as the scheduler would on the 5th
    (`issue_bulletin`), so the portal shows a bulletin (示例数据)."""
    from .bulletin import last_published_month

    year, month = last_published_month(local_date(now))
    services.bulletin_issue(
        actor=None, year=year, month=month, now=now, note=f"{DEMO_LABEL}：演示城市"
    )


LETTER_TARGETS = (
    ("细颗粒物（PM2.5）年均浓度下降", "完成市下达的年度目标"),
    ("国考、省考断面水质达到考核目标", "达标率100%"),
    ("化学需氧量、氨氮、二氧化硫、氮氧化物排放总量削减", "完成年度减排任务"),
    ("危险废物全部实现安全处置", "处置率100%"),
)


def _responsibility(city: DemoCity, actor, year: int, now) -> None:
    today = local_date(now)
    districts = list(city.districts())
    for n, district in enumerate(districts):
        unit = f"示例·{district.name}人民政府"
        for y in (year - 1, year):
            letter = services.letter_create(
                actor=actor, year=y, unit_name=unit, district=district,
                issuer="市人民政府", head_name=f"示例·责任人{n + 1}", head_post="区长",
                signed_on=min(date(y, 2, 15), today), targets=list(LETTER_TARGETS), now=now,
                is_demo=True,
            )  # fmt: skip
            targets = list(letter.targets.order_by("position"))
            # The first two targets are checked against the module's figures
            # (D3; 35 µg/m³ is 示例配置); the other two stay text targets.
            services.letter_target_link(
                actor=actor, target=targets[0], now=now,
                indicator=LetterTarget.Indicator.PM25_MAX, threshold=Decimal(35),
            )  # fmt: skip
            services.letter_target_link(
                actor=actor, target=targets[1], now=now,
                indicator=LetterTarget.Indicator.SECTIONS_MEET,
            )  # fmt: skip
            unmet = y < year and n == 1  # one district missed last year's water target
            done = targets if y < year else targets[:2]
            for target in done:
                met = not (unmet and target.position == 2)
                services.letter_target_assess(
                    actor=actor, target=target, met=met, now=now,
                    result="已完成（示例数据）" if met else "1个断面全年为IV类（示例数据）",
                )  # fmt: skip
            if y < year:
                services.letter_conclude(
                    actor=actor, letter=letter, now=now,
                    cause="poor_work" if unmet else "",
                    accountability="对分管负责人诫勉谈话，当年考核不得评为优秀（示例数据）"
                    if unmet else "",
                )  # fmt: skip
                services.letter_publish(
                    actor=actor, letter=letter, now=now,
                    congress_reported_on=date(y + 1, 1, 20)
                    if date(y + 1, 1, 20) <= today else None,
                )  # fmt: skip
            if unmet:
                services.veto_record(
                    actor=actor, year=y, unit_name=unit, district=district,
                    reason="duty", facts="目标责任状水质目标未完成（示例数据）",
                    decided_on=min(date(y + 1, 1, 10), today), now=now, is_demo=True,
                )  # fmt: skip
    audit = services.audit_record(
        actor=actor, year=year - 1, unit_name="示例·深沟寺街道办事处",
        district=districts[0] if districts else None, auditor="市审计局",
        scope=["targets", "tasks", "funds"],
        findings="大气污染防治专项资金拨付滞后两个月（示例数据）",
        conclusion="限期整改并报送整改情况（示例数据）",
        reported_on=min(date(year, 1, 5), today), now=now, is_demo=True,
    )  # fmt: skip
    services.audit_publish(actor=actor, audit=audit, now=now)


# (task, responsible unit, deadline month and day, district whose sub-bureau
# reports progress or "" for the city bureau) — 示例数据.
WORK_PLAN_ITEMS = (
    ("完成国考断面水质自动监测站运维质控考核", "市生态环境监测中心", 6, 30, ""),
    ("太子河铁东段入河排污口排查整治", "铁东分局", 9, 30, "210302"),
    ("重点行业挥发性有机物综合治理", "大气环境科", 11, 30, ""),
    ("编制并发布上年度生态环境状况公报", "综合协调科", 12, 31, ""),
)


def _work_plan(city: DemoCity, actor, now) -> None:
    """This year's work plan with its progress, published (示例数据)."""
    today = local_date(now)
    year = today.year
    if WorkPlan.objects.filter(year=year).exists():
        return  # the bureau's own plan, or built before: never a second one
    plan = services.work_plan_create(
        actor=actor,
        year=year,
        title=f"{year}年度生态环境保护重点工作计划（示例数据）",
        issuer="鞍山市生态环境局",
        now=now,
        is_demo=True,
    )
    items = []
    for task, unit, month, day, district_code in WORK_PLAN_ITEMS:
        items.append(
            services.work_plan_item_add(
                actor=actor,
                plan=plan,
                task=task,
                responsible_unit=unit,
                deadline=date(year, month, day),
                district=city.divisions.get(district_code) if district_code else None,
            )
        )
    done_on = max(date(year, 1, 1), today - timedelta(days=20))
    services.work_plan_item_progress(
        actor=actor, item=items[0], status=WorkPlanItem.Status.DONE, now=now,
        completed_on=done_on, note="10个国考断面自动站质控考核全部通过（示例数据）",
    )  # fmt: skip
    services.work_plan_item_progress(
        actor=actor, item=items[1], status=WorkPlanItem.Status.IN_PROGRESS, now=now,
        note="已排查排污口46个，完成整治31个（示例数据）",
    )  # fmt: skip
    services.work_plan_item_progress(
        actor=actor, item=items[2], status=WorkPlanItem.Status.IN_PROGRESS, now=now,
        note="已完成12家企业治理设施升级改造（示例数据）",
    )  # fmt: skip
    services.work_plan_publish(actor=actor, plan=plan, now=now)
