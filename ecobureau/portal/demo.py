"""Demo step: public participation (示例数据), built through the services.

- an open consultation on a draft (意见征集) with one opinion from the demo citizen;
- a closed consultation whose results are published;
- a director's-mailbox letter answered, reviewed and published, and a policy
  question waiting for its answer.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.lib.dates import SHANGHAI

from . import services
from .models import Letter

ORDER = 90  # after accounts


def build(city: DemoCity) -> None:
    staff = city.people.get("coordination")
    head = city.people.get("air-head")
    citizen = city.people.get("citizen")
    if staff is None or head is None or citizen is None:
        return
    _consultations(staff, citizen)
    _letters(staff, head, citizen)


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
