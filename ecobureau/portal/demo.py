"""Demo step: public participation (示例数据), built through the services.

- an open consultation on a draft (意见征集) with one opinion from the demo citizen;
- a closed consultation whose results are published;
- a director's-mailbox letter answered, reviewed and published, and a policy
  question waiting for its answer;
- this year's publicity plan (全年宣传工作计划, seed 000 与群众互动 9), published,
  with an activity on each publicity day and one more; those whose date has
  passed are recorded as held;
- two work lists (黑名单、落后淘汰名单, seed 003 (十八), D19), published: an
  environmental blacklist with a registered enterprise and a unit named by hand
  (since removed, with its reason), and a phase-out list of outdated kilns and
  cupolas.

Each part is built once: a second run finds its demo rows and adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.lib.dates import SHANGHAI

from . import services, work_lists
from .models import (
    Consultation,
    Letter,
    PublicityActivity,
    PublicityPlan,
    WorkList,
)

ORDER = 90  # after accounts


def build(city: DemoCity) -> None:
    staff = city.people.get("coordination")
    head = city.people.get("air-head")
    citizen = city.people.get("citizen")
    if staff is None or head is None or citizen is None:
        return
    if not Consultation.objects.filter(is_demo=True).exists():
        _consultations(staff, citizen)
    if not Letter.objects.filter(is_demo=True).exists():
        _letters(staff, head, citizen)
    _publicity(staff)
    if not WorkList.objects.filter(name__contains=DEMO_LABEL).exists():
        _work_lists(staff, city.shared.get("enterprises", []))


def _consultations(staff: User, citizen: User) -> None:
    today = timezone.now().astimezone(SHANGHAI).date()
    open_one = services.consultation_create(
        by=staff,
        title=f"鞍山市餐饮服务业油烟污染防治管理办法（征求意见稿）（{DEMO_LABEL}）",
        summary="为规范餐饮油烟治理，现向社会公开征求意见。征集期内可在线提交意见。",
        draft_text="第一条 为防治餐饮服务业油烟污染，保障公众健康，制定本办法。\n"
        "第二条 本市行政区域内餐饮服务经营者应当安装油烟净化设施并保持正常使用。",
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=27),
        is_demo=True,
    )
    services.consultation_publish(consultation=open_one, by=staff)
    services.opinion_submit(
        consultation=open_one,
        by=citizen,
        text="建议明确油烟净化设施的清洗频次，并公开检查结果。",
    )
    closed = services.consultation_create(
        by=staff,
        title=f"鞍山市重污染天气应急减排清单修订说明（征求意见稿）（{DEMO_LABEL}）",
        summary="征集期已结束。",
        draft_text="修订应急减排清单的企业范围和减排措施。",
        opens_on=today - timedelta(days=45),
        closes_on=today - timedelta(days=15),
        is_demo=True,
    )
    services.consultation_publish(consultation=closed, by=staff)
    services.consultation_publish_results(
        consultation=closed,
        by=staff,
        results_text="征集期内未收到意见，草案按程序报审。",
    )


def _letters(staff: User, head: User, citizen: User) -> None:
    answered = services.letter_submit(
        by=citizen,
        kind=Letter.Kind.MAILBOX,
        subject="小区旁餐馆油烟扰民",
        text="小区楼下餐馆油烟直排，多次反映未解决。",
        publish_consent=True,
        is_demo=True,
    )
    services.letter_draft_answer(
        letter=answered,
        by=staff,
        answer="已转铁东分局现场核查，责令该餐馆安装油烟净化设施并限期整改。（示例数据）",
        public_subject="小区旁餐馆油烟扰民",
        public_text="来信反映小区楼下餐馆油烟直排。",
    )
    services.letter_review(letter=answered, by=head, approve=True)
    services.letter_submit(
        by=citizen,
        kind=Letter.Kind.POLICY,
        subject="排污登记管理的企业需要办理哪些手续",
        text="小型企业是否需要申领排污许可证？",
        publish_consent=True,
        is_demo=True,
    )


# What each publicity day's demo activity does (示例数据).
_DAY_CONTENT: dict[str, str] = {
    PublicityActivity.Day.EARTH: "在市民广场设置宣传展板，发放垃圾分类和节约资源宣传册。",
    PublicityActivity.Day.OPENNESS: "开展政府开放日，邀请市民代表参观空气自动监测站和12369受理平台。",
    PublicityActivity.Day.BIODIVERSITY: "在千山风景区开展野生动植物保护科普讲解。",
    PublicityActivity.Day.ENVIRONMENT: "举办“六.五”环境日主场活动，发布上年度生态环境状况公报。",
    PublicityActivity.Day.OZONE: "走进制冷维修企业宣传消耗臭氧层物质管理规定。",
}


def _publicity(staff: User) -> None:
    """This year's plan, published; activities whose date has passed held."""
    today = timezone.now().astimezone(SHANGHAI).date()
    if PublicityPlan.objects.filter(year=today.year).exists():
        return  # built before (or the office's own plan): never a second one
    plan = services.publicity_plan_create(
        by=staff,
        year=today.year,
        title=f"{today.year}年全年宣传工作计划（{DEMO_LABEL}）",
        summary="围绕各宣传日普及生态环境知识，倡导绿色低碳生活方式，"
        f"推动公众参与生态环境保护。（{DEMO_LABEL}）",
        is_demo=True,
    )
    for activity in plan.activities.all():
        services.publicity_activity_edit(
            by=staff,
            activity=activity,
            title=activity.title,
            planned_on=activity.planned_on,
            lead_unit=activity.lead_unit,
            content=f"{_DAY_CONTENT.get(activity.day, '')}（{DEMO_LABEL}）",
        )
    services.publicity_activity_add(
        by=staff,
        plan=plan,
        day=PublicityActivity.Day.OTHER,
        title="生态环境科普进校园",
        lead_unit="宣传教育科",
        planned_on=date(today.year, 10, 15),
        content=f"到中小学开展生态环境保护知识讲座。（{DEMO_LABEL}）",
    )
    services.publicity_plan_publish(by=staff, plan=plan)
    for number, activity in enumerate(plan.activities.filter(planned_on__lt=today)):
        services.publicity_activity_hold(
            by=staff,
            activity=activity,
            held_on=activity.planned_on,
            summary=f"活动按计划开展，现场发放宣传资料并解答群众咨询。（{DEMO_LABEL}）",
            participants=120 + 40 * number,
        )


