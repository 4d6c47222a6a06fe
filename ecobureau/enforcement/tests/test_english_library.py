"""The enforcement staff pages of the 审委会 roster, training records, 挂牌督办,
the four lists, the officers' handbook and 案卷评查 in English when chosen (the
language cookie), with the messages after an action and the errors the views
build; without the cookie the same pages read the Chinese.

The English needs the entries of /work/notes/po_c.po in locale/en (merged by the
lead)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ecobureau.lib.dates import SHANGHAI

from ..models import EnforcementList, FileReview, HandbookPart
from ..services import committee, file_review, supervision
from . import test_review_files
from .committee_setup import Office, seat
from .test_lists_library import PDF, entry, today
from .test_review_files import supervisor

served = test_review_files.served
archived = test_review_files.archived

pytestmark = pytest.mark.django_db


class Pages:
    """Opens pages in one language and keeps each answer by a name."""

    def __init__(self, client, english: bool) -> None:
        self.client = client
        self.english = english
        self.seen: dict[str, str] = {}

    def _cookie(self) -> None:
        if self.english:
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        else:
            self.client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)

    def get(self, name: str, url: str, status: int = 200) -> str:
        self._cookie()
        response = self.client.get(url)
        assert response.status_code == status, name
        self.seen[name] = response.content.decode()
        return self.seen[name]

    def post(self, name: str, url: str, data: dict, status: int = 200, **extra) -> str:
        self._cookie()
        response = self.client.post(url, data, follow=status == 200, **extra)
        assert response.status_code == status, name
        self.seen[name] = response.content.decode()
        return self.seen[name]


def main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


# --- the scenarios, each run in English and in Chinese -----------------------------


def committee_pages(pages, city_leader, enforcement_head, district_a_leader):
    url = reverse("enforcement:committee")
    pages.client.force_login(city_leader)
    pages.get("committee-empty", url)
    seat(city_leader, (city_leader, Office.DIRECTOR))
    (former,) = seat(city_leader, (district_a_leader, Office.SUB_BUREAU))
    committee.committee_member_end(
        member=former, ended_on=timezone.localdate(), by=city_leader
    )
    data = {
        "action": "add",
        "user": str(enforcement_head.pk),
        "office": "deputy_team",
        "started_on": "明天",
        "note": "执法队队长",
    }
    pages.post("committee-bad-date", url, data, status=400)
    pages.post("committee-no-user", url, {**data, "user": ""}, status=400)
    data["started_on"] = timezone.localdate().isoformat()
    pages.post("committee-added", url, data)
    member = committee.roster_on(timezone.localdate()).get(user=enforcement_head)
    end = {"action": "end", "member": str(member.pk), "ended_on": ""}
    pages.post("committee-end-bad", url, end, status=400)
    end["ended_on"] = timezone.localdate().isoformat()
    pages.post("committee-ended", url, end)


def training_pages(pages, enforcement_head, officers):
    url = reverse("enforcement:training")
    pages.client.force_login(enforcement_head)
    pages.get("training-empty", url)
    data = {
        "trainee": str(officers[0].pk),
        "held_on": timezone.localdate().isoformat(),
        "course": "轻微违法行为目录清单适用培训",
        "topic": "minor_list",
        "hours": "2.5",
        "organiser": "市生态环境局执法科",
    }
    pages.post("training-no-trainee", url, {**data, "trainee": ""}, status=400)
    pages.post("training-bad-day", url, {**data, "held_on": "昨天"}, status=400)
    pages.post("training-recorded", url, data)
    pages.client.force_login(officers[0])
    pages.get("training-officer", url)


def supervision_pages(pages, case, enforcement_head):
    url = reverse("enforcement:supervision", args=[case.pk])
    overdue_url = reverse("enforcement:supervision-overdue")
    pages.client.force_login(enforcement_head)
    pages.get("supervision-empty", url)
    pages.get("overdue-empty", overdue_url)
    data = {
        "action": "list",
        "authority": "辽宁省生态环境厅",
        "reference": "辽环督〔2026〕5号",
        "matter": "超标排放整改",
    }
    pages.post("supervision-no-date", url, data, status=400)
    day = timezone.localdate()
    data.update(listed_on=(day - timedelta(20)).isoformat(), deadline="")
    pages.post("supervision-no-deadline", url, data, status=400)
    data["deadline"] = (day + timedelta(30)).isoformat()
    pages.post("supervision-listed", url, data)
    # one overdue, its deadline on Saturday 21 November 2026 (runs to Monday)
    late = supervision.supervision_list(
        case=case,
        authority="辽宁省生态环境厅",
        reference="辽环督〔2026〕9号",
        listed_on=day - timedelta(20),
        deadline=date(2026, 11, 21),
        matter="超标排放案件查处",
        by=enforcement_head,
    )
    pages.get("supervision-overdue", url)
    pages.get("overdue-rows", overdue_url)
    lift = {"action": "lift", "item": str(late.pk), "lifted_on": "", "lift_note": ""}
    pages.post("supervision-lift-bad", url, lift, status=400)
    pages.post("supervision-lift-none", url, {**lift, "item": "0"}, status=400)
    lift.update(lifted_on=day.isoformat(), lift_note="已办结")
    pages.post("supervision-lifted", url, lift)


def library_pages(pages, enforcement_head, officers):
    item = EnforcementList.objects.get(code="mitigate")
    entry(item, enforcement_head, effective_to=today() + timedelta(days=300))
    lists_url = reverse("enforcement:lists")
    detail_url = reverse("enforcement:list-detail", args=[item.pk])
    pages.client.force_login(enforcement_head)
    pages.get("lists", lists_url)
    pages.get("list-detail", detail_url)
    data = {
        "action": "entry",
        "entry": "",
        "title": "首次轻微超标",
        "conditions": "按局文件",
        "basis": "局文件第三条",
        "effective_from": "今天",
    }
    pages.post("list-bad-day", detail_url, data, status=400)
    data["effective_from"] = today().isoformat()
    pages.post("list-saved", detail_url, data)
    rename = {"action": "rename", "name": "从轻处罚清单（局文件）", "description": ""}
    pages.post("list-renamed", detail_url, rename)
    pages.client.force_login(officers[0])
    pages.get("list-detail-officer", detail_url)
    part = HandbookPart.objects.get(number=1)
    part_url = reverse("enforcement:handbook-part", args=[part.pk])
    pages.get("handbook-none", reverse("enforcement:handbook"))
    pages.get("part-none", part_url)
    upload = {"action": "upload", "note": "第1次修订"}
    pages.post("part-no-file", part_url, upload, status=400)
    file = SimpleUploadedFile("流程.pdf", PDF)
    pages.post("part-uploaded", part_url, {**upload, "file": file})
    pages.get("handbook", reverse("enforcement:handbook"))
    pages.client.force_login(enforcement_head)
    rename = {"action": "rename", "title": "行政检查流程", "description": "流程"}
    pages.post("part-renamed", part_url, rename)


def file_review_pages(pages, reviewers, officers):
    list_url = reverse("enforcement:file-reviews")
    person = supervisor(name="周监督")
    pages.client.force_login(officers[0])
    draw = {"kind": "periodic", "batch": "2026年第四季度", "count": "1"}
    pages.post("reviews-officer-draw", list_url, draw, status=400)
    pages.client.force_login(reviewers[0])
    pages.get("reviews-empty", list_url)
    pages.post("reviews-bad-count", list_url, {**draw, "count": "一"}, status=400)
    pages.post("reviews-drawn", list_url, draw)
    review = FileReview.objects.get(batch="2026年第四季度")
    url = reverse("enforcement:file-review", args=[review.pk])
    pages.get("review-form", url)
    ok = [code for code, _ in file_review.CHECKLIST if code != "recording"]
    record = {"action": "record", "ok": ok, "result": "pass"}
    pages.post("review-refused", url, {**record, "supervisors": [person.pk]}, 400)
    pages.post("review-unknown", url, {"action": "x"}, status=400)
    record.update(
        findings="现场检查音像资料缺少后半段。",
        supervisors=[person.pk],
        **{f"certificate_{person.pk}": "AS-JD-001"},
    )
    pages.post("review-recorded", url, record)
    feedback = {"action": "feedback", "feedback": "请补充说明音像缺失原因。"}
    pages.post("review-fed-back", url, feedback)
    pages.client.force_login(officers[0])
    pages.get("review-respond-form", url)
    respond = {"action": "respond", "response": "已补充情况说明。"}
    pages.post("review-answered", url, respond)
    pages.get("reviews-officer", list_url)


# --- what each page reads: (English, Chinese) -----------------------------------------

NOW = datetime(2026, 11, 26, 10, tzinfo=SHANGHAI)  # a Thursday
DAY = "2026-11-26"


def check(pages: Pages, expected: dict[str, list[tuple[str, str]]]) -> None:
    """Each page holds its English text with the cookie, else the Chinese, and
    not the other language's."""
    for name, pairs in expected.items():
        page = main(pages.seen[name])
        for english, chinese in pairs:
            shown, hidden = (english, chinese) if pages.english else (chinese, english)
            assert shown in page, (name, shown)
            if hidden not in shown:
                assert hidden not in page, (name, hidden)


