"""Demo step: the demo city's grid (示例数据), built through the services.

Cells for every division with drawn rectangular boundaries (marked 示意边界), the
five fixes (duties from seed 002 四(三)2), first responsible persons and officers,
responsibility letters, a key unit grid with its three-in-one supervision network,
every enterprise's class, officers' calendars, patrols with photos, problems
reported, handled and transferred, a committed and published double-random draw,
三同时 projects, a joint meeting, a campaign, training and an evaluation. Names
and phone numbers are invented.
"""

from __future__ import annotations

import base64
import math
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ecobureau.accounts import services as account_services
from ecobureau.accounts.models import DepartmentDuty, Unit, User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Approval
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.enterprises.demo import AREAS
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import geo

from . import selectors, services
from .models import (
    Campaign,
    EnterpriseSupervision,
    GridCell,
    GridMember,
    InspectionTask,
    Patrol,
    Problem,
    Project,
    ProjectEvent,
)

ORDER = 45  # after the enterprises (20), before casework's follow-ups (90)

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹")
GIVEN = ["建国", "志刚", "秀兰", "海燕", "立新", "春雨", "德福", "晓光", "玉梅", "振华"]
# A 1×1 PNG standing in for a patrol photo.
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
DEMO_BOUNDARY = f"示意边界（{DEMO_LABEL}），非真实行政区划边界"


def build(city: DemoCity) -> None:
    admin = city.people["admin"]
    services.cells_build(by=admin)
    cells = {
        cell.division.code: cell
        for cell in GridCell.objects.select_related("division", "parent")
    }
    _boundaries(city, cells, admin)
    _fixes_and_people(city, cells, admin)
    officers = _accounts(city, cells, admin)
    _letters(city, cells, admin)
    key_area = _key_area(city, cells, admin)
    _classes(city, officers)
    _patrols_and_problems(city, cells, officers)
    _draw(city, officers)
    _projects(city)
    _coordination(city, cells, key_area)
    _reports_and_rural(city, cells)
    city.shared["grid_cells"] = cells


# --- Cells -------------------------------------------------------------------------


def _boundaries(city: DemoCity, cells: dict[str, GridCell], by: User) -> None:
    """Rectangles around each area's demo centre, split among its townships."""
    boxes: list[tuple[float, float, float, float]] = []
    for code, (_share, lat, lng) in AREAS.items():
        cell = cells.get(code)
        if cell is None:
            continue
        west, east = float(lng) - 0.06, float(lng) + 0.06
        south, north = float(lat) - 0.045, float(lat) + 0.045
        boxes.append((west, south, east, north))
        _set(cell, geo.rectangle(west, south, east, north), by)
        townships = [c for c in cells.values() if c.parent_id == cell.pk]
        townships.sort(key=lambda c: c.code)
        if not townships:
            continue
        cols = math.ceil(math.sqrt(len(townships)))
        rows = math.ceil(len(townships) / cols)
        width, height = (east - west) / cols, (north - south) / rows
        for n, township in enumerate(townships):
            row, col = divmod(n, cols)
            _set(
                township,
                geo.rectangle(
                    west + col * width,
                    north - (row + 1) * height,
                    west + (col + 1) * width,
                    north - row * height,
                ),
                by,
            )
    city_cell = next(c for c in cells.values() if c.level == 1)
    _set(
        city_cell,
        geo.rectangle(
            min(b[0] for b in boxes) - 0.05,
            min(b[1] for b in boxes) - 0.05,
            max(b[2] for b in boxes) + 0.05,
            max(b[3] for b in boxes) + 0.05,
        ),
        by,
    )


def _set(cell: GridCell, geometry: dict[str, Any], by: User) -> None:
    services.cell_set_boundary(
        cell=cell, geometry=geometry, is_demo=True, source=DEMO_BOUNDARY, by=by
    )


