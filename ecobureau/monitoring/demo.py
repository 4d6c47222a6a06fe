"""Demo step: online monitoring of the demo city's key sources (示例数据).

1. The anomaly rules with their example configuration, three operators.
2. An instrument (MN, password) at every outlet of the key sources, registered
   by the monitoring centre; a few filings in each state.
3. Seven days of history sent as HJ 212 packets through the gateway's own
   store: hourly and daily data for every instrument, real-time data for the
   last six hours, with exceedances, a flat line, zeros while discharging, a
   drop to just under a limit, a maintenance period, silent instruments and a
   drifting clock. The hourly evaluation then finds the episodes and
   anomalies and pushes clues, as it would in service.
4. The earlier clues: seed 004 counts 3,406 online-data clues pushed; the demo
   spreads exactly that many over 2024–2025, nearly all decided.
5. Permitted yearly totals and discharge methods on the key sources' discharge
   permits (one set below what its data already shows, so the daily check
   flags it and pushes a clue), then the check itself (D14).
6. Drone patrol flights over the districts with findings and images, each
   pushed as a clue (A74).
7. The credentials of the instruments go to var/hj212-demo-devices.json, where
   `make run`'s simulator finds them, so data keeps flowing live.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.enterprises.models import EmissionLimit, Outlet
from ecobureau.lib import hj212
from ecobureau.lib.dates import SHANGHAI
from ecobureau.lib.rules import minor_exceedance

from . import services, simulator
from .models import Anomaly, AnomalyRule, Clue, Exceedance, Instrument
from .services.anomaly_rules import SPECS

ORDER = 60
HISTORY_DAYS = 2
REALTIME_HOURS = 3
SEED_004_CLUES = 3406  # seed 004: 共推送在线数据线索3406条
OPERATORS = [
    ("鞍山市蓝天环境监测运维有限公司", "912103000000000010"),
    ("辽宁清源自动监控技术服务有限公司", "912100000000000021"),
    ("海城市绿源环保设施运营有限公司", "912103810000000032"),
]
EVENT_WEIGHTS = {
    "exceed": 12,
    "flat": 4,
    "zero": 3,
    "drop": 3,
    "maintenance": 4,
    "silent": 3,
    "drift": 2,
}
DISMISS_REASONS = [
    "经核实为仪器故障期间数据，运维单位已维修并按规定补报，排除",
    "企业停产检修期间数据，已核实停产记录，排除",
    "现场核实为标定过程数据，标记错误已督促更正，排除",
    "经调取运维记录核实为通讯中断，排除",
]
REFER_REASONS = [
    "小时均值连续超标，需现场核实治污设施运行情况",
    "数据异常疑似人为干预，需现场调取仪器参数和运维记录",
    "超标时段与生产工况不符，转现场检查",
]


def build(city: DemoCity) -> None:
    now = timezone.now()
    services.anomaly_rules_ensure()
    monitoring = city.people["monitoring"]
    operators = [
        services.operator_add(
            name=name,
            credit_code=code,
            contact_name="运维负责人",
            contact_phone="0412-5550100",
            note=DEMO_LABEL,
            by=monitoring,
        )
        for name, code in OPERATORS
    ]
    devices, instruments = _instruments(city, operators)
    _filings(city, instruments, now)
    events = _history(city, instruments, devices, now)
    services.evaluate(now=now, start=now - timedelta(days=HISTORY_DAYS))
    services.links_sweep(now=now)
    _earlier_clues(city, instruments)
    _allowances(city, instruments, now)
    _drone_patrols(city, now)
    _credentials(devices)
    city.shared["monitoring_events"] = events


# --- Instruments ------------------------------------------------------------------------


def _instruments(
    city: DemoCity, operators: list[Any]
) -> tuple[dict[int, simulator.Device], list[Instrument]]:
    monitoring = city.people["monitoring"]
    key_sources = [e for e in city.shared["enterprises"] if e.key_source]
    outlets = list(
        Outlet.objects.filter(enterprise__in=key_sources)
        .select_related("enterprise")
        .order_by("enterprise_id", "code")
    )
    limits: dict[int, list[EmissionLimit]] = {}
    for limit in EmissionLimit.objects.filter(outlet__in=outlets):
        limits.setdefault(limit.outlet_id, []).append(limit)
    devices: dict[int, simulator.Device] = {}
    instruments = []
    for index, outlet in enumerate(outlets):
        st = "32" if outlet.kind == Outlet.Kind.WATER else "31"
        # EPC-96 style MN of HJ 212-2017: 24 hexadecimal characters.
        mn = f"0A210300{index + 1:08X}{outlet.enterprise_id:08X}"
        instrument = services.instrument_register(
            outlet=outlet,
            data=services.InstrumentData(
                mn=mn,
                name=f"{outlet.name}自动监控设施",
                vendor=city.rng.choice(["聚光科技", "先河环保", "雪迪龙", "力合科技"]),
                model_name=city.rng.choice(["CEMS-2000", "TH-880", "WQ-3100"]),
                system_code=st,
                operator=operators[index % len(operators)],
                installed_on=date(2023, 1 + index % 12, 1 + index % 27),
                accepted_on=date(2023, 1 + index % 12, 1 + index % 27)
                + timedelta(days=20),
                note=DEMO_LABEL,
            ),
            by=monitoring,
        )
        password = services.instrument_set_password(
            instrument=instrument, by=monitoring, password=secrets.token_hex(3).upper()
        )
        items = []
        for item in simulator.default_items(st):
            found = next(
                (
                    lim
                    for lim in limits.get(outlet.pk, [])
                    if lim.pollutant_code == item.code
                ),
                None,
            )
            # The simulated values follow the outlet's own limits; a pollutant
            # without a limit at this outlet has none in the simulation either.
            item.limit = float(found.limit_value) if found else None
            if found is not None:
                item.base = float(found.limit_value) * city.rng.uniform(0.35, 0.7)
                item.converted = found.basis == EmissionLimit.Basis.CONVERTED
            items.append(item)
        devices[instrument.pk] = simulator.Device(mn, password, st, items)
        instruments.append(instrument)
    return devices, instruments


# --- Filings ------------------------------------------------------------------------------


def _report_pdf(title: str) -> SimpleUploadedFile:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(0, 10, "Acceptance report (demo data)")
    pdf.ln()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 10, title)
    data = bytes(pdf.output())
    return SimpleUploadedFile("验收报告及验收意见.pdf", data, "application/pdf")


def _filings(city: DemoCity, instruments: list[Instrument], now: datetime) -> None:
    """A few filings: filed, returned, one waiting (enterprise A's, on the
    enforcement team's workbench) and one filed late."""
    clerk = city.people.get("service") or city.people["monitoring"]
    deciders = [city.people["officer-1"], city.people["team-head"]]
    candidates = [
        i for i in instruments if i.enterprise_id != city.shared["enterprises"][0].pk
    ]
    for n, instrument in enumerate(candidates[:5]):
        accepted = now.astimezone(SHANGHAI).date() - timedelta(days=10 + n)
        filing = services.filing_submit(
            data=services.FilingData(
                kind="change",
                outlet=instrument.outlet,
                instrument=instrument,
                mn=instrument.mn,
                vendor=instrument.vendor,
                model_name=instrument.model_name,
                operator_name=instrument.operator.name if instrument.operator else "",
                description=f"更换{'COD' if instrument.system_code == '32' else '烟气'}分析仪（{DEMO_LABEL}）",
                accepted_on=accepted,
            ),
            report=_report_pdf(f"MN {instrument.mn}"),
            by=clerk,
            now=now - timedelta(days=8 - n),
        )
        decider = deciders[n % 2]
        if n == 3:
            services.filing_return(
                filing=filing,
                opinion=f"验收意见缺少比对监测结论，请补充后重新提交（{DEMO_LABEL}）",
                by=decider,
            )
        elif n < 4:
            services.filing_file(
                filing=filing, opinion=f"材料齐全，予以备案（{DEMO_LABEL}）", by=decider
            )
    enterprise_a = city.shared["enterprises"][0]
    outlet = Outlet.objects.filter(enterprise=enterprise_a).first()
    account = city.people.get("enterprise-a")
    if outlet is not None and account is not None:
        services.filing_submit(
            data=services.FilingData(
                kind="install",
                outlet=outlet,
                mn=f"0A2103FF{enterprise_a.pk:016X}"[:24],
                vendor="聚光科技",
                model_name="CEMS-2000",
                operator_name=OPERATORS[0][0],
                description=f"新建废水/废气自动监控设施并联网（{DEMO_LABEL}）",
                accepted_on=now.astimezone(SHANGHAI).date() - timedelta(days=3),
            ),
            report=_report_pdf("new installation"),
            by=account,
            now=now - timedelta(hours=2),
        )


# --- Seven days of data -----------------------------------------------------------------


def _history(
    city: DemoCity,
    instruments: list[Instrument],
    devices: dict[int, simulator.Device],
    now: datetime,
) -> Counter[str]:
    rng = city.rng
    end = now.astimezone(SHANGHAI).replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(days=HISTORY_DAYS)
    kinds = list(EVENT_WEIGHTS)
    weights = list(EVENT_WEIGHTS.values())
    events: Counter[str] = Counter()
    for instrument in instruments:
        device = devices[instrument.pk]
        event = rng.choices([*kinds, ""], weights=[*weights, 100 - sum(weights)])[0]
        at_hour = start + timedelta(hours=rng.randint(24, HISTORY_DAYS * 24 - 12))
        events[event or "none"] += 1
        received = _instrument_history(
            device, instrument, event, at_hour, start, end, rng, now
        )
        # Stored as the gateway stores; last seen when its last packet came
        # (silent instruments stopped five hours ago).
        last = max(item.received_at for item in received)
        services.frames_store(received, seen=[instrument.pk], now=last)
    return events


def _instrument_history(
    device: simulator.Device,
    instrument: Instrument,
    event: str,
    at_hour: datetime,
    start: datetime,
    end: datetime,
    rng: Any,
    now: datetime,
) -> list[services.Received]:
    signal = simulator.Signal(device, rng.randint(0, 10**6))
    received = []
    silent_from = end - timedelta(hours=5) if event == "silent" else None
    hour = start
    while hour < end:
        if silent_from is not None and hour >= silent_from:
            break
        items = _hour_items(device, signal, hour, event, at_hour)
        received.append(
            _received(
                instrument,
                device,
                "2061",
                hour,
                items,
                hour + timedelta(hours=1, minutes=2),
            )
        )
        if hour.hour == 0 and hour > start:
            day = hour - timedelta(days=1)
            received.append(
                _received(
                    instrument,
                    device,
                    "2031",
                    day,
                    simulator.period_items(signal, day, 1440),
                    hour + timedelta(minutes=5),
                )
            )
        hour += timedelta(hours=1)
    realtime_start = end - timedelta(hours=REALTIME_HOURS)
    at = realtime_start
    while at < end and (silent_from is None or at < silent_from):
        drift = timedelta(minutes=25) if event == "drift" else timedelta(0)
        received.append(
            _received(
                instrument,
                device,
                "2011",
                at - drift,
                simulator.realtime_items(signal, at),
                at + timedelta(seconds=3),
            )
        )
        at += timedelta(minutes=10)
    return [
        services.Received(r.instrument_id, r.packet, min(r.received_at, now), r.peer)
        for r in received
    ]


def _hour_items(
    device: simulator.Device,
    signal: simulator.Signal,
    hour: datetime,
    event: str,
    at_hour: datetime,
) -> list[str]:
    """One hour's Min/Avg/Max(/ZsAvg)/Flag items with the instrument's event."""
    offset = int((hour - at_hour).total_seconds() // 3600)
    items = []
    for item in device.items:
        value, _ = signal.value(item, hour + timedelta(minutes=30), noise=0.08)
        low, high, flag = value * 0.9, value * 1.1, "N"
        limited = item.limit is not None
        if event == "exceed" and limited and 0 <= offset < 1 + _stable(device.mn) % 4:
            value = item.limit * (1.06 + 0.12 * (_stable(device.mn + item.code) % 5))  # type: ignore[operator]
            low, high = value * 0.95, value * 1.05
        elif event == "flat" and limited and 0 <= offset < 7:
            value = low = high = round(item.base, 1)
        elif event == "zero" and limited and 0 <= offset < 4:
            value = low = high = 0.0
        elif event == "drop" and limited and offset == 0:
            value = item.limit * 1.3  # type: ignore[operator]
            low, high = value * 0.95, value * 1.05
        elif event == "drop" and limited and 1 <= offset < 6:
            value = item.limit * 0.96  # type: ignore[operator]
            low, high = value * 0.99, value * 1.0
        if event == "maintenance" and 0 <= offset < 9 and offset % 3 != 2:
            flag = "M"
        text = f"{item.code}-Min={low:.3f},{item.code}-Avg={value:.3f},{item.code}-Max={high:.3f}"
        if item.converted:
            # The demo's limits on waste gas are on the converted value: the
            # converted mean is the one the event is written into.
            text += f",{item.code}-ZsAvg={value:.3f}"
        items.append(f"{text},{item.code}-Flag={flag}")
    return items


def _stable(text: str) -> int:
    """A number from a text that is the same in every process (str hashes are
    salted per process, and the demo must build alike every time)."""
    return sum(ord(char) * (n + 1) for n, char in enumerate(text))


def _received(
    instrument: Instrument,
    device: simulator.Device,
    cn: str,
    data_time: datetime,
    items: list[str],
    received_at: datetime,
) -> services.Received:
    segments = hj212.data_segments(
        qn=hj212.qn_now(received_at),
        st=device.st,
        cn=cn,
        pw=device.pw,
        mn=device.mn,
        data_time=data_time,
        items=items,
    )
    packet = hj212.decode_frame(hj212.frame(segments[0]))
    return services.Received(instrument.pk, packet, received_at, "示例数据")


# --- Earlier clues (2024–2025) -----------------------------------------------------------


def _months() -> list[date]:
    return [date(2024 + (m // 12), m % 12 + 1, 1) for m in range(24)]


def _earlier_clues(city: DemoCity, instruments: list[Instrument]) -> None:
    rng = city.rng
    total = max(1, int(SEED_004_CLUES * city.shared.get("scale", 1.0)))
    months = _months()
    weights = [60 + 5 * n + rng.randint(0, 30) for n in range(len(months))]
    counts = [total * w // sum(weights) for w in weights]
    counts[-1] += total - sum(counts)
    limits: dict[int, list[EmissionLimit]] = {}
    for limit in EmissionLimit.objects.filter(
        outlet__in=[i.outlet_id for i in instruments]
    ):
        limits.setdefault(limit.outlet_id, []).append(limit)
    limited = [i for i in instruments if limits.get(i.outlet_id)]
    rules = {rule.kind: rule for rule in AnomalyRule.objects.all()}
    instruments_by_pk = {i.pk: i for i in instruments}
    history: dict[int, list[datetime]] = {}
    items: list[tuple[str, Instrument, datetime, Any]] = []
    for month, count in zip(months, counts, strict=True):
        for _ in range(count):
            at = datetime(
                month.year,
                month.month,
                rng.randint(1, 28),
                rng.randint(0, 23),
                tzinfo=SHANGHAI,
            )
            if rng.random() < 0.7 and limited:
                instrument = rng.choice(limited)
                items.append(
                    (
                        "exceedance",
                        instrument,
                        at,
                        rng.choice(limits[instrument.outlet_id]),
                    )
                )
            else:
                instrument = rng.choice(instruments)
                items.append(("anomaly", instrument, at, rng.choice(list(SPECS))))
    items.sort(key=lambda item: item[2])
    exceedances, anomalies = [], []
    for source, instrument, at, what in items:
        if source == "exceedance":
            exceedances.append(_past_exceedance(instrument, at, what, rng, history))
        else:
            rule = rules[what]
            anomalies.append(
                Anomaly(
                    kind=what,
                    instrument=instrument,
                    enterprise_id=instrument.enterprise_id,
                    outlet_id=instrument.outlet_id,
                    code="",
                    started_at=at,
                    ended_at=at + timedelta(hours=rng.randint(2, 8)),
                    detail=f"{rule.get_kind_display()}（{DEMO_LABEL}）",
                    reason=rule.reason,
                    params=rule.params,
                )
            )
    Exceedance.objects.bulk_create(exceedances, batch_size=500)
    Anomaly.objects.bulk_create(anomalies, batch_size=500)
    opened = services.clues_open_many(
        [
            (
                instruments_by_pk[e.instrument_id],
                _past_title(
                    instruments_by_pk[e.instrument_id],
                    f"{e.pollutant_name}小时均值超标{e.hours}小时，最大超标{e.max_multiple}倍",
                    e.started_at,
                ),
                e.ended_at,
                e,
                None,
            )
            for e in exceedances
        ]
        + [
            (
                instruments_by_pk[a.instrument_id],
                _past_title(instruments_by_pk[a.instrument_id], a.detail, a.started_at),
                a.ended_at,
                None,
                a,
            )
            for a in anomalies
        ]
    )
    _decide(city, opened)


def _past_title(instrument: Instrument, what: str, at: datetime) -> str:
    return services.clues.clue_title(
        enterprise_name=instrument.enterprise.name,
        outlet_code=instrument.outlet.code,
        what=what,
        at=at,
    )


def _past_exceedance(
    instrument: Instrument,
    at: datetime,
    limit: EmissionLimit,
    rng: Any,
    history: dict[int, list[datetime]],
) -> Exceedance:
    hours = rng.choice([1, 1, 2, 2, 3, 4, 6])
    multiple = Decimal(
        rng.choice(["0.03", "0.06", "0.08", "0.15", "0.3", "0.6", "1.2"])
    )
    value = (limit.limit_value * (1 + multiple)).quantize(Decimal("0.001"))
    earlier = [
        t
        for t in history.get(instrument.enterprise_id, [])
        if at - t <= timedelta(days=365)
    ]
    decision = minor_exceedance.decide(
        limit.pollutant_code, hours, value, limit.limit_value, len(earlier)
    )
    history.setdefault(instrument.enterprise_id, []).append(at)
    return Exceedance(
        instrument=instrument,
        enterprise_id=instrument.enterprise_id,
        outlet_id=instrument.outlet_id,
        limit=limit,
        code=limit.pollutant_code,
        pollutant_name=limit.pollutant_name,
        unit=limit.unit,
        field="ZsAvg" if limit.basis == EmissionLimit.Basis.CONVERTED else "Avg",
        limit_value=limit.limit_value,
        started_at=at,
        ended_at=at + timedelta(hours=hours),
        hours=hours,
        max_value=value,
        max_multiple=multiple,
        ongoing=False,
        minor_eligible=decision["eligible"],
        minor={
            "prior_episodes": len(earlier),
            "conditions": decision["conditions"],
            "explain": decision["explain"],
            "rule": "minor-exceedance",
        },
    )


def _decide(city: DemoCity, clues: list[Clue]) -> None:
    """Nearly all earlier clues were decided within days: about a third sent to
    on-site enforcement, the rest dismissed with a reason; a few still open.
    Decided month by month, each month's alike by one officer (the bulk
    service, one record entry per clue)."""
    rng = city.rng
    deciders = [
        city.people["officer-1"],
        city.people["officer-2"],
        city.people["team-head"],
    ]
    groups: dict[tuple[str, str, date], list[Clue]] = {}
    for clue in clues:
        if rng.random() < 0.01:
            continue
        month = clue.detected_at.astimezone(SHANGHAI).date().replace(day=1)
        if rng.random() < 0.34:
            key = ("refer", rng.choice(["inspection", "inspection", "case"]), month)
        else:
            key = ("dismiss", "", month)
        groups.setdefault(key, []).append(clue)
    for (transition, referral, month), group in groups.items():
        reasons = REFER_REASONS if transition == "refer" else DISMISS_REASONS
        services.clues_decide_many(
            clues=group,
            transition=transition,
            referral=referral,
            reason=f"{reasons[month.month % len(reasons)]}（{DEMO_LABEL}）",
            by=deciders[month.month % len(deciders)],
            decided_at=max(c.detected_at for c in group) + timedelta(days=2),
        )


# --- Credentials for the live simulator ----------------------------------------------------


def _credentials(devices: dict[int, simulator.Device]) -> None:
    if getattr(settings, "ENVIRONMENT", "") == "test":
        return
    live = [
        device
        for pk, device in devices.items()
        if Instrument.objects.filter(pk=pk, last_seen_at__isnull=False).exists()
    ]
    simulator.write_devices(settings.BASE_DIR / "var" / "hj212-demo-devices.json", live)


# --- Permitted totals (D14) ------------------------------------------------------------


def _allowances(city: DemoCity, instruments: list[Instrument], now: datetime) -> None:
    """Permitted yearly totals for the key sources' limited pollutants, sized
    from a year of their simulated discharge; the first enterprise's first
    pollutant is set below what two days of its data already add up to, so
    the daily check flags it. All 示例数据 (the receiving text says so)."""
    from ecobureau.enterprises.models import Permit

    staff = city.people["monitoring"]
    permits = {
        permit.enterprise_id: permit
        for permit in Permit.objects.filter(
            kind=Permit.Kind.DISCHARGE,
            enterprise_id__in={i.enterprise_id for i in instruments},
        ).order_by("enterprise_id", "-issued_on")
    }
    done: set[tuple[int, str]] = set()
    first = True
    for instrument in instruments:
        permit = permits.get(instrument.enterprise_id)
        if permit is None:
            continue
        water = instrument.system_code == "32"
        for limit in EmissionLimit.objects.filter(outlet=instrument.outlet_id):
            key = (instrument.enterprise_id, limit.pollutant_code)
            if key in done:
                continue
            done.add(key)
            # Half the limit at the simulator's flow (12 L/s water, 45 m³/s
            # gas) for a year, in tonnes; the first one at a hundredth of that.
            flow = 12.0 if water else 45.0
            tonnes = float(limit.limit_value) * 0.5 * flow * 86400 * 365 * 1e-9
            if first:
                tonnes /= 1000
                first = False
            services.allowance_set(
                permit=permit,
                data=services.AllowanceData(
                    pollutant_code=limit.pollutant_code,
                    yearly_tonnes=Decimal(f"{max(tonnes, 0.0001):.4f}"),
                    method="intermittent"
                    if water and city.rng.random() < 0.3
                    else "continuous",
                    route="indirect"
                    if water and city.rng.random() < 0.5
                    else ("direct" if water else "atmosphere"),
                    receiving=("太子河" if water else "大气") + f"（{DEMO_LABEL}）",
                ),
                by=staff,
            )
    services.discharge_check(now=now)
    services.discharge_summary_refresh(full=True, now=now)


# --- Drone patrols (A74) -----------------------------------------------------------


DRONE_FINDINGS = [
    ("discharge", "厂区东侧雨水排口有深色污水流出，疑似偷排"),
    ("smoke", "烟囱排放黄色烟气，颜色异常"),
    ("dust", "物料堆场未苫盖，大风天气扬尘明显"),
    ("waste", "厂区外空地堆放疑似危险废物包装桶约20个"),
    ("burning", "农田边露天焚烧垃圾"),
]


def _png(seed: int) -> SimpleUploadedFile:
    """A small real PNG (a coloured square) standing in for an aerial photo."""
    import struct
    import zlib

    size = 16
    colour = bytes([(seed * 53) % 256, (seed * 97) % 256, (seed * 151) % 256])
    raw = b"".join(b"\x00" + colour * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(f"航拍影像{seed}.png", data, "image/png")


def _drone_patrols(city: DemoCity, now: datetime) -> None:
    """Three flights by the enforcement team over industrial areas of the demo
    districts, with findings near enterprises; each finding is a clue."""
    from ecobureau.core.models import Division

    pilot_user = city.people["officer-1"]
    enterprises = [e for e in city.shared["enterprises"] if e.longitude is not None]
    districts = list(Division.objects.filter(level=2).order_by("code")[:3])
    findings = 0
    for n, district in enumerate(districts):
        near = [e for e in enterprises if e.district_id == district.pk][:3]
        if not near:
            continue
        ended = now - timedelta(days=n + 1, hours=2)
        started = ended - timedelta(minutes=35 + 5 * n)
        points = [[float(e.longitude), float(e.latitude)] for e in near]
        if len(points) == 1:
            points.append([points[0][0] + 0.01, points[0][1] + 0.01])
        flight = services.flight_record(
            data=services.FlightData(
                started_at=started,
                ended_at=ended,
                area_name=f"{district.name}工业集中区（{DEMO_LABEL}）",
                route={"type": "LineString", "coordinates": points},
                pilot="孙立新",
                aircraft=f"DJI M300 RTK 鞍环无人机0{n + 1}号",
                district=district,
                purpose="重点排污单位周边非现场巡查",
                weather="晴，西南风3级",
                note=DEMO_LABEL,
            ),
            by=pilot_user,
            footage=[_png(n)],
        )
        for k, enterprise in enumerate(near[:2]):
            kind, text = DRONE_FINDINGS[(n + k) % len(DRONE_FINDINGS)]
            services.finding_add(
                flight=flight,
                data=services.FindingData(
                    kind=kind,
                    description=f"{text}（{DEMO_LABEL}）",
                    seen_at=started + timedelta(minutes=10 + 10 * k),
                    longitude=Decimal(enterprise.longitude) + Decimal("0.000800"),
                    latitude=Decimal(enterprise.latitude) + Decimal("0.000500"),
                    enterprise=enterprise if k == 0 else None,
                ),
                by=pilot_user,
                images=[_png(10 * n + k)],
            )
            findings += 1
    city.shared["drone_findings"] = findings
