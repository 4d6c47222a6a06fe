from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Who sees monitoring data (instruments, values, exceedances, anomalies), within
# their data scope.
_DATA_VIEWERS = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "legal_reviewer",
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
    "monitoring_staff",
    # The emergency duty officer answers monitoring alarms (issue 14): sees the
    # data behind an alarm (the clues: _CLUE_READERS below).
    "emergency_staff",
    "credit_staff",
    "system_admin",
)
# The monitoring centre keeps the instrument registry and the anomaly rules.
_INSTRUMENT_MANAGERS = ("monitoring_staff", "system_admin")
_RULE_MANAGERS = ("monitoring_staff", "enforcement_head")
_CLUE_VIEWERS = (
    "bureau_leader",
    "section_head",
    "legal_reviewer",
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
    "monitoring_staff",
)
_FILING_VIEWERS = (*_CLUE_VIEWERS, "service_staff")
# The emergency duty officer reads clues, within their data scope, so that an
# incident registered from a monitoring alarm links the clue it came from
# (emergencies.services._check_links); reading only — no deciding, no filings,
# no drone flights.
_CLUE_READERS = (*_CLUE_VIEWERS, "emergency_staff")
# Drone patrols (A74): flown and recorded by the enforcement team and the
# sub-bureaus; seen by the clue viewers; never by the public or enterprises.
_FLIGHT_RECORDERS = (
    "enforcement_officer",
    "enforcement_head",
    "sub_bureau_staff",
    "sub_bureau_head",
)
# Permitted totals (D14) are entered from the permit by the monitoring centre.
_ALLOWANCE_MANAGERS = ("monitoring_staff", "system_admin")
# Staff who may enter a filing on an enterprise's behalf (at the counter).
_FILING_CLERKS = (
    "service_staff",
    "enforcement_officer",
    "sub_bureau_staff",
    "monitoring_staff",
)


class MonitoringConfig(AppConfig):
    name = "ecobureau.monitoring"
    label = "monitoring"
    verbose_name = "自动监控"

    def ready(self) -> None:
        from ecobureau.accounts import roles

        from .processes import CLUE_DECIDERS, FILING_DECIDERS

        for role in _DATA_VIEWERS:
            roles.grant(role, "monitoring.view_monitoring_data")
        for role in _INSTRUMENT_MANAGERS:
            roles.grant(role, "monitoring.manage_instruments")
        for role in _RULE_MANAGERS:
            roles.grant(role, "monitoring.manage_anomaly_rules")
        for role in _CLUE_READERS:
            roles.grant(role, "monitoring.view_clue")
        for role in CLUE_DECIDERS:
            roles.grant(role, "monitoring.decide_clues")
        for role in _FILING_VIEWERS:
            roles.grant(role, "monitoring.view_filing")
        for role in _FILING_CLERKS:
            roles.grant(role, "monitoring.add_filing")
        for role in FILING_DECIDERS:
            roles.grant(role, "monitoring.decide_filings")
        for role in _CLUE_VIEWERS:
            roles.grant(role, "monitoring.view_droneflight")
        for role in _FLIGHT_RECORDERS:
            roles.grant(role, "monitoring.record_drone_flights")
        for role in _ALLOWANCE_MANAGERS:
            roles.grant(role, "monitoring.add_dischargeallowance")
        _register_pages()
        _register_work()


def _register_pages() -> None:
    from ecobureau.core import navigation
    from ecobureau.enterprises import sections
    from ecobureau.enterprises import selectors as enterprise_selectors
    from ecobureau.portal import registry as portal

    from . import selectors

    navigation.register(
        _("自动监控"),
        "monitoring:dashboard",
        order=50,
        visible=lambda user: (
            user.is_staff_member and user.has_perm("monitoring.view_monitoring_data")
        ),
    )
    navigation.register(
        _("在线数据线索"),
        "monitoring:clue-list",
        order=51,
        visible=lambda user: (
            user.is_staff_member and user.has_perm("monitoring.view_clue")
        ),
    )
    # Facility-failure reports shown beside a facility's stop on the file page.
    enterprise_selectors.register_failure_lookup(selectors.failure_reports_around)
    sections.register_section(
        "自动监控",
        "monitoring/_enterprise_section.html",
        context_fn=selectors.enterprise_section,
        order=40,
        visible=lambda user: user.is_authenticated,
    )
    portal.register_nav(
        gettext_noop("排放总量公开"), "monitoring:discharge-public", order=35
    )
    portal.register_my_section(
        "自动监控设施备案",
        "monitoring:filing-list",
        "自动监控设施安装或变更验收后5个工作日内在线备案",
        order=40,
        visible=lambda user: user.kind == user.Kind.ENTERPRISE,
    )