def _duties(code: str) -> str:
    return "\n".join(
        DepartmentDuty.objects.filter(unit__code=code)
        .order_by("sort_order")
        .values_list("text", flat=True)
    )


def _person(city: DemoCity) -> str:
    return city.rng.choice(SURNAMES) + city.rng.choice(GIVEN)


def _phone(city: DemoCity) -> str:
    return f"0412-55{city.rng.randint(10000, 99999)}"


def _fixes_and_people(city: DemoCity, cells: dict[str, GridCell], by: User) -> None:
    township_duties = _duties("duties-township")
    county_duties = _duties("duties-county-gov")
    tiedong = cells["210302"]
    for cell in sorted(cells.values(), key=lambda c: c.code):
        duties = township_duties if cell.level == 3 else county_duties
        services.cell_update(
            cell=cell,
            values={
                "area_text": f"{cell.division.name}行政区域（{DEMO_LABEL}）",
                "duties_text": duties or "按盘政办发〔2015〕141号四(三)履行网格职责",
                "tasks_text": (
                    "辖区排污单位、建设项目、饮用水水源地和农村环境全覆盖巡查；"
                    f"发现环境违法行为及时制止、上报（{DEMO_LABEL}）"
                ),
                "rewards_text": (
                    "网格运行情况纳入年度考核；工作不力、推诿扯皮的依法依纪问责"
                    f"（{DEMO_LABEL}）"
                ),
            },
            by=by,
        )
        chief = (
            "市长" if cell.level == 1 else ("主任" if cell.level == 3 else "区（县）长")
        )
        services.member_add(
            cell=cell,
            data=services.MemberData(
                role=GridMember.Role.FIRST_RESPONSIBLE,
                name=_person(city),
                title=f"{cell.division.name}{chief}",
                phone=_phone(city),
                since=date(2026, 1, 1),
            ),
            by=by,
        )
        # Townships of the demo districts get their grid officers; about one in
        # five has only one, which the C19 check flags.
        if cell.level == 3 and cell.parent_id != tiedong.pk:
            officers = 1 if city.rng.random() < 0.1 else 2
            for _ in range(officers):
                services.member_add(
                    cell=cell,
                    data=services.MemberData(
                        role=GridMember.Role.OFFICER,
                        name=_person(city),
                        title="网格员",
                        phone=_phone(city),
                        since=date(2026, 1, 1),
                    ),
                    by=by,
                )
    for cell in [
        cells["210300"],
        tiedong,
        *(c for c in cells.values() if c.parent_id == tiedong.pk),
    ]:
        services.cell_publish(cell=cell, by=by)


