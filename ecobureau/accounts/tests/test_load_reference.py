import copy
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecobureau.accounts.models import DepartmentDuty, ReferenceLoad, Role, Unit
from ecobureau.accounts.reference import loader
from ecobureau.accounts.roles import CATALOGUE
from ecobureau.core.models import Division, Record

pytestmark = pytest.mark.django_db

REAL_ANSHAN_AREAS = {
    "210302": "铁东区",
    "210303": "铁西区",
    "210304": "立山区",
    "210311": "千山区",
    "210321": "台安县",
    "210323": "岫岩满族自治县",
    "210381": "海城市",
}
ANSHAN_ZONES = {"鞍山高新技术产业开发区", "千山风景名胜区", "鞍山经济开发区"}


def load(city: str = "anshan") -> None:
    call_command("load_reference", city=city, verbosity=0)


def snapshot() -> dict[str, Any]:
    return {
        "divisions": list(Division.objects.values().order_by("pk")),
        "units": list(Unit.objects.values().order_by("pk")),
        "duties": list(DepartmentDuty.objects.values().order_by("pk")),
        "loads": ReferenceLoad.objects.count(),
        "records": Record.objects.count(),
    }


def test_anshan_divisions_are_the_real_areas_and_zones_with_townships_below() -> None:
    load()

    city = Division.objects.get(level=1)
    assert (city.code, city.name) == ("210300", "鞍山市")
    level2 = Division.objects.filter(level=2, parent=city)
    assert level2.count() == 10
    real = level2.exclude(kind__in=[Division.Kind.ZONE, Division.Kind.SCENIC_AREA])
    assert dict(real.values_list("code", "name")) == REAL_ANSHAN_AREAS
    zones = level2.filter(kind__in=[Division.Kind.ZONE, Division.Kind.SCENIC_AREA])
    assert set(zones.values_list("name", flat=True)) == ANSHAN_ZONES
    assert all("Z" in code for code in zones.values_list("code", flat=True))
    level3 = Division.objects.filter(level=3).select_related("parent")
    assert level3.count() >= 90
    for township in level3:
        assert township.parent is not None and township.parent.level == 2
        assert township.code.startswith(township.parent.code)
        assert len(township.code) == len(township.parent.code) + 3


def test_each_division_has_its_government_unit() -> None:
    load()

    assert Unit.objects.get(code="gov-210300").name == "鞍山市人民政府"
    assert Unit.objects.get(code="gov-210302").kind == Unit.Kind.GOVERNMENT
    zhanqian = Unit.objects.get(code="gov-210302001")
    assert (zhanqian.name, zhanqian.kind) == ("站前街道办事处", Unit.Kind.TOWNSHIP)
    assert zhanqian.parent == Unit.objects.get(code="gov-210302")
    townships = Division.objects.filter(level=3)
    assert (
        Unit.objects.filter(kind=Unit.Kind.TOWNSHIP, division__in=townships).count()
        == townships.count()
    )


def test_the_26_departments_each_have_duties_from_seed_002() -> None:
    load()

    departments = Unit.objects.filter(kind=Unit.Kind.DEPARTMENT)
    assert departments.count() == 26
    for department in departments:
        duties = list(department.duties.all())
        assert duties, department.name
        assert all(
            duty.source.startswith("盘锦市网格化环境监管体系建设划分方案 四(三)3(")
            for duty in duties
        )
    fagai = Unit.objects.get(code="dept-fagai")
    assert fagai.name == "市发改部门"
    assert "拓宽环保筹融渠道" in " ".join(fagai.duties.values_list("text", flat=True))
    assert not DepartmentDuty.objects.filter(text__contains="?").exists()
    templates = Unit.objects.filter(code__in=["duties-county-gov", "duties-township"])
    assert [t.duties.count() > 0 and not t.is_active for t in templates] == [True] * 2


def test_bureau_units_include_the_legal_section_and_a_sub_bureau_per_area() -> None:
    load()

    legal = Unit.objects.get(code=settings.ACCOUNTABILITY_UNIT_CODE)
    assert (legal.code, legal.short_name, legal.kind) == (
        "legal",
        "法制科",
        Unit.Kind.SECTION,
    )
    bureau = Unit.objects.get(code="bureau")
    assert (bureau.kind, bureau.document_prefix) == (Unit.Kind.BUREAU, "鞍环")
    assert Unit.objects.get(code="team").name == "鞍山市生态环境保护综合行政执法队"
    assert Unit.objects.filter(kind=Unit.Kind.CENTRE).count() == 2
    for area in Division.objects.filter(level=2):
        sub = Unit.objects.get(code=f"sub-{area.code}")
        assert (sub.kind, sub.division, sub.parent) == (
            Unit.Kind.SUB_BUREAU,
            area,
            bureau,
        )
        assert sub.document_prefix.startswith("鞍环")


def test_roles_are_loaded() -> None:
    load()

    assert set(Role.objects.values_list("code", flat=True)) == set(CATALOGUE)


def test_each_dataset_load_is_recorded_once() -> None:
    load()

    loads = ReferenceLoad.objects.all()
    assert sorted(loads.values_list("dataset", flat=True)) == [
        "departments",
        "divisions.anshan",
        "governments.anshan",
        "units.anshan",
    ]
    for entry in loads:
        assert Record.objects.filter(
            action="reference.load",
            target_type="accounts.referenceload",
            target_id=str(entry.pk),
        ).exists()