english_or_chinese = pytest.mark.parametrize(
    "english", [True, False], ids=["english", "chinese"]
)


@english_or_chinese
@time_machine.travel(NOW, tick=False)
def test_committee_roster(
    client, english, city_leader, enforcement_head, district_a_leader
):
    pages = Pages(client, english)
    committee_pages(pages, city_leader, enforcement_head, district_a_leader)
    leader = district_a_leader.display_name
    head = enforcement_head.display_name
    start = (NOW.date() - timedelta(days=30)).isoformat()
    check(
        pages,
        {
            "committee-empty": [
                (
                    "Members of the Review Committee for Major Administrative "
                    "Enforcement Decisions (the review committee)",
                    "重大行政执法决定审查委员会（审委会）组成人员",
                ),
                ("(《鞍山市生态环境局重大行政执法决定集体审议规则》)", "依据《鞍山市"),
                (
                    "No committee members have been entered yet.",
                    "尚未维护审委会组成人员。",
                ),
                (
                    '<option value="director">Director (head of the bureau)</option>',
                    '<option value="director">主任（局长）</option>',
                ),
                ('<label for="started_on">Date appointed</label>', "任职日期</label>"),
                ("<h2>Add a member</h2>", "<h2>增加组成人员</h2>"),
            ],
            "committee-bad-date": [
                (
                    "Please fill in: Date appointed (a date).",
                    "请填写任职日期（日期）。",
                ),
                ('value="执法队队长"', 'value="执法队队长"'),
                ("<td>Director (head of the bureau)</td>", "<td>主任（局长）</td>"),
                ("Remove from office</button>", "免职</button>"),
            ],
            "committee-no-user": [("Choose a person.", "请选择人员。")],
            "committee-added": [
                ("The committee member is added.", "已增加审委会组成人员。"),
                (
                    f'aria-label="Date {head} leaves office"',
                    f'aria-label="{head}免职日期"',
                ),
                ("<h2>Former members</h2>", "<h2>曾任组成人员</h2>"),
                (
                    f": {leader} ({start} to {DAY})</li>",
                    f"：{leader}（{start}至{DAY}）</li>",
                ),
                ("<li>Member (head of a sub-bureau", "<li>委员（分局负责人"),
            ],
            "committee-end-bad": [
                (
                    "Please fill in: Date of leaving office (a date).",
                    "请填写免职日期（日期）。",
                )
            ],
            "committee-ended": [
                ("The committee membership is changed.", "已调整审委会组成人员。")
            ],
        },
    )