def _accounts(city: DemoCity, cells: dict[str, GridCell], by: User) -> dict[str, Any]:
    """Grid officers with accounts in 铁东区, and credentialed inspectors."""
    tiedong_townships = sorted(
        (c for c in cells.values() if c.parent_id == cells["210302"].pk),
        key=lambda c: c.code,
    )
    grid_users: list[tuple[User, GridCell]] = [
        (city.people["grid"], tiedong_townships[0])
    ]
    # demo-grid-2 is 站前街道's second officer (seed 002 六(一)3: at least two) and
    # may log in; the officers of the next two townships get accounts with no
    # password (an administrator sets one): each PBKDF2 round costs a second.
    for n, cell in enumerate(tiedong_townships[:3]):
        unit = Unit.objects.filter(code=f"gov-{cell.division.code}").first()
        user = account_services.user_create(
            username=f"demo-grid-{n + 2}",
            password=city.password if n == 0 else None,
            kind=User.Kind.STAFF,
            full_name=_person(city),
            by=by,
            unit=unit,
            role_codes=["grid_officer"],
            scope=User.Scope.DIVISION,
            scope_division=cell.division,
            title=f"{cell.division.name}网格员",
        )
        if n == 0:
            city.logins.append(
                (user.username, "grid_officer", f"{cell.division.name}网格员")
            )
        grid_users.append((user, cell))
    for user, cell in grid_users:
        services.member_add(
            cell=cell,
            data=services.MemberData(
                role=GridMember.Role.OFFICER,
                name=user.display_name,
                title="网格员",
                phone=_phone(city),
                user=user,
                since=date(2026, 1, 1),
            ),
            by=by,
        )
    for cell in tiedong_townships[1:]:
        # Every 铁东 township has at least two (六(一)3); the first has two accounts.
        extra = 1 if cell in tiedong_townships[1:3] else 2
        for _ in range(extra):
            services.member_add(
                cell=cell,
                data=services.MemberData(
                    role=GridMember.Role.OFFICER,
                    name=_person(city),
                    title="网格员",
                    phone=_phone(city),
                    since=date(2026, 1, 1),
                ),
                by=by,
            )
    inspectors = [
        city.people["team-head"],
        city.people["officer-1"],
        city.people["officer-2"],
    ]
    for n in range(3, 9):
        user = account_services.user_create(
            username=f"demo-officer-{n}",
            password=None,  # in the inspector pool; no log-in needed for the demo
            kind=User.Kind.STAFF,
            full_name=_person(city),
            by=by,
            unit=city.units["team"],
            role_codes=["enforcement_officer"],
            scope=User.Scope.CITY,
            title="执法人员",
        )
        inspectors.append(user)
    # accounts offers no service for the credential number yet (kept in the admin
    # page); the demo writes the example numbers directly.
    for n, user in enumerate(inspectors, start=1):
        User.objects.filter(pk=user.pk).update(credential_no=f"210300{n:05d}")
        user.credential_no = f"210300{n:05d}"
    return {"grid": grid_users, "inspectors": inspectors}


def _letters(city: DemoCity, cells: dict[str, GridCell], by: User) -> None:
    """2026 letters: the city with each district, 铁东区 with its townships."""
    today = timezone.localdate()
    for cell in sorted(cells.values(), key=lambda c: c.code):
        if cell.parent is None or cell.kind != GridCell.Kind.ADMINISTRATIVE:
            continue
        if cell.level == 3 and cell.district_id != cells["210302"].pk:
            continue
        letter = services.letter_create(
            year=2026,
            upper_cell=cell.parent,
            lower_cell=cell,
            tasks="辖区排污单位巡查全覆盖；问题发现后及时上报、移交；按时报送网格运行情况",
            rewards_penalties="年度评价优秀的通报表扬；发生重大环境问题的依法依纪问责",
            by=by,
        )
        if city.rng.random() < 0.8:
            services.letter_sign(
                letter=letter,
                upper_signatory=_person(city),
                lower_signatory=_person(city),
                signed_on=min(today, date(2026, 2, 28)),
                by=by,
            )


def _key_area(city: DemoCity, cells: dict[str, GridCell], by: User) -> GridCell:
    """A key unit grid the city supervises itself: dense polluters in 铁西区."""
    tiexi = cells["210303"]
    lat, lng = float(AREAS["210303"][1]), float(AREAS["210303"][2])
    grid = services.unit_grid_create(
        data=services.UnitGridData(
            name="铁西工业集中区重点监管单元网格",
            code="G210303-K01",
            kind=GridCell.Kind.KEY_AREA,
            parent=tiexi,
            supervising_level=GridCell.Level.CITY,
            key_reason=GridCell.KeyReason.DENSE,
            area_text=f"铁西区工业集中区及周边500米（{DEMO_LABEL}）",
        ),
        by=by,
    )
    services.cell_set_boundary(
        cell=grid,
        geometry=geo.rectangle(lng - 0.02, lat - 0.015, lng + 0.02, lat + 0.015),
        is_demo=True,
        source=DEMO_BOUNDARY,
        by=by,
    )
    services.cell_update(
        cell=grid,
        values={
            "sensitive_receptors": f"北侧居民小区2处、小学1所（{DEMO_LABEL}）",
            "water_bodies": f"南沙河（{DEMO_LABEL}）",
            "monitoring_network": "重点企业污染源自动监控；2家企业厂界监控；区域空气自动站1座；3家企业废气治理工艺参数在线监控",
        },
        by=by,
    )
    for role, org in (
        (GridMember.Role.AREA_SUPERVISOR, "铁西分局"),
        (GridMember.Role.PUBLIC_SUPERVISOR, "兴盛社区"),
        (GridMember.Role.PUBLIC_SUPERVISOR, "南沙河村"),
    ):
        services.member_add(
            cell=grid,
            data=services.MemberData(
                role=role,
                name=_person(city),
                phone=_phone(city),
                organisation=org,
                publish=role == GridMember.Role.AREA_SUPERVISOR,
                since=date(2026, 3, 1),
            ),
            by=by,
        )
    return grid