def test_running_again_changes_nothing_and_is_fast() -> None:
    # given
    with CaptureQueriesContext(connection) as first:
        load()
    before = snapshot()

    # when
    with CaptureQueriesContext(connection) as second:
        load()

    # then: nothing written, and far less work than the first load (counted in
    # queries, not seconds, so a busy machine cannot fail it)
    assert snapshot() == before
    assert len(second) * 3 < len(first), (len(first), len(second))


def test_a_department_the_administrator_deleted_stays_deleted() -> None:
    # given
    load()
    Unit.objects.get(code="dept-haishi").delete()

    # when: run again, and then with a new version of the departments file
    load()
    results = _load_with(_departments_changed(_add_a_duty_to_qita))

    # then
    assert results["departments"].applied
    assert results["departments"].kept_deleted == 1
    assert not Unit.objects.filter(code="dept-haishi").exists()
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).count() == 25


def test_a_new_version_updates_only_rows_still_as_shipped() -> None:
    # given: an administrator renamed one department and edited another's duties
    load()
    Unit.objects.filter(code="dept-gongan").update(name="鞍山市公安局")
    edited = DepartmentDuty.objects.filter(unit__code="dept-fagai").first()
    assert edited is not None
    edited.text = "本市补充的职责。"
    edited.save()

    # when: the next version renames both, rewrites two duty lists and adds one
    def change(rows: list[dict[str, Any]]) -> None:
        by_code = {row["code"]: row for row in rows}
        by_code["dept-gongan"]["name"] = "市公安机关"
        by_code["dept-shuili"]["name"] = "市水务部门"
        by_code["dept-fagai"]["duties"].append("新增的职责。")
        by_code["dept-weiji"]["duties"].append("新增的职责。")
        rows.append({**by_code["dept-qita"], "code": "dept-new", "name": "新部门"})

    results = _load_with(_departments_changed(change))

    # then
    assert Unit.objects.get(code="dept-gongan").name == "鞍山市公安局"
    assert Unit.objects.get(code="dept-shuili").name == "市水务部门"
    fagai = list(DepartmentDuty.objects.filter(unit__code="dept-fagai"))
    assert "本市补充的职责。" in [d.text for d in fagai]
    assert "新增的职责。" not in [d.text for d in fagai]
    weiji = list(
        DepartmentDuty.objects.filter(unit__code="dept-weiji").order_by("sort_order")
    )
    assert weiji[-1].text == "新增的职责。"
    assert Unit.objects.get(code="dept-new").duties.exists()
    result = results["departments"]
    assert (result.created, result.updated, result.kept_changed) == (1, 1, 1)
    assert (result.duties_written, result.duties_kept) == (2, 1)


def test_rows_entered_before_the_first_load_are_left_alone(bureau: Unit) -> None:
    # given: the bureau unit as the test personas make it, with another name
    Unit.objects.filter(pk=bureau.pk).update(name="鞍山市环保局")

    # when
    load()

    # then
    assert Unit.objects.get(code="bureau").name == "鞍山市环保局"
    assert Unit.objects.get(code="legal").parent_id == bureau.pk


def test_panjin_has_the_six_areas_of_c40_and_the_26_departments() -> None:
    load("panjin")

    city = Division.objects.get(level=1)
    assert (city.code, city.name) == ("211100", "盘锦市")
    areas = Division.objects.filter(level=2).order_by("sort_order")
    assert list(areas.values_list("name", flat=True)) == [
        "盘山县",
        "大洼县",
        "兴隆台区",
        "双台子区",
        "辽东湾新区",
        "辽河口生态经济区",
    ]
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).count() == 26
    assert Unit.objects.get(code="gov-2111Z1").name == "辽东湾新区管理委员会"
    assert not Unit.objects.filter(code="legal").exists()


def test_a_plain_rerun_keeps_the_city_already_loaded() -> None:
    load("panjin")

    call_command("load_reference", verbosity=0)

    assert list(Division.objects.filter(level=1).values_list("code", flat=True)) == [
        "211100"
    ]


def test_a_second_city_is_refused() -> None:
    load()

    with pytest.raises(CommandError, match="已有其他城市"):
        load("panjin")
    assert not Division.objects.filter(code="211100").exists()


def test_data_files_are_consistent() -> None:
    for city in loader.CITIES:
        datasets = loader.city_datasets(city)
        names = [dataset.name for dataset in datasets]
        assert len(names) == len(set(names))
        divisions = datasets[0]
        for code, row in divisions.rows.items():
            siblings = [
                other["name"]
                for other in divisions.rows.values()
                if other["parent"] == row["parent"]
            ]
            assert siblings.count(row["name"]) == 1, code


# --- helpers ---------------------------------------------------------------------


def _departments_changed(change: Any) -> Any:
    """A `loader._read` that returns departments.json as `change` edits it."""
    original = loader._read

    def read(name: str) -> Any:
        data = original(name)
        if name == "departments.json":
            data = copy.deepcopy(data)
            data["version"] = "next"
            change(data["rows"])
        return data

    return read


def _add_a_duty_to_qita(rows: list[dict[str, Any]]) -> None:
    next(row for row in rows if row["code"] == "dept-qita")["duties"].append("新职责。")


def _load_with(read: Any) -> dict[str, loader.Result]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "_read", read)
        results, _ = loader.reference_load(city="anshan")
    return {result.dataset: result for result in results}