@english_or_chinese
@time_machine.travel(NOW, tick=False)
def test_training_records(client, english, enforcement_head, officers):
    pages = Pages(client, english)
    training_pages(pages, enforcement_head, officers)
    check(
        pages,
        {
            "training-empty": [
                (
                    "Enforcement staff training records (list of minor violations and "
                    "enforcement discipline rules)",
                    "执法人员培训记录（轻微违法行为目录清单及执法纪律规定）",
                ),
                ("<th>Trainee</th>", "<th>参训人员</th>"),
                ("No training records yet.", "暂无培训记录。"),
                (
                    "Enforcement staff with no training recorded this year",
                    "本年度尚无培训记录的执法人员",
                ),
                (
                    '<option value="minor_list">List of minor violations</option>',
                    '<option value="minor_list">轻微违法行为目录清单</option>',
                ),
                (
                    '<option value="discipline">Enforcement discipline rules</option>',
                    '<option value="discipline">执法纪律规定</option>',
                ),
            ],
            "training-no-trainee": [
                ("Choose the enforcement officer trained.", "请选择参训的执法人员。")
            ],
            "training-bad-day": [
                ("Please fill in: Training date (a date).", "请填写培训日期（日期）。"),
                (
                    'value="轻微违法行为目录清单适用培训"',
                    'value="轻微违法行为目录清单适用培训"',
                ),
            ],
            "training-recorded": [
                ("The training record is entered.", "已登记培训记录。"),
                ("<td>List of minor violations</td>", "<td>轻微违法行为目录清单</td>"),
            ],
            "training-officer": [
                ("<td>List of minor violations</td>", "<td>轻微违法行为目录清单</td>"),
                ("<td>市生态环境局执法科</td>", "<td>市生态环境局执法科</td>"),
            ],
        },
    )
    assert "<h2>Record training</h2>" not in pages.seen["training-officer"]