# --- Classes, calendars, violations -------------------------------------------------


def _classes(city: DemoCity, officers: dict[str, Any]) -> None:
    admin, head = city.people["admin"], city.people["team-head"]
    services.supervision_sync(by=admin)
    enterprises: list[Enterprise] = city.shared.get("enterprises", [])
    today = timezone.localdate()
    for enterprise in enterprises[20:30]:
        services.violation_record(
            enterprise=enterprise,
            occurred_on=today - timedelta(days=city.rng.randint(60, 900)),
            description=f"超标排放大气污染物（{DEMO_LABEL}）",
            by=admin,
            source=("demo", enterprise.credit_code),
        )
    rows = list(
        EnterpriseSupervision.objects.filter(klass__in=["C", "B"])
        .select_related("enterprise")
        .order_by("enterprise_id")[:60]
    )
    inspectors = officers["inspectors"]
    for n, row in enumerate(rows):
        services.officer_assign(
            supervision=row, officer=inspectors[n % len(inspectors)], by=head
        )
    if rows:
        services.class_override(
            supervision=rows[-1],
            klass="C",
            reason=f"紧邻居民区，近期投诉集中（{DEMO_LABEL}）",
            by=head,
        )
    city.shared["grid_inspectors"] = inspectors


def _patrols_and_problems(
    city: DemoCity, cells: dict[str, GridCell], officers: dict[str, Any]
) -> None:
    now = timezone.now()
    staff, leader = city.people["tiedong-head"], city.people["tiedong-staff"]
    department = Unit.objects.filter(code="dept-zhifa").first()
    patrols: list[Patrol] = []
    for n in range(24):
        user, cell = officers["grid"][n % len(officers["grid"])]
        found = n % 4 == 0
        checklist = "rural" if n % 5 == 0 else "general"
        items = _checklist_items(checklist)
        answers = dict.fromkeys(items, "ok")
        if found:
            answers[items[1]] = "problem"
        west, south, east, north = geo.bbox(
            cell.boundary or geo.rectangle(123, 41, 123.01, 41.01)
        )
        position = services.Position(
            Decimal(f"{(south + north) / 2:.6f}"),
            Decimal(f"{(west + east) / 2:.6f}"),
            15,
        )
        patrols.append(
            services.patrol_record(
                data=services.PatrolData(
                    cell=cell,
                    kind="straw" if checklist == "rural" else "routine",
                    started_at=now - timedelta(days=n, hours=city.rng.randint(1, 6)),
                    place=f"{cell.division.name}第{n % 7 + 1}巡查片区（{DEMO_LABEL}）",
                    checklist_code=checklist,
                    answers=answers,
                    findings=f"发现可见烟尘排放（{DEMO_LABEL}）" if found else "",
                    position=position,
                ),
                by=user,
                photos=[_photo(n)] if found else [],
            )
        )
    problems: list[Problem] = []
    for n, patrol in enumerate(p for p in patrols if p.problem_found):
        problems.append(
            services.problem_report(
                data=services.ProblemData(
                    cell=patrol.cell,
                    category=Problem.Category.BURNING
                    if n % 2
                    else Problem.Category.AIR,
                    description=f"{patrol.findings}，已当场劝阻",
                    place=patrol.place,
                    stopped=True,
                    position=services.Position(patrol.latitude, patrol.longitude)
                    if patrol.latitude is not None and patrol.longitude is not None
                    else None,
                    patrol=patrol,
                ),
                by=patrol.officer,
                photos=[_photo(100 + n)],
            )
        )
    # The district works through them: accept, transfer, answer, close.
    if len(problems) >= 4 and department is not None:
        services.problem_act(problem=problems[0], transition="accept", by=staff)
        services.problem_act(
            problem=problems[0],
            transition="close",
            by=staff,
            result=f"经核查系居民燃放，已教育劝导（{DEMO_LABEL}）",
        )
        services.problem_act(problem=problems[1], transition="accept", by=staff)
        transfer = services.transfer_send(
            problem=problems[1],
            department=department,
            request=f"露天焚烧垃圾，请依职责查处并反馈（{DEMO_LABEL}）",
            limit_workdays=5,
            by=leader,
        )
        services.transfer_answer(
            transfer=transfer,
            feedback=f"已责令清理焚烧残留物并处罚款（{DEMO_LABEL}）",
            by=city.people["department"],
        )
        services.transfer_review(transfer=transfer, accept=True, note="", by=leader)
        services.problem_act(
            problem=problems[1],
            transition="close",
            by=leader,
            result=f"综合执法部门已查处（{DEMO_LABEL}）",
        )
        services.problem_act(problem=problems[2], transition="accept", by=staff)
        services.transfer_send(
            problem=problems[2],
            department=department,
            request=f"夜间露天烧烤油烟，请依职责查处并反馈（{DEMO_LABEL}）",
            limit_workdays=3,
            by=leader,
        )