def _register_work() -> None:
    from django.conf import settings
    from django.urls import reverse

    from ecobureau.casework import registry
    from ecobureau.core import runtime, schedule

    from . import selectors

    registry.register_target(
        "monitoring.clue",
        verbose_name="在线数据线索",
        get_for_user=selectors.clue_get_for_user,
        url=lambda clue: reverse("monitoring:clue-detail", args=[clue.pk]),
    )
    registry.register_target(
        "monitoring.filing",
        verbose_name="自动监控设施备案",
        get_for_user=selectors.filing_get_for_user,
        url=lambda filing: reverse("monitoring:filing-detail", args=[filing.pk]),
    )
    registry.register_target(
        "monitoring.instrument",
        verbose_name="自动监控设施",
        get_for_user=selectors.instrument_get_for_user,
        url=lambda instrument: reverse(
            "monitoring:instrument-detail", args=[instrument.pk]
        ),
    )
    registry.register_target(
        "monitoring.droneflight",
        verbose_name="无人机巡查航次",
        get_for_user=selectors.flight_get_for_user,
        url=lambda flight: reverse("monitoring:flight-detail", args=[flight.pk]),
    )
    registry.register_target(
        "monitoring.dronefinding",
        verbose_name="无人机巡查发现",
        get_for_user=selectors.finding_get_for_user,
        url=lambda finding: reverse(
            "monitoring:flight-detail", args=[getattr(finding, "flight_id", 0)]
        ),
    )
    registry.register_target(
        "monitoring.dischargeallowance",
        verbose_name="许可排放量",
        get_for_user=_allowance_get_for_user,
        url=lambda allowance: reverse(
            "monitoring:allowance-list", args=[getattr(allowance, "enterprise_id", 0)]
        ),
    )
    for job in JOBS:
        schedule.register(job)
    demo = bool(getattr(settings, "DEMO_DATA", False))
    if getattr(settings, "HJ212_LISTENER_ENABLED", False) or demo:
        runtime.register(
            runtime.Process("hj212-gateway", runtime.manage("hj212", "listen"))
        )
    devices = int(getattr(settings, "HJ212_SIMULATOR_DEVICES", 20))
    if demo and devices > 0:
        runtime.register(
            runtime.Process(
                "hj212-simulator",
                runtime.manage(
                    "hj212",
                    "simulate",
                    "--devices",
                    str(devices),
                    "--interval",
                    str(getattr(settings, "HJ212_SIMULATOR_INTERVAL", 30)),
                    "--credentials",
                    str(settings.BASE_DIR / "var" / "hj212-demo-devices.json"),
                    "--wait",
                ),
            )
        )


def _allowance_get_for_user(user: Any, pk: int) -> Any:
    from django.shortcuts import get_object_or_404

    from .models import DischargeAllowance
    from .selectors import data_scope_q

    return get_object_or_404(
        DischargeAllowance.objects.filter(data_scope_q(user)), pk=pk
    )


def _jobs() -> list[Any]:
    from ecobureau.core.schedule import Job

    return [
        Job(
            "check_instrument_links",
            "*/5 * * * *",
            "check_instrument_links",
            (),
            "按最近收到数据的时间判定自动监控设施在线/离线，离线即报警",
        ),
        Job(
            "evaluate_monitoring",
            "20 * * * *",
            "evaluate_monitoring",
            (),
            "按小时数据研判超标时段和异常数据，推送在线数据线索",
        ),
        Job(
            "check_discharge_permits",
            "30 2 * * *",
            "check_discharge_permits",
            (),
            "核查无证排污和超许可排放量（实际排放量按自动监控数据计算），推送线索",
        ),
        Job(
            "refresh_discharge_summary",
            "25 * * * *",
            "refresh_discharge_summary",
            (),
            "重算排放总量公开页的企业日、年实际排放量（今天及前两天）",
        ),
        Job(
            "refresh_discharge_summary_month",
            "15 2 * * *",
            "refresh_discharge_summary",
            ("--days", "40"),
            "重算排放总量公开页近40天的企业日、年实际排放量（补收的迟到数据）",
        ),
        Job(
            "create_monitoring_partitions",
            "10 1 * * *",
            "create_monitoring_partitions",
            (),
            "为自动监控数据表提前创建月分区（PostgreSQL）",
        ),
        Job(
            "prune_monitoring_data",
            "40 3 * * *",
            "prune_monitoring_data",
            (),
            "按保存期限删除过期的自动监控数据和未入库报文",
        ),
    ]


JOBS = _jobs()
