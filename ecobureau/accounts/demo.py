"""Demo step: a persona for every role (示例账号)."""

from ecobureau.demo.city import DemoCity

from . import services
from .models import Unit, User

ORDER = 10

# (key, username, name, roles, unit code, scope, division code, title)
STAFF = [
    (
        "admin",
        "demo-admin",
        "系统管理员",
        ["system_admin"],
        "office",
        "city",
        None,
        "系统管理员",
    ),
    (
        "leader",
        "demo-leader",
        "王建国",
        ["bureau_leader"],
        "bureau",
        "city",
        None,
        "局长",
    ),
    (
        "legal",
        "demo-legal",
        "周明华",
        ["legal_reviewer"],
        "legal",
        "city",
        None,
        "法制科科长",
    ),
    (
        "coordination",
        "demo-coordination",
        "陈晓燕",
        ["section_staff"],
        "coordination",
        "city",
        None,
        "综合协调科科员",
    ),
    (
        "air-head",
        "demo-air-head",
        "刘志强",
        ["section_head", "forecaster"],
        "air",
        "city",
        None,
        "大气环境科科长",
    ),
    (
        "team-head",
        "demo-team-head",
        "赵国栋",
        ["enforcement_head"],
        "team",
        "city",
        None,
        "执法队队长",
    ),
    (
        "officer-1",
        "demo-officer-1",
        "孙立新",
        ["enforcement_officer"],
        "team",
        "city",
        None,
        "执法人员",
    ),
    (
        "officer-2",
        "demo-officer-2",
        "吴海涛",
        ["enforcement_officer"],
        "team",
        "city",
        None,
        "执法人员",
    ),
    (
        "tiedong-head",
        "demo-tiedong-head",
        "李春雷",
        ["sub_bureau_head"],
        "sub-210302",
        "division",
        "210302",
        "铁东分局局长",
    ),
    (
        "tiedong-staff",
        "demo-tiedong-staff",
        "张丽娜",
        ["sub_bureau_staff"],
        "sub-210302",
        "division",
        "210302",
        "铁东分局科员",
    ),
    (
        "tiexi-head",
        "demo-tiexi-head",
        "郑文博",
        ["sub_bureau_head"],
        "sub-210303",
        "division",
        "210303",
        "铁西分局局长",
    ),
    (
        "tiexi-staff",
        "demo-tiexi-staff",
        "黄小梅",
        ["sub_bureau_staff"],
        "sub-210303",
        "division",
        "210303",
        "铁西分局科员",
    ),
    (
        "haicheng-staff",
        "demo-haicheng-staff",
        "马德胜",
        ["sub_bureau_staff"],
        "sub-210381",
        "division",
        "210381",
        "海城分局科员",
    ),
    (
        "monitoring",
        "demo-monitoring",
        "何静",
        ["monitoring_staff"],
        "monitoring-centre",
        "city",
        None,
        "监测中心工程师",
    ),
    (
        "service",
        "demo-service",
        "林悦",
        ["service_staff"],
        "service-centre",
        "city",
        None,
        "政务服务窗口",
    ),
    (
        "reward",
        "demo-reward",
        "许文",
        ["reward_handler"],
        "enforcement-section",
        "city",
        None,
        "举报奖励经办人",
    ),
    (
        "emergency",
        "demo-emergency",
        "高远",
        ["emergency_staff"],
        "emergency",
        "city",
        None,
        "应急值守",
    ),
    (
        "credit",
        "demo-credit",
        "罗佳",
        ["credit_staff"],
        "coordination",
        "city",
        None,
        "信用评价",
    ),
]


def build(city: DemoCity) -> None:
    province = _unit(city, "province-dept", "辽宁省生态环境厅", Unit.Kind.PROVINCE)
    supervisors = _unit(city, "supervisors", "特邀行政执法监督员", Unit.Kind.OTHER)
    admin = None
    for key, username, name, roles, unit_code, scope, division_code, title in STAFF:
        user = services.user_create(
            username=username,
            password=city.password,
            kind=User.Kind.STAFF,
            full_name=name,
            by=admin,
            unit=city.units[unit_code],
            role_codes=roles,
            scope=scope,
            scope_division=city.divisions.get(division_code or ""),
            title=title,
        )
        if key == "admin":
            user.is_staff = user.is_superuser = (
                True  # the Django admin site, for the demo
            )
            user.save(update_fields=["is_staff", "is_superuser"])
            admin = user
        city.people[key] = user
        city.logins.append((username, "、".join(roles), title))
    _external(city, admin, province, supervisors)
    city.people["citizen"] = services.citizen_register(
        phone="13900000000", password=city.password, full_name="示例公众"
    )
    city.logins.append(("13900000000", "citizen", "公众账户"))


def _unit(city: DemoCity, code: str, name: str, kind: str) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind}
    )
    city.units[code] = unit
    return unit


def _external(
    city: DemoCity, admin: User | None, province: Unit, supervisors: Unit
) -> None:
    township = city.townships(city.divisions["210302"])[0]
    township_unit = city.units.get(f"gov-{township.code}")
    grid_unit = township_unit or city.units["sub-210302"]
    people = [
        (
            "grid",
            "demo-grid",
            "杨光",
            User.Kind.STAFF,
            ["grid_officer"],
            grid_unit,
            "division",
            township,
            f"{township.name}网格员",
        ),
        (
            "township",
            "demo-township",
            "宋建华",
            User.Kind.EXTERNAL,
            ["township_official"],
            grid_unit,
            "division",
            township,
            f"{township.name}分管负责人",
        ),
        (
            "province",
            "demo-province",
            "钱卫东",
            User.Kind.EXTERNAL,
            ["province_reviewer"],
            province,
            "own",
            None,
            "省厅审核人",
        ),
        (
            "department",
            "demo-department",
            "冯雪",
            User.Kind.EXTERNAL,
            ["department_handler"],
            city.units.get("dept-zhifa", province),
            "own",
            None,
            "部门承办人",
        ),
        (
            "supervisor",
            "demo-supervisor",
            "蒋正",
            User.Kind.EXTERNAL,
            ["enforcement_supervisor"],
            supervisors,
            "own",
            None,
            "特邀执法监督员",
        ),
    ]
    for key, username, name, kind, roles, unit, scope, division, title in people:
        city.people[key] = services.user_create(
            username=username,
            password=city.password,
            kind=kind,
            full_name=name,
            by=admin,
            unit=unit,
            role_codes=roles,
            scope=scope,
            scope_division=division,
            title=title,
        )
        city.logins.append((username, "、".join(roles), title))