def _checklist_items(code: str) -> tuple[str, ...]:
    from .checklists import CHECKLISTS

    return CHECKLISTS[code].items


def _photo(n: int) -> SimpleUploadedFile:
    # Each photo differs by its trailing bytes so each is its own blob.
    return SimpleUploadedFile(f"巡查照片{n}.png", PHOTO + bytes([n % 256]), "image/png")


# --- The draw ------------------------------------------------------------------------


def _draw(city: DemoCity, officers: dict[str, Any]) -> None:
    head, leader = city.people["team-head"], city.people["leader"]
    inspectors: list[User] = officers["inspectors"]
    enterprises: list[Enterprise] = city.shared.get("enterprises", [])
    listed = selectors.listed_enterprise_ids()
    if enterprises:
        services.conflict_declare(
            inspector=inspectors[1],
            enterprise=enterprises[0],
            reason=f"近亲属在该企业任职（{DEMO_LABEL}）",
            by=head,
        )
    listed_enterprise = next((e for e in enterprises if e.pk in listed), None)
    if listed_enterprise is not None:
        request = services.listed_request_create(
            enterprise=listed_enterprise,
            year=2026,
            reason=f"群众多次反映夜间异味，需现场核实（{DEMO_LABEL}）",
            by=inspectors[1],
        )
        approval = Approval.objects.get(
            target_type="grid.listedcheckrequest", target_id=request.pk
        )
        casework_services.approval_review(
            approval=approval, opinion="同意提请", by=leader
        )
        approval.refresh_from_db()
        casework_services.approval_decide(
            approval=approval, decision="approve", opinion="同意现场检查", by=head
        )
    today = timezone.localdate()
    policies = selectors.policies()
    draw = services.draw_commit(
        spec=services.DrawSpec(
            title=f"2026年第四季度双随机抽查（{DEMO_LABEL}）",
            year=2026,
            division=city.divisions["210300"],
            due_by=today + timedelta(days=30),
            percents={k: policies[k].draw_percent for k in ("A", "B", "C")},
            team_size=2,
        ),
        by=head,
    )
    services.draw_execute(
        draw=draw, public_entropy=f"2026-11-20 体彩排列三 518（{DEMO_LABEL}）", by=head
    )
    for task in InspectionTask.objects.filter(draw=draw).order_by("pk")[:5]:
        inspector = task.inspectors.order_by("pk").first()
        if inspector is None:
            continue
        services.task_complete(
            task=task,
            done_on=today,
            result=f"现场检查未发现环境违法行为（{DEMO_LABEL}）",
            by=inspector,
        )
    services.draw_commit(
        spec=services.DrawSpec(
            title=f"2026年12月专项抽查（{DEMO_LABEL}）",
            year=2026,
            division=city.divisions["210303"],
            due_by=today + timedelta(days=40),
            percents={"C": Decimal(50), "B": Decimal(0), "A": Decimal(0)},
            team_size=2,
        ),
        by=head,
    )


