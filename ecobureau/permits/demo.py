"""Demo step: applications in the states a service window sees on a working day
(示例数据), each made through the services so the record, clocks, work items and
documents are real.

Online applications come from the two demo enterprise accounts and the demo
citizen; others were handed in at the window or by post for enterprises of the
registry. Only a few are accepted, since each acceptance issues a numbered PDF.
A posted application received nine days ago and not yet answered shows as
overdue on the window's workbench (accepting it now counts it as accepted from
receipt, 行政许可法 第三十二条, and opens an accountability follow-up for the
missed five days; the demo leaves that to the visitor). The hazardous-waste
filings are taken only in February–March, so the demo makes none of them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from ecobureau.accounts import services as account_services
from ecobureau.accounts.models import User
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib.dates import local_date

from . import services
from .models import Application, ServiceItem

ORDER = 40  # after the personas (10) and the enterprises (20)

# A one-page PDF standing in for each scanned material (示例数据).
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# Section heads the catalogue's items need (固废科, 土壤科, 水环境科), beside the
# personas of the accounts step.
EXTRA_STAFF = [
    ("waste", "demo-waste", "赵明", "waste", "固体废物与化学品科科长"),
    ("soil", "demo-soil", "孙海燕", "soil", "土壤生态环境科科长"),
    ("water", "demo-water", "钱伟", "water", "水生态环境科科长"),
]


def build(city: DemoCity) -> None:
    if not ServiceItem.objects.exists():
        services.catalogue_load()
    _staff(city)
    demo = _Demo(city)
    demo.night_permit_granted()
    demo.night_permit_waiting_for_supplement()
    demo.demolition_waiting_on_the_spot()
    demo.river_outlet_in_expert_review()
    demo.posted_and_overdue()
    demo.tariff_at_the_province()
    demo.credit_handed_over()
    demo.cems_filed_and_registered()
    demo.oral_not_accepted()
    demo.citizen_draft()
    demo.enquiries()
    demo.registers()


def _staff(city: DemoCity) -> None:
    admin = city.people.get("admin")
    for key, username, name, unit_code, title in EXTRA_STAFF:
        if unit_code not in city.units:
            continue
        city.people[key] = account_services.user_create(
            username=username,
            password=city.password,
            kind=User.Kind.STAFF,
            full_name=name,
            by=admin,
            unit=city.units[unit_code],
            role_codes=["section_head"],
            scope=User.Scope.CITY,
            title=title,
        )
        city.logins.append((username, "section_head", title))


class _Demo:
    def __init__(self, city: DemoCity) -> None:
        self.city = city
        self.people = city.people
        self.today = local_date(timezone.now())
        registry: list[Enterprise] = city.shared.get("enterprises", [])
        self.registry = registry[2:40] or registry
        self.keys = 0

    # --- helpers -------------------------------------------------------------------

    def _key(self) -> str:
        self.keys += 1
        return f"demo-{self.keys}"

    def _file(self, name: str) -> Any:
        from django.core.files.base import ContentFile

        return ContentFile(SAMPLE_PDF, name=f"{name}（{DEMO_LABEL}）.pdf")

    def _upload_all(self, application: Application, by: User) -> None:
        for material in services.missing_materials(application):
            services.material_add(
                application=application,
                material=material,
                file=self._file(material.name),
                by=by,
            )

    def _online(
        self, person: str, code: str, answers: dict[str, Any], condition: str = ""
    ) -> Application:
        user = self.people[person]
        application, _ = services.application_create(
            item=ServiceItem.objects.get(code=code),
            by=user,
            submission_key=self._key(),
            district=self.city.districts()[0],
            contact_name=f"联系人（{DEMO_LABEL}）",
            contact_phone="0412-5550000",
            condition=condition,
            answers=answers,
        )
        self._upload_all(application, user)
        services.application_submit(application=application, by=user)
        application.refresh_from_db()
        return application

    def _window(
        self,
        code: str,
        answers: dict[str, Any],
        *,
        channel: str = Application.Channel.WINDOW,
        received_days_ago: int = 0,
        condition: str = "",
    ) -> Application:
        window = self.people["service"]
        enterprise = self.registry[self.keys % len(self.registry)]
        application, _ = services.application_register(
            item=ServiceItem.objects.get(code=code),
            by=window,
            submission_key=self._key(),
            channel=channel,
            applicant_name=enterprise.name,
            contact_name=enterprise.contact_name or f"联系人（{DEMO_LABEL}）",
            contact_phone=enterprise.contact_phone or "0412-5550000",
            district=enterprise.district,
            enterprise=enterprise,
            condition=condition,
            answers=answers,
            received_on=self.today - timedelta(days=received_days_ago)
            if received_days_ago
            else None,
        )
        self._upload_all(application, window)
        services.application_submit(application=application, by=window)
        application.refresh_from_db()
        return application

    def _act(
        self, application: Application, code: str, person: str, **data: Any
    ) -> None:
        services.application_act(
            application=application,
            transition=code,
            by=self.people[person],
            data=services.ActionInput(**data),
        )
        application.refresh_from_db()

    def _night(self, start_in: int) -> dict[str, Any]:
        return {
            "project": f"站前片区综合体二期（{DEMO_LABEL}）",
            "site": "铁东区站前街示例工地",
            "starts_on": self.today + timedelta(days=start_in),
            "ends_on": self.today + timedelta(days=start_in + 9),
            "hours": "22:00至次日4:00",
        }

    # --- the applications -------------------------------------------------------------

    def night_permit_granted(self) -> None:
        application = self._online(
            "enterprise-a", "night-construction", self._night(5), "生产工艺要求"
        )
        self._act(application, "accept", "service")
        self._act(application, "schedule_site_check", "air-head")
        self._act(
            application,
            "complete_site_check",
            "air-head",
            inspectors="刘志强、林悦",
            site_findings=f"围挡、隔声屏完好，居民告示已张贴（{DEMO_LABEL}）",
            opinion="符合夜间连续施工条件",
            no_recording_reason="夜间工地照明不足，执法记录仪无法清晰录像（示例数据）",
        )
        self._act(application, "grant", "air-head")
        services.rating_add(
            by=self.people["enterprise-a"],
            application=application,
            score=5,
            comment=f"办理快，一次告知清楚（{DEMO_LABEL}）",
        )

    def night_permit_waiting_for_supplement(self) -> None:
        application = self._online(
            "enterprise-b", "night-construction", self._night(12), "特殊需要"
        )
        self._act(application, "accept", "service")
        self._act(
            application,
            "request_review_supplement",
            "air-head",
            supplement_materials=["notice-text", "residents"],
            supplement_other=[f"夜间施工公告须载明投诉电话（{DEMO_LABEL}）"],
        )

    def demolition_waiting_on_the_spot(self) -> None:
        # 即办件: due today; every accepted application issues a numbered PDF
        # (about half a second each), so the demo keeps their number small.
        self._online(
            "enterprise-a",
            "demolition-plan",
            {
                "facility": f"二号车间反应釜及储罐（{DEMO_LABEL}）",
                "starts_on": self.today + timedelta(days=40),
                "miit_filed_on": self.today - timedelta(days=1),
                "miit_reference": "鞍工信备（示例）18号",
            },
        )

    def river_outlet_in_expert_review(self) -> None:
        application = self._online(
            "enterprise-b",
            "river-outlet",
            {
                "water_body": "太子河",
                "location": "铁西区示例路",
                "change": "新建",
                "volume": 800,
            },
        )
        self._act(application, "accept", "service")
        if "water" in self.people:
            self._act(application, "exclude", "water", excluded_reason="expert_review")

    def posted_and_overdue(self) -> None:
        # Received nine days ago by post, not yet answered: the five working days
        # to accept are past (shown on the window's workbench).
        self._window(
            "medical-waste-waterway",
            {"route": "鞍山—营口港—大连港", "reason": f"陆路运输中断（{DEMO_LABEL}）"},
            channel=Application.Channel.LETTER,
            received_days_ago=9,
        )

    def tariff_at_the_province(self) -> None:
        application = self._window(
            "coal-power-tariff",
            {
                "units": "1号机组 300MW（示例）",
                "facilities": "脱硫、脱硝、除尘设施均已验收",
            },
        )
        self._act(application, "accept", "service")
        self._act(
            application,
            "report_province",
            "coordination",
            inspectors="陈晓燕、罗佳",
            site_findings=f"CEMS联网正常，比对监测合格（{DEMO_LABEL}）",
            opinion="初审同意执行环保电价",
            no_recording_reason="厂区防爆区域禁止使用电子录像设备（示例数据）",
            province_reviewer=self.people.get("province"),
        )

    def credit_handed_over(self) -> None:
        application = self._online(
            "enterprise-a", "credit-evaluation", {"year": self.today.year - 1}
        )
        self._act(application, "accept", "service")
        self._act(
            application,
            "preliminary_pass",
            "tiedong-staff",
            opinion="年度监管无违法记录",
        )
        self._act(application, "hand_over", "coordination")

    def cems_filed_and_registered(self) -> None:
        application = self._online(
            "enterprise-a",
            "cems-filing",
            {
                "facility": "1号排气筒烟气在线监测系统",
                "change": "新建安装",
                "accepted_on": self.today - timedelta(days=2),
            },
        )
        self._act(application, "file", "tiedong-staff")
        self._act(application, "receive", "monitoring")

    def oral_not_accepted(self) -> None:
        application = self._window(
            "ewaste-qualification",
            {"site": "海城市示例工业园", "scope": "废电视机 10万台/年"},
            channel=Application.Channel.ORAL,
        )
        self._act(
            application,
            "refuse_acceptance",
            "service",
            reasons=[f"拟处理设施位于辽宁省其他城市，不属于本机关管辖（{DEMO_LABEL}）"],
            redirect="处理设施所在地设区的市生态环境局",
        )

    def citizen_draft(self) -> None:
        services.application_create(
            item=ServiceItem.objects.get(code="night-construction"),
            by=self.people["citizen"],
            submission_key=self._key(),
            district=self.city.districts()[1],
            contact_name="示例公众",
            contact_phone="13900000000",
            condition="特殊需要",
            answers=self._night(20),
        )

    def enquiries(self) -> None:
        citizen = self.people["citizen"]
        services.enquiry_ask(
            item=ServiceItem.objects.get(code="hotline-12369"),
            by=citizen,
            question=f"夜间工地噪声应向哪里举报？（{DEMO_LABEL}）",
        )
        asked = services.enquiry_ask(
            item=ServiceItem.objects.get(code="night-construction"),
            by=self.people["enterprise-a"],
            question=f"夜间施工许可一次最长可以申请多少天？（{DEMO_LABEL}）",
        )
        services.enquiry_answer(
            enquiry=asked,
            by=self.people["service"],
            answer="按施工进度计划确定，超过许可期限需重新申请。（示例数据）",
        )
        services.rating_add(by=self.people["enterprise-a"], enquiry=asked, score=4)

    def registers(self) -> None:
        """Radiation licences (one ending within 90 days) and waste assessments."""
        officer = self.people.get("tiedong-head") or self.people["admin"]
        for n, enterprise in enumerate(self.registry[:3]):
            licence = services.licence_register(
                enterprise=enterprise,
                by=officer,
                number=f"辽环辐证[示例{21001 + n}]",
                scope="使用Ⅲ类射线装置（工业探伤）" if n else "使用Ⅴ类放射源（料位计）",
                issuer="辽宁省生态环境厅",
                issued_on=self.today - timedelta(days=365 * 4),
                valid_until=self.today + timedelta(days=60 + 400 * n),
                note=DEMO_LABEL,
            )
            services.licence_event(
                licence=licence,
                by=officer,
                kind="inspection",
                on=self.today - timedelta(days=30),
                note=f"现场检查：警示标识、台账齐全（{DEMO_LABEL}）",
            )
        for n, enterprise in enumerate(self.registry[3:5]):
            services.assessment_record(
                enterprise=enterprise,
                by=officer,
                year=self.today.year,
                kind="hazardous",
                result="basic" if n else "pass",
                score=82 if n else 93,
                findings=f"危险废物识别标志不规范，限期整改（{DEMO_LABEL}）"
                if n
                else "",
                assessed_on=self.today - timedelta(days=10),
            )
