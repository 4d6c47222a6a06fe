"""Demo step: complaints in every state, duplicates and a repeat visit, dispatches
to a sub-bureau, the enforcement team and another department, revisits, the 8890
rota and a leader's reception (示例数据). Everything through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

from django.utils import timezone

from ecobureau.demo.city import DEMO_LABEL, DemoCity

from . import reference, services
from .models import Complaint, ReceptionEvent

ORDER = 50

# (text, place, category, noise source); the enterprise, when named, is added.
TEXTS = [
    ("晚上排放刺鼻气味，窗户都不敢开", "air", ""),
    ("烟囱冒黑烟，一冒就是一上午", "air", ""),
    ("料场露天堆放不苫盖，刮风漫天灰", "air", ""),
    ("夜里偷排废水，排水沟里的水发黑", "water", ""),
    ("风机噪音太大，整宿嗡嗡响", "noise", "industrial"),
    ("厂外倾倒废渣，堆得像小山", "waste", ""),
]
PLACES = [
    ("胜利路那个露天洗车的，污水直接排进雨水井", "铁东区胜利路", "water", ""),
    ("二道街烧烤摊油烟很大，熏得楼上没法开窗", "铁东区二道街", "air", ""),
    ("东沟村村口有人焚烧垃圾，黑烟滚滚", "千山区大孤山镇东沟村", "air", ""),
    ("深沟寺小区楼下的KTV半夜唱歌太吵", "立山区深沟寺小区", "noise", "social"),
    (
        "人民路与园林路交叉口的工地夜间施工，打桩声音太大",
        "人民路与园林路交叉口",
        "noise",
        "construction",
    ),
    ("南台村养猪场粪水直接排到河沟里", "海城市西柳镇南台村", "water", ""),
]
CHANNELS = [
    "phone_12369",
    "platform_12369",
    "hotline_8890",
    "hotline_12345",
    "letter",
    "wechat",
    "weibo",
    "minxin",
    "portal",
]
SURNAMES = "王李张刘陈杨赵黄周吴"


def build(city: DemoCity) -> None:
    reference.load(StringIO(), 0)
    desk = city.people["emergency"]
    enterprises = city.shared.get("enterprises", [])
    scale = float(city.shared.get("scale", 1.0))
    count = max(24, int(60 * scale))
    made: list[Complaint] = []
    for n in range(count):
        made.append(_submit(city, n, enterprises, desk))
    _duplicates_and_repeat(city, enterprises, desk)
    _advance(city, made)
    _receptions(city)
    _follow_up_and_messages(city, made)
    city.shared["complaints"] = made


def _contact(city: DemoCity, n: int) -> dict[str, Any]:
    if n % 4 == 0:
        return {"anonymous": True}
    return {
        "contact_name": city.rng.choice(SURNAMES) + "先生"
        if n % 2
        else city.rng.choice(SURNAMES) + "女士",
        "contact_phone": f"1390000{n:04d}",
        "wants_written_reply": n % 7 == 3,
    }


def _submit(city: DemoCity, n: int, enterprises: list[Any], desk: Any) -> Complaint:
    rng = city.rng
    channel = CHANNELS[n % len(CHANNELS)]
    received = timezone.now() - timedelta(
        days=rng.randint(0, 25), hours=rng.randint(0, 20)
    )
    if n % 2 == 0 and len(enterprises) > 10:
        enterprise = enterprises[2 + (n * 7) % (len(enterprises) - 2)]
        text, category, noise = TEXTS[n % len(TEXTS)]
        data = services.ComplaintData(
            channel=channel,
            channel_reference=f"SL-{n:05d}"
            if channel in ("platform_12369", "hotline_8890", "hotline_12345")
            else "",
            received_at=received,
            text=f"{enterprise.name}{text}（{DEMO_LABEL}）",
            place=enterprise.address,
            enterprise=enterprise,
            latitude=enterprise.latitude,
            longitude=enterprise.longitude,
            category=category,
            noise_source=noise,
            **_contact(city, n),
        )
    else:
        text, place, category, noise = PLACES[(n // 2) % len(PLACES)]
        district = city.divisions.get(
            ["210302", "210302", "210311", "210304", "210302", "210381"][(n // 2) % 6]
        )
        data = services.ComplaintData(
            channel=channel,
            received_at=received,
            text=f"{text}（{DEMO_LABEL}，第{n}件）",
            place=f"{place}{n}号" if n % 3 else place + f"附近第{n}处",
            category=category,
            noise_source=noise,
            district=district,
            latitude=Decimal("41.100000") + Decimal(n) / 1000,
            longitude=Decimal("123.000000") + Decimal(n) / 1000,
            **_contact(city, n),
        )
    by = city.people["citizen"] if channel == "portal" else desk
    return services.complaint_submit(data=data, by=by, notify=False)


def _duplicates_and_repeat(city: DemoCity, enterprises: list[Any], desk: Any) -> None:
    """华信 (the complaint-match examples): one complaint, two duplicates written
    differently, and a repeat visit on a case already closed."""
    if not enterprises:
        return
    huaxin = enterprises[0]
    first = services.complaint_submit(
        data=services.ComplaintData(
            channel="phone_12369",
            text=f"华信化工厂晚上排放刺鼻气味，味道特别大（{DEMO_LABEL}）",
            place=huaxin.address,
            enterprise=huaxin,
            category="air",
            contact_name="周女士",
            contact_phone="13900009001",
        ),
        by=desk,
        notify=False,
    )
    for text, name in (
        ("華信化工夜裡排放廢氣，熏得人頭疼", "華信化工"),
        ("我在这个厂上班，车间废气不经处理直接排放，气味刺鼻", "华信精细化工"),
    ):
        services.complaint_submit(
            data=services.ComplaintData(
                channel="wechat",
                text=f"{text}（{DEMO_LABEL}）",
                place="胜利路",
                enterprise_name=name,
                anonymous=True,
            ),
            by=desk,
            notify=False,
        )
    city.shared["complaint_huaxin"] = first
    xingda = enterprises[1]
    closed = services.complaint_submit(
        data=services.ComplaintData(
            channel="hotline_12345",
            channel_reference="SL-XD-1",
            received_at=timezone.now() - timedelta(days=40),
            text=f"兴达搅拌站粉尘太大，附近车上全是灰（{DEMO_LABEL}）",
            place=xingda.address,
            enterprise=xingda,
            category="air",
            anonymous=True,
        ),
        by=desk,
        notify=False,
    )
    _close(city, closed, unit=city.units.get("sub-210303"), satisfaction="satisfied")
    services.complaint_submit(
        data=services.ComplaintData(
            channel="platform_12369",
            channel_reference="SL-XD-2",
            text=f"兴达搅拌站装料扬尘又很大，上次反映后没几天又这样（{DEMO_LABEL}）",
            place=xingda.address,
            enterprise_name="兴达搅拌站",
            category="air",
            anonymous=True,
        ),
        by=desk,
        notify=False,
    )


def _close(
    city: DemoCity, complaint: Complaint, *, unit: Any, satisfaction: str = ""
) -> None:
    desk = city.people["emergency"]
    staff = city.people["tiexi-staff"] if unit and unit.code == "sub-210303" else desk
    unit = unit or desk.unit
    services.complaint_accept(complaint=complaint, by=desk)
    services.complaint_dispatch(
        complaint=complaint,
        orders=[
            services.DispatchOrder(
                unit=unit,
                kind="sub_bureau" if unit.kind == "sub_bureau" else "section",
                days=15,
                lead=True,
            )
        ],
        by=desk,
    )
    dispatch = complaint.dispatches.get()
    services.dispatch_feedback(
        dispatch=dispatch,
        feedback=f"现场核查属实，已责令整改（{DEMO_LABEL}）",
        finding="true",
        by=staff,
    )
    services.complaint_handle(
        complaint=complaint,
        by=desk,
        survey=f"执法人员现场检查，情况属实（{DEMO_LABEL}）",
        finding="true",
        measures="责令立即整改，覆盖料堆、安装喷淋",
    )
    method = "written" if complaint.wants_written_reply else "phone"
    services.complaint_reply(
        complaint=complaint,
        by=desk,
        reply_text=f"经查属实，已责令企业整改并复查（{DEMO_LABEL}）",
        reply_method=method,
        no_enforcement_reason=f"企业已按要求整改到位，未发现应予立案的违法行为（{DEMO_LABEL}）",
    )
    if satisfaction:
        services.complaint_rate(complaint=complaint, satisfaction=satisfaction, by=desk)


def _advance(city: DemoCity, made: list[Complaint]) -> None:
    """Move the complaints along so every state has some."""
    desk = city.people["emergency"]
    open_ones = [c for c in made if c.status == Complaint.Status.RECEIVED]
    plan = [
        "received",
        "accepted",
        "dispatched",
        "handled",
        "closed",
        "closed",
        "not_accepted",
        "closed",
    ]
    # Units whose demo staff answer their dispatches.
    units = [
        city.units.get("sub-210302"),
        city.units.get("team"),
        city.units.get("sub-210303"),
    ]
    department = city.units.get("dept-zhifa")
    for index, complaint in enumerate(open_ones):
        target = plan[index % len(plan)]
        if target == "received":
            continue
        if target == "not_accepted":
            services.complaint_reject(
                complaint=complaint,
                by=desk,
                reason="属于施工噪声或社会生活噪声，行政处罚权由城市管理综合行政执法部门集中行使",
                redirect_to=complaint.redirect_to or "鞍山市城市管理综合行政执法局",
            )
            continue
        services.complaint_accept(complaint=complaint, by=desk)
        if target == "accepted":
            continue
        unit = units[index % len(units)] or desk.unit
        assert unit is not None
        kind = "team" if unit.kind == "team" else "sub_bureau"
        orders = [services.DispatchOrder(unit=unit, kind=kind, days=20, lead=True)]
        if department is not None and complaint.noise_source in (
            "construction",
            "social",
        ):
            orders.append(
                services.DispatchOrder(unit=department, kind="department", days=10)
            )
        services.complaint_dispatch(complaint=complaint, orders=orders, by=desk)
        if target == "dispatched":
            continue
        for dispatch in complaint.dispatches.all():
            responder = _responder(city, dispatch.unit)
            services.dispatch_feedback(
                dispatch=dispatch,
                feedback=f"已到现场调查处理（{DEMO_LABEL}）",
                finding=["true", "partly", "false"][index % 3],
                by=responder,
            )
        services.complaint_handle(
            complaint=complaint,
            by=desk,
            survey=f"承办单位现场调查（{DEMO_LABEL}）",
            finding=["true", "partly", "false"][index % 3],
            measures="依法处理，责令整改",
        )
        if target == "handled":
            continue
        services.complaint_reply(
            complaint=complaint,
            by=desk,
            reply_text=f"已依法处理，感谢您的监督（{DEMO_LABEL}）",
            reply_method="written" if complaint.wants_written_reply else "phone",
            no_enforcement_reason=f"经核查未发现应予立案的违法行为（{DEMO_LABEL}）",
        )
        services.complaint_rate(
            complaint=complaint,
            satisfaction=["satisfied", "basic", "unsatisfied", "unreachable"][
                index % 4
            ],
            by=desk,
        )
    services.revisits_draw(month=timezone.localdate().replace(day=1))


def _responder(city: DemoCity, unit: Any) -> Any:
    for key in ("tiedong-staff", "officer-1", "department", "tiexi-staff", "emergency"):
        person = city.people.get(key)
        if person is not None and person.unit_id == unit.pk:
            return person
    return city.people["emergency"]


def _receptions(city: DemoCity) -> None:
    by = city.people["emergency"]
    today = timezone.localdate()
    plan = [
        ("rota_8890", city.people["coordination"], "鞍山市8890便民服务平台", 3),
        ("leader_reception", city.people["leader"], "市生态环境局信访接待室", 10),
        ("sub_bureau_visit", city.people["tiedong-head"], "铁东区信访局", 12),
    ]
    for kind, person, place, days in plan:
        services.reception_schedule(
            kind=kind,
            scheduled_on=today + timedelta(days=days),
            person=person,
            place=place,
            by=by,
        )
    done = services.reception_schedule(
        kind="leader_reception",
        scheduled_on=today - timedelta(days=5),
        person=city.people["leader"],
        place="市生态环境局信访接待室",
        by=by,
    )
    services.reception_record(
        event=done,
        summary=f"接待群众3批5人次，受理投诉2件，当场答复1件（{DEMO_LABEL}）",
        by=by,
    )
    assert done.status == ReceptionEvent.Status.DONE


def _follow_up_and_messages(city: DemoCity, made: list[Complaint]) -> None:
    """A tracked follow-up on the most complained-about enterprise (A82), and the
    Weibo / WeChat messages assigned to the district's sub-bureau (A89)."""
    desk = city.people["emergency"]
    named = [c for c in made if c.enterprise_name]
    head = city.people["tiedong-head"]
    if named and head.unit is not None:
        name = max(
            {c.enterprise_name for c in named},
            key=lambda n: sum(1 for c in named if c.enterprise_name == n),
        )
        services.follow_up_open(
            title=f"群众反映集中问题：{name}（{DEMO_LABEL}）",
            dimension="enterprise",
            hotspot=name,
            unit=head.unit,
            requirement=f"查明群众反映问题的原因，督促企业整改，每周报告进展（{DEMO_LABEL}）",
            days=15,
            by=desk,
            complaints=[c for c in named if c.enterprise_name == name],
        )
    for complaint in made:
        if complaint.is_message and head.unit is not None:
            services.message_assign(complaint=complaint, unit=head.unit, by=desk)