# --- 三同时, coordination -----------------------------------------------------------


def _projects(city: DemoCity) -> None:
    officer = city.people["tiedong-staff"]
    enterprises = [
        e for e in city.shared.get("enterprises", []) if e.district.code == "210302"
    ][:4]
    today = timezone.localdate()
    plans = [
        (
            "焦炉煤气脱硫改造工程",
            Project.Track.KEY,
            True,
            200,
            Project.Phase.CONSTRUCTION,
        ),
        ("废水深度处理回用项目", Project.Track.KEY, False, 120, Project.Phase.TRIAL),
        ("职工宿舍楼建设项目", Project.Track.SIMPLE, False, 90, Project.Phase.DESIGN),
        ("除尘系统升级改造", Project.Track.KEY, True, 420, Project.Phase.ACCEPTED),
    ]
    for enterprise, (name, track, supervision, days, phase) in zip(
        enterprises, plans, strict=False
    ):
        approved = today - timedelta(days=days)
        project = services.project_create(
            data=services.ProjectData(
                name=f"{name}（{DEMO_LABEL}）",
                enterprise=enterprise,
                eia_approval_no=f"鞍环审〔2026〕{city.rng.randint(10, 99)}号",
                eia_approved_on=approved,
                track=track,
                needs_supervision=supervision,
                supervision_org="示例环境监理有限公司" if supervision else "",
            ),
            by=officer,
        )
        if phase == Project.Phase.DESIGN:
            continue
        services.project_event_add(
            project=project,
            kind=ProjectEvent.Kind.PHONE_CHECK,
            on=approved + timedelta(days=30),
            summary="电话询问：治理设施尚未开工",
            by=officer,
        )
        services.project_advance(
            project=project,
            phase=Project.Phase.CONSTRUCTION,
            on=approved + timedelta(days=45),
            works_started=True,
            by=officer,
        )
        if phase in (Project.Phase.TRIAL, Project.Phase.ACCEPTED):
            services.project_advance(
                project=project,
                phase=Project.Phase.TRIAL,
                on=approved + timedelta(days=days - 40),
                by=officer,
            )
        if phase == Project.Phase.ACCEPTED:
            services.project_advance(
                project=project,
                phase=Project.Phase.ACCEPTED,
                on=approved + timedelta(days=days - 10),
                by=officer,
            )


