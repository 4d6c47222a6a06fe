"""Demo step: accountability follow-ups opened by deadlines missed (示例数据).

Each follows the real path: a clock runs on an enterprise file review, is stopped
after its deadline, and the missed clock opens a follow-up for the legal section,
some of which are then taken up and concluded.
"""

from datetime import timedelta

from django.utils import timezone

from ecobureau.demo.city import DEMO_LABEL, DemoCity

from . import services
from .processes import ACCOUNTABILITY

ORDER = 90  # after the enterprises it reviews


def build(city: DemoCity) -> None:
    enterprises = city.shared.get("enterprises", [])[:6]
    staff = [
        city.people["tiedong-staff"],
        city.people["tiexi-staff"],
        city.people["haicheng-staff"],
    ]
    now = timezone.now()
    followups = []
    for index, enterprise in enumerate(enterprises):
        officer = staff[index % len(staff)]
        clock = services.clock_start(
            target=enterprise,
            step="file-review",
            label=f"企业档案信息核查期限（{DEMO_LABEL}）",
            amount=10,
            unit="workdays",
            basis="本局一企一档管理要求（示例）",
            started_at=now - timedelta(days=40 + index),
            by=officer,
            responsible=officer,
            responsible_unit=officer.unit,
            district=enterprise.district,
            township=enterprise.township,
        )
        services.clock_stop(
            clock=clock, by=officer, at=now - timedelta(days=12 - index)
        )
        followups.append(services.accountability_open_for_missed_clock(clock=clock))
    legal = city.people["legal"]
    opened = [f for f in followups if f is not None]
    for followup in opened[:2]:
        services.case_transition(
            process=ACCOUNTABILITY, case=followup, transition="investigate", by=legal
        )
    if opened:
        services.case_transition(
            process=ACCOUNTABILITY,
            case=opened[0],
            transition="conclude",
            by=legal,
            changes={
                "findings": f"承办人因系统培训延误核查，已补正（{DEMO_LABEL}）。",
                "outcome": "criticism",
            },
        )