@english_or_chinese
@time_machine.travel(NOW, tick=False)
def test_listed_supervision_and_the_overdue_list(
    client, english, investigated, enforcement_head
):
    pages = Pages(client, english)
    supervision_pages(pages, investigated, enforcement_head)
    pk = investigated.pk
    public = reverse("enforcement:public_supervised")
    listed = (NOW.date() - timedelta(days=20)).isoformat()
    deadline = (NOW.date() + timedelta(days=30)).isoformat()
    check(
        pages,
        {
            "supervision-empty": [
                ("<h1>Listed supervision: <a", "<h1>挂牌督办：<a"),
                (f"Case #{pk}</a>", f"案件#{pk}</a>"),
                (
                    f'published on the <a href="{public}">listed supervision</a> page',
                    f'案件在<a href="{public}">挂牌督办公开</a>页公示',
                ),
                (
                    "This case is not under listed supervision.",
                    "本案未被挂牌督办。",
                ),
                ("<h2>Record a listed supervision</h2>", "<h2>登记挂牌督办</h2>"),
                (
                    'placeholder="e.g. Department of Ecology and Environment of '
                    'Liaoning Province"',
                    'placeholder="如：辽宁省生态环境厅"',
                ),
                ("Supervised matter (public)", "督办事项（公开）"),
            ],
            "overdue-empty": [
                (
                    "<h1>Overdue listed supervision</h1>",
                    "<h1>逾期未办结的挂牌督办</h1>",
                ),
                ("No overdue listed supervision.", "没有逾期未办结的挂牌督办。"),
            ],
            "supervision-no-date": [
                ("Please fill in: Date listed (a date).", "请填写挂牌日期（日期）。"),
                ('value="辽环督〔2026〕5号"', 'value="辽环督〔2026〕5号"'),
            ],
            "supervision-no-deadline": [
                (
                    "Please fill in: Supervision deadline (a date).",
                    "请填写督办期限（日期）。",
                )
            ],
            "supervision-listed": [
                ("The listed supervision is recorded.", "已登记挂牌督办。"),
                (
                    f"辽宁省生态环境厅 辽环督〔2026〕5号: 超标排放整改; listed {listed}, "
                    f"deadline {deadline}, Under supervision",
                    f"辽宁省生态环境厅 辽环督〔2026〕5号：超标排放整改；挂牌{listed}，"
                    f"期限{deadline}，督办中",
                ),
                (
                    "<h2>Lift the supervision: 辽环督〔2026〕5号</h2>",
                    "<h2>解除督办：辽环督〔2026〕5号</h2>",
                ),
                ("How it was concluded (public)", "办结情况（公开）"),
            ],
            "supervision-overdue": [("3 days overdue</strong>", "已逾期3日</strong>")],
            "overdue-rows": [
                (
                    "2026-11-21 (a day off: extended to 2026-11-23)",
                    "2026-11-21（逢休息日顺延至2026-11-23）",
                ),
                ("3 days overdue</strong>", "已逾期3日</strong>"),
                (f"Case #{pk} ", f"案件#{pk} "),
                (
                    "<th>Supervising authority and document number</th>",
                    "<th>督办机关及文号</th>",
                ),
            ],
            "supervision-lift-bad": [
                ("Please fill in: Date lifted (a date).", "请填写解除日期（日期）。")
            ],
            "supervision-lift-none": [
                ("Choose the supervision to lift.", "请选择要解除的督办。")
            ],
            "supervision-lifted": [
                ("The lifting of the supervision is recorded.", "已登记解除督办。"),
                (f"Supervision lifted ({DAY}: 已办结)", f"已解除督办（{DAY}：已办结）"),
            ],
        },
    )