def _coordination(
    city: DemoCity, cells: dict[str, GridCell], key_area: GridCell
) -> None:
    coordination = city.people["coordination"]
    leader = city.people["leader"]
    city_cell = cells["210300"]
    today = timezone.localdate()
    held = services.meeting_schedule(
        cell=city_cell,
        title=f"2026年上半年网格化环境监管联席会议（{DEMO_LABEL}）",
        scheduled_on=date(2026, 6, 18),
        convener="领导小组组长",
        agenda="通报网格运行情况；部署夏季臭氧污染防治和汛期水环境监管",
        by=coordination,
    )
    departments = list(Unit.objects.filter(code__in=["dept-zhujian", "dept-zhifa"]))
    services.meeting_record(
        meeting=held,
        held_on=date(2026, 6, 18),
        decisions="各成员单位按职责开展夏季专项检查；建立问题移交台账",
        tasks=[
            services.TaskData(
                unit=unit, task="开展辖区扬尘、油烟专项检查", due_on=date(2026, 8, 31)
            )
            for unit in departments
        ],
        by=coordination,
    )
    services.meeting_schedule(
        cell=city_cell,
        title=f"2026年下半年网格化环境监管联席会议（{DEMO_LABEL}）",
        scheduled_on=max(today, date(2026, 12, 18)),
        convener="领导小组副组长（受组长委托）",
        agenda="网格年度评价；秋冬季大气污染防治",
        by=coordination,
    )
    enterprises = [
        e for e in city.shared.get("enterprises", []) if e.district.code == "210303"
    ][:5]
    campaign = services.campaign_create(
        data=services.CampaignData(
            cell=city_cell,
            name=f"国庆期间大气污染防治联合执法（{DEMO_LABEL}）",
            kind=Campaign.Kind.HOLIDAY,
            scope="铁西工业集中区重点企业、建筑工地扬尘",
            starts_on=date(2026, 9, 28),
            ends_on=date(2026, 10, 8),
            departments=departments,
            enterprises=enterprises,
        ),
        by=leader,
    )
    services.campaign_conclude(
        campaign=campaign,
        results=f"检查企业{len(enterprises)}家、工地6处，发现问题3个，均已整改（{DEMO_LABEL}）",
        publish=True,
        by=leader,
    )
    township = cells.get("210302001")
    grid_user = city.people["grid"]
    if township is not None:
        services.training_record(
            cell=township,
            held_on=date(2026, 4, 15),
            subject="网格巡查要点、问题上报与移交流程",
            attendees=[grid_user],
            by=city.people["admin"],
        )
        evaluation = services.evaluation_self(
            cell=township,
            year=2025,
            grade="good",
            comment=f"全年巡查正常开展，问题均按时上报（{DEMO_LABEL}）",
            by=city.people["township"],
        )
        services.evaluation_upper(
            evaluation=evaluation,
            grade="good",
            comment=f"运行良好；网格员配备需保持2人以上（{DEMO_LABEL}）",
            by=city.people["tiedong-head"],
        )


def _reports_and_rural(city: DemoCity, cells: dict[str, GridCell]) -> None:
    """铁东区 files last month's work report to the city (C22) and hands its first
    township this year's rural improvement targets (D18)."""
    head = city.people["tiedong-head"]
    today = timezone.localdate()
    year, month = (
        (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    )
    district = cells["210302"]
    report = services.work_report_prepare(
        cell=district, year=year, month=month, by=head
    )
    services.work_report_submit(
        report=report,
        summary=f"组织辖区网格开展日常巡查和秸秆禁烧巡查，问题按时限上报办理（{DEMO_LABEL}）",
        issues=f"部分街道网格员不足2人（{DEMO_LABEL}）",
        next_plan=f"开展冬季燃煤散烧专项巡查（{DEMO_LABEL}）",
        by=head,
    )
    township = sorted(
        (c for c in cells.values() if c.parent_id == district.pk), key=lambda c: c.code
    )[0]
    for title, target, weight in (
        ("农村生活污水治理", "完成2个行政村生活污水收集处理设施建设", 40),
        ("农村生活垃圾治理", "生活垃圾收运处置体系覆盖全部行政村", 30),
        ("秸秆禁烧", "辖区内无卫星遥感火点", 30),
    ):
        services.rural_target_set(
            data=services.TargetData(
                cell=township,
                year=today.year,
                title=title,
                target=f"{target}（{DEMO_LABEL}）",
                weight=weight,
                responsible_name=_person(city),
                responsible_post="街道办事处主任",
            ),
            by=head,
        )
