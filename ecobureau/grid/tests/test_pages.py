"""Every page of the module renders for the staff who use it, with one of each
object in the database: a view whose template is missing or broken fails here.
And the pages refuse the person who must not see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.enterprises import services as enterprise_services
from ecobureau.grid import checklists, services
from ecobureau.grid.models import Campaign, Problem, Project
from ecobureau.lib.dates import SHANGHAI

from .conftest import make_inspectors, photo

pytestmark = pytest.mark.django_db
ALL = {"A": Decimal(100), "B": Decimal(100), "C": Decimal(100)}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:30 +0800", tick=False):
        yield


@dataclass
class World:
    objects: dict[str, Any]
    people: dict[str, User]


@pytest.fixture
def world(
    cells,
    enterprises_a,
    grid_officer,
    township_official,
    district_a_leader,
    district_a_officer,
    city_leader,
    enforcement_head,
    team,
    department,
    department_handler,
) -> World:
    from ecobureau.accounts.tests.factories import role

    district_a_leader.roles.add(role("section_head"))  # manage_grid for letters
    inspectors = make_inspectors(team, 4)
    district, township = cells["210302"], cells["210302001"]
    o: dict[str, Any] = {"cell": township, "enterprise": enterprises_a[0]}
    services.supervision_sync(by=None)
    o["letter"] = services.letter_create(
        year=2026,
        upper_cell=district,
        lower_cell=township,
        tasks="辖区排污单位巡查全覆盖",
        rewards_penalties="考核优秀的通报表扬",
        by=district_a_leader,
    )
    services.training_record(
        cell=township,
        held_on=date(2026, 11, 20),
        subject="网格巡查要点与问题上报",
        attendees=[grid_officer],
        by=township_official,
    )
    o["evaluation"] = services.evaluation_self(
        cell=township,
        year=2026,
        grade="good",
        comment="全年巡查正常",
        by=township_official,
    )
    o["patrol"] = services.patrol_record(
        data=services.PatrolData(
            cell=township,
            kind="routine",
            started_at=datetime(2026, 11, 23, 9, 40, tzinfo=SHANGHAI),
            place="站前街道胜利路与建设街交口",
            checklist_code="general",
            answers=dict.fromkeys(checklists.CHECKLISTS["general"].items, "ok"),
            findings="工地裸土未苫盖",
        ),
        photos=[photo()],
        by=grid_officer,
    )
    o["problem"] = services.problem_report(
        data=services.ProblemData(
            cell=township,
            category=Problem.Category.DUST,
            description="工地裸土未苫盖，大风扬尘",
            place="站前街道胜利路与建设街交口",
            stopped=True,
        ),
        by=grid_officer,
    )
    services.problem_act(
        problem=o["problem"], transition="accept", by=district_a_leader
    )
    o["transfer"] = services.transfer_send(
        problem=o["problem"],
        department=department,
        request="请督促施工单位落实扬尘防治措施并反馈",
        limit_workdays=5,
        by=district_a_leader,
    )
    o["meeting"] = services.meeting_schedule(
        cell=cells["210300"],
        title="2026年下半年网格化环境监管联席会议",
        scheduled_on=date(2026, 12, 10),
        convener="领导小组副组长（受组长委托）",
        agenda="通报网格运行情况",
        by=city_leader,
    )
    o["campaign"] = services.campaign_create(
        data=services.CampaignData(
            cell=cells["210300"],
            name="国庆期间大气污染防治联合执法",
            kind=Campaign.Kind.HOLIDAY,
            scope="重点企业、建筑工地",
            starts_on=date(2026, 9, 25),
            ends_on=date(2026, 10, 8),
            departments=[department],
            enterprises=enterprises_a[:3],
        ),
        by=city_leader,
    )
    o["review"] = services.review_record(
        data=services.ReviewData(
            cell=cells["210302"],
            project_name="站前焦化技改项目",
            kind="polluting",
            enterprise=enterprises_a[0],
            departments=["huanbao", "fagai", "jingxin", "guotu", "guihua"],
            policy_opinion="符合产业政策",
            siting_opinion="位于化工园区内",
            conclusion="agreed",
            reviewed_on=date(2026, 11, 20),
        ),
        by=district_a_leader,
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    o["scheme"] = services.scheme_file(
        cell=township,
        title="站前街道网格化环境监管体系建设实施方案",
        issued_on=date(2026, 11, 1),
        file=SimpleUploadedFile(
            "方案.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
        ),
        by=township_official,
    )
    o["project"] = services.project_create(
        data=services.ProjectData(
            name="站前热电超低排放改造",
            enterprise=enterprises_a[0],
            eia_approval_no="鞍环审〔2026〕12号",
            eia_approved_on=date(2026, 6, 1),
            track=Project.Track.KEY,
            needs_supervision=True,
            supervision_org="示例环境监理公司",
        ),
        by=district_a_officer,
    )
    services.conflict_declare(
        inspector=inspectors[0],
        enterprise=enterprises_a[1],
        reason="近亲属在该企业任职",
        by=enforcement_head,
    )
    draw = services.draw_commit(
        spec=services.DrawSpec(
            title="2026年第四季度双随机抽查",
            year=2026,
            division=cells["210300"].division,
            due_by=date(2026, 12, 31),
            percents=ALL,
            team_size=2,
        ),
        by=enforcement_head,
    )
    o["draw"] = services.draw_execute(
        draw=draw, public_entropy="上证指数收盘", by=enforcement_head
    )
    o["task"] = o["draw"].tasks.first()
    listed = enterprises_a[5]
    enterprise_services.positive_list_add(
        enterprise=listed, reason="守法记录良好", by=enforcement_head
    )
    o["listed_request"] = services.listed_request_create(
        enterprise=listed, year=2026, reason="群众反映夜间异味", by=inspectors[1]
    )
    o["violation"], _ = services.violation_record(
        enterprise=enterprises_a[6],
        occurred_on=date(2026, 3, 1),
        description="超标排放",
        by=enforcement_head,
    )
    o["supervision"] = services.supervision_item_open(
        cell=township,
        speed="urgent",
        matter="秸秆焚烧火点未及时处置",
        finding="",
        by=district_a_leader,
    )
    o["work_report"] = services.work_report_prepare(
        cell=township, year=2026, month=10, by=township_official
    )
    o["rural_target"] = services.rural_target_set(
        data=services.TargetData(
            cell=township,
            year=2026,
            title="农村生活污水治理",
            target="行政村生活污水治理率达到40%",
            weight=50,
            responsible_name="孙主任",
        ),
        by=district_a_leader,
    )
    people = {
        "grid": grid_officer,
        "township": township_official,
        "district": district_a_leader,
        "district_staff": district_a_officer,
        "city": city_leader,
        "head": enforcement_head,
        "inspector": inspectors[1],
        "department": department_handler,
    }
    return World(objects=o, people=people)


def pk(name: str):
    return lambda o: [o[name].pk]


# (url name, arguments from the world, who uses the page, a text it must show)
PAGES = [
    ("index", None, "city", "网格"),
    ("index", None, "township", "站前街道"),
    ("map", None, "city", "grid-map"),
    ("cell-detail", pk("cell"), "grid", "站前街道"),
    ("cell-boundary", pk("cell"), "township", "边界"),
    ("unit-grid-new", pk("cell"), "district", "单元网格"),
    ("cell-standard", pk("cell"), "township", "工作时限与标准"),
    ("letter-new", pk("cell"), "district", "责任状"),
    ("letter-detail", pk("letter"), "township", "辖区排污单位巡查全覆盖"),
    ("training-new", pk("cell"), "township", "培训"),
    ("evaluation-new", pk("cell"), "township", "评价"),
    ("evaluation-detail", pk("evaluation"), "district", "全年巡查正常"),
    ("patrol-new", None, "grid", "记录巡查"),
    ("patrol-list", None, "grid", "胜利路"),
    ("patrol-detail", pk("patrol"), "district", "工地裸土未苫盖"),
    ("problem-list", None, "district", "站前街道"),
    ("problem-new", None, "grid", "上报"),
    ("problem-detail", pk("problem"), "grid", "大风扬尘"),
    ("transfer-list", None, "department", "扬尘"),
    ("transfer-detail", pk("transfer"), "department", "请督促施工单位"),
    ("transfer-detail", pk("transfer"), "district", "请督促施工单位"),
    ("class-list", None, "head", "站前示例企业"),
    ("class-detail", lambda o: [o["enterprise"].pk], "head", "站前示例企业0"),
    ("policy", None, "head", "频次"),
    ("calendar", None, "inspector", "calendar"),
    ("plan", None, "head", "2026年第四季度双随机抽查"),
    ("draw-new", None, "head", "抽查"),
    ("draw-detail", pk("draw"), "head", "上证指数收盘"),
    ("task-list", None, "head", "站前示例企业"),
    ("task-new", None, "head", "检查"),
    ("task-detail", pk("task"), "head", "站前示例企业"),
    ("conflict-list", None, "head", "近亲属在该企业任职"),
    ("listed-request-new", None, "inspector", "正面清单"),
    ("listed-request-detail", pk("listed_request"), "head", "群众反映夜间异味"),
    ("project-list", None, "district_staff", "站前热电超低排放改造"),
    ("project-new", None, "district_staff", "三同时"),
    ("project-detail", pk("project"), "district_staff", "鞍环审〔2026〕12号"),
    ("meeting-list", None, "city", "联席会议"),
    ("meeting-new", lambda o: [o["cell"].parent_id], "district", "联席会议"),
    ("meeting-detail", pk("meeting"), "city", "通报网格运行情况"),
    ("campaign-list", None, "city", "国庆期间大气污染防治联合执法"),
    ("campaign-new", lambda o: [o["cell"].parent_id], "district", "专项"),
    ("campaign-detail", pk("campaign"), "city", "重点企业、建筑工地"),
    ("review-list", None, "district", "站前焦化技改项目"),
    ("review-new", lambda o: [o["cell"].parent_id], "district", "联合审查"),
    ("review-detail", pk("review"), "district", "位于化工园区内"),
    ("class-detail", lambda o: [o["enterprise"].pk], "district", "站前焦化技改项目"),
    ("scheme-list", None, "district", "站前街道网格化环境监管体系建设实施方案"),
    ("scheme-new", pk("cell"), "township", "实施方案"),
    ("scheme-detail", pk("scheme"), "district", "受理备案"),
    ("scheme-detail", pk("scheme"), "township", "已报送备案"),
    ("supervision-list", None, "township", "秸秆焚烧火点未及时处置"),
    ("supervision-new", pk("cell"), "district", "督办"),
    ("supervision-detail", pk("supervision"), "district", "记录跟进"),
    ("supervision-detail", pk("supervision"), "township", "秸秆焚烧火点未及时处置"),
    ("work-report-list", None, "township", "报送站前街道网格月报"),
    ("work-report-list", None, "district", "站前街道网格2026年10月工作情况"),
    ("work-report-new", pk("cell"), "township", "生成月报"),
    ("work-report-detail", pk("work_report"), "township", "报送上级网格"),
    ("work-report-detail", pk("work_report"), "district", "巡查次数"),
    ("rural-index", None, "district", "站前街道网格"),
    ("rural-cell", lambda o: [o["cell"].pk, 2026], "township", "报告进展"),
    ("rural-cell", lambda o: [o["cell"].pk, 2026], "district", "下达整治目标"),
    ("positive-list", None, "head", "正面清单"),
    ("positive-list", None, "district_staff", "正面清单"),
]


def test_every_staff_page_renders(client, world):
    # One world, every page: building the world is the slow part.
    failures = []
    for name, args, who, text in PAGES:
        client.force_login(world.people[who])
        url = reverse(f"grid:{name}", args=args(world.objects) if args else None)
        response = client.get(url)
        body = response.content.decode()
        if response.status_code != 200:
            failures.append((name, who, response.status_code))
        elif text not in body or "<h1" not in body:
            failures.append((name, who, f"missing {text!r}"))
    assert failures == []


def test_every_url_of_the_module_is_in_the_page_list():
    """A new page without a render test fails here."""
    from ecobureau.grid.urls import urlpatterns

    posts_only = {"cell-edit", "member-add", "member-end", "cell-publish"}
    posts_only |= {"violation-revoke", "export"}
    public = {"public-cells", "public-cell", "public-draws", "public-draw"}
    public |= {"public-draw-json", "public-schemes", "public-scheme-file"}
    public |= {"public-results"}
    downloads = {"work-report-download"}  # read back in test_work_reports.py
    covered = {p[0] for p in PAGES} | posts_only | public | downloads
    names = {pattern.name for pattern in urlpatterns}  # type: ignore[union-attr]
    assert names - covered == set()


NOT_FOR_NEIGHBOURS = [
    "letter-detail",
    "patrol-detail",
    "problem-detail",
    "transfer-detail",
    "evaluation-detail",
    "project-detail",
    "supervision-detail",
    "review-detail",
    "scheme-detail",
    "work-report-detail",
]


def test_the_neighbouring_township_gets_nothing(client, world, grid_officer_a2):
    client.force_login(grid_officer_a2)
    seen = {}
    for name in NOT_FOR_NEIGHBOURS:
        key = name.removesuffix("-detail").replace("-", "_")
        url = reverse(f"grid:{name}", args=[world.objects[key].pk])
        seen[name] = client.get(url).status_code
    assert set(seen.values()) <= {403, 404}, seen


def test_public_pages_render_without_log_in(client, world):
    draw = world.objects["draw"]
    for url in (
        reverse("grid:public-cells"),
        reverse("grid:public-draws"),
        reverse("grid:public-schemes"),
        reverse("grid:public-draw", args=[draw.pk]),
        reverse("grid:public-draw-json", args=[draw.pk]),
        reverse("grid:public-results"),
    ):
        assert client.get(url).status_code == 200, url