def _work_lists(staff: User, enterprises: list) -> None:
    """A blacklist and a phase-out list, both published (示例数据)."""
    today = timezone.now().astimezone(SHANGHAI).date()
    blacklist = work_lists.work_list_create(
        by=staff,
        kind=WorkList.Kind.BLACKLIST,
        name=f"环境保护黑名单（{DEMO_LABEL}）",
        basis="《企业环境信用评价办法（试行）》及本市环境信用管理规定（示例）",
    )
    if enterprises:
        listed = today - timedelta(days=60)
        work_lists.work_list_entry_add(
            by=staff,
            work_list=blacklist,
            enterprise=enterprises[0],
            reason=f"篡改自动监测数据，逃避监管排放污染物，经立案查处。（{DEMO_LABEL}）",
            document_no=f"鞍环罚〔{listed.year}〕示例1号",
            listed_on=listed,
        )
    removed = work_lists.work_list_entry_add(
        by=staff,
        work_list=blacklist,
        unit_name="示例·某再生资源回收站",
        reason=f"未取得许可收集、贮存废铅蓄电池。（{DEMO_LABEL}）",
        document_no=f"鞍环罚〔{(today - timedelta(days=200)).year}〕示例2号",
        listed_on=today - timedelta(days=200),
    )
    work_lists.work_list_entry_remove(
        by=staff,
        entry=removed,
        removed_on=today - timedelta(days=10),
        removed_reason=f"已停止违法行为并完成整改，经信用修复移出。（{DEMO_LABEL}）",
    )
    work_lists.work_list_publish(work_list=blacklist, by=staff, publish=True)

    phase_out = work_lists.work_list_create(
        by=staff,
        kind=WorkList.Kind.PHASE_OUT,
        name=f"落后产能淘汰名单（{DEMO_LABEL}）",
        basis="《产业结构调整指导目录》淘汰类（示例）",
    )
    for unit_name, reason, days in (
        ("示例·某砖厂", "24门以下轮窑生产线，属淘汰类工艺。", 90),
        ("示例·某铸造厂", "10吨/小时以下冲天炉，属淘汰类装备。", 45),
    ):
        work_lists.work_list_entry_add(
            by=staff,
            work_list=phase_out,
            unit_name=unit_name,
            reason=f"{reason}（{DEMO_LABEL}）",
            listed_on=today - timedelta(days=days),
        )
    work_lists.work_list_publish(work_list=phase_out, by=staff, publish=True)