@english_or_chinese
@time_machine.travel(NOW, tick=False)
def test_the_four_lists_and_the_handbook(client, english, enforcement_head, officers):
    pages = Pages(client, english)
    library_pages(pages, enforcement_head, officers)
    start = (NOW.date() - timedelta(days=1)).isoformat()
    end = (NOW.date() + timedelta(days=300)).isoformat()
    example = "Example configuration, to be checked against the bureau’s documents"
    check(
        pages,
        {
            "lists": [
                (
                    "<h1>Enforcement lists (the four lists)</h1>",
                    "<h1>执法清单（四个清单）</h1>",
                ),
                ("<strong>example configuration, to be checked", "<strong>示例配置"),
                (
                    "1. List of minor violations not penalised</h2>",
                    "1. 不予行政处罚清单</h2>",
                ),
                ("items, original text of the list)", "条，清单原文）"),
                (
                    f'<span class="tag">{example}</span>',
                    '<span class="tag">示例配置，需按局文件核定</span>',
                ),
                (
                    f"首次轻微超标且主动改正 (from {start} to {end})",
                    f"首次轻微超标且主动改正（{start}起至{end}）",
                ),
                (
                    "No entries yet; to be entered from the bureau’s documents.",
                    "尚无条目，待按局文件录入。",
                ),
            ],
            "list-detail": [
                ('<th scope="col">Item</th>', '<th scope="col">事项</th>'),
                ('<td data-label="Validity">', '<td data-label="有效期">'),
                (f"From {start} to {end}", f"{start}起至{end}"),
                ("<h2>Add or change an entry</h2>", "<h2>新增或修改条目</h2>"),
                (
                    '<option value="">(new)</option>',
                    '<option value="">（新增）</option>',
                ),
                (
                    "Name of the list (per the bureau’s documents)",
                    "清单名称（按局文件）",
                ),
                ("Saved a list entry", "保存清单条目"),
            ],
            "list-bad-day": [
                ("Dates should be written year-month-day.", "日期格式应为 年-月-日。"),
                ('value="首次轻微超标"', 'value="首次轻微超标"'),
            ],
            "list-saved": [
                ("Saved.</li>", "已保存。</li>"),
                (f"From {DAY}</td>", f"{DAY}起</td>"),
            ],
            "list-renamed": [("Renamed the list", "修改清单名称")],
            "list-detail-officer": [
                ('<th scope="col">Last changed</th>', '<th scope="col">最后修改</th>')
            ],
            "handbook-none": [
                (
                    "Enforcement Officers’ Handbook for a Good Ecological",
                    "<h1>《“生态+营商”双优环境执法人员手册》</h1>",
                ),
                (
                    "Open to enforcement officers only. Seed 004",
                    "仅向执法人员开放。seed 004",
                ),
                (
                    '<span class="muted">Not uploaded yet</span>',
                    '<span class="muted">尚未上传</span>',
                ),
            ],
            "part-none": [
                ("<li>Nothing uploaded yet.</li>", "<li>尚未上传。</li>"),
                ("<h2>Upload a new version</h2>", "<h2>上传新版本</h2>"),
                ("File (PDF, Office document, etc.)", "文件（PDF、Office文档等）"),
                (
                    '<span class="tag">Example structure</span>',
                    '<span class="tag">示例结构</span>',
                ),
            ],
            "part-no-file": [("Choose a file to upload.", "请选择要上传的文件。")],
            "part-uploaded": [
                ("Saved.</li>", "已保存。</li>"),
                (
                    "Version 1 流程.pdf</a>: 第1次修订 (",
                    "第1版 流程.pdf</a>：第1次修订（",
                ),
            ],
            "handbook": [(f" (version 1, {DAY})</li>", f"（第1版，{DAY}）</li>")],
            "part-renamed": [("Changed the part", "修改篇目")],
        },
    )
    assert "<h2>Add or change an entry</h2>" not in pages.seen["list-detail-officer"]


@english_or_chinese
@time_machine.travel(NOW, tick=False)
def test_case_file_reviews(client, english, archived, reviewers, officers):
    pages = Pages(client, english)
    file_review_pages(pages, reviewers, officers)
    officer = officers[0].display_name
    check(
        pages,
        {
            "reviews-officer-draw": [
                ("<h1>Case file reviews</h1>", "<h1>案卷评查</h1>")
            ],
            "reviews-empty": [
                ("(legal review system, Article 12)", "（法制审核制度第十二条）"),
                ("<h2>Draw case files</h2>", "<h2>抽取案卷</h2>"),
                (
                    '<option value="periodic">Periodic review</option>',
                    '<option value="periodic">定期评查</option>',
                ),
                (
                    '<option value="random">Random check</option>',
                    '<option value="random">随机抽查</option>',
                ),
                ('placeholder="e.g. 2026 Q4"', 'placeholder="如：2026年第四季度"'),
                ('aria-label="Review records"', 'aria-label="评查记录"'),
                ("No reviews yet.", "暂无评查记录。"),
            ],
            "reviews-bad-count": [
                (
                    "Enter a whole number for the number to draw.",
                    "抽取数量请填写整数。",
                )
            ],
            "reviews-drawn": [
                ("Drew 1 case file.", "已抽取1卷案卷。"),
                ("<td>Periodic review</td>", "<td>定期评查</td>"),
                ("<td>To be reviewed</td>", "<td>待评查</td>"),
            ],
            "review-form": [
                (
                    "<h1>Case file review: 2026年第四季度 (Periodic review)</h1>",
                    "<h1>案卷评查：2026年第四季度（定期评查）</h1>",
                ),
                ("All reviews</a>", "全部评查</a>"),
                (
                    "Review items (tick the items that are met)",
                    "评查项目（勾选符合的项目）",
                ),
                (
                    " The whole-process record (audio and video) is complete</label>",
                    " 全过程记录（音像资料）完整</label>",
                ),
                (
                    '<option value="pass">Pass</option>',
                    '<option value="pass">合格</option>',
                ),
                ("Record the review result</button>", "记录评查结果</button>"),
            ],
            "review-refused": [('value="archive" checked', 'value="archive" checked')],
            "review-unknown": [("Unknown action.", "未知的操作。")],
            "review-recorded": [
                ("The review result is recorded.", "已记录评查结果。"),
                ("<h2>Review result: Pass</h2>", "<h2>评查结果：合格</h2>"),
                (
                    "The whole-process record (audio and video) is complete: "
                    "<strong>Not met</strong>",
                    "全过程记录（音像资料）完整：<strong>不符合</strong>",
                ),
                (
                    "Problems found: 现场检查音像资料缺少后半段。",
                    "发现的问题：现场检查音像资料缺少后半段。",
                ),
                (
                    "Enforcement supervisors taking part: 周监督 (showed supervisor "
                    "certificate no. AS-JD-001)",
                    "参加的执法监督员：周监督（出示监督员证，编号 AS-JD-001）",
                ),
                ("<h2>Feedback to the handling body</h2>", "<h2>反馈承办机构</h2>"),
            ],
            "review-fed-back": [
                ("The feedback is sent to the handling body.", "已向承办机构反馈。"),
                (
                    f"Feedback ({DAY}): 请补充说明音像缺失原因。",
                    f"反馈意见（{DAY}）：请补充说明音像缺失原因。",
                ),
            ],
            "review-respond-form": [
                ("<h2>Correction status</h2>", "<h2>整改情况</h2>")
            ],
            "review-answered": [
                ("The corrections are reported.", "已反馈整改情况。"),
                (
                    f"Corrections by the handling body ({officer}, {DAY}): 已补充情况说明。",
                    f"承办机构整改情况（{officer}，{DAY}）：已补充情况说明。",
                ),
            ],
            "reviews-officer": [
                ("<td>Pass</td>", "<td>合格</td>"),
                ("<td>Fed back</td>", "<td>已反馈</td>"),
            ],
        },
    )
