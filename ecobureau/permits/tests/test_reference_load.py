"""`manage.py load_reference` loads the catalogue on every start: idempotent,
and it never undoes what staff changed in the UI."""

import io
import json

import pytest
from django.core.management import call_command

from ecobureau.core.models import Record
from ecobureau.permits import catalogue as catalogue_file
from ecobureau.permits import reference, services
from ecobureau.permits.models import CatalogueLoad, LegalBasis, Material, ServiceItem


@pytest.fixture
def shipped_file(tmp_path, monkeypatch):
    """A copy of the catalogue file the test may change (a newer version)."""
    path = tmp_path / "items.json"
    path.write_text(catalogue_file.CATALOGUE_FILE.read_text(encoding="utf-8"))
    monkeypatch.setattr(catalogue_file, "CATALOGUE_FILE", path)
    return path


def _ship(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["items"])
    data["version"] = "2026-12-01"
    path.write_text(json.dumps(data, ensure_ascii=False))


@pytest.mark.django_db
def test_a_second_load_changes_nothing(catalogue):
    records = Record.objects.count()
    out = io.StringIO()
    reference.load(out, 1)
    assert "未变化" in out.getvalue()
    assert CatalogueLoad.objects.count() == 1
    assert Record.objects.count() == records


@pytest.mark.django_db
def test_load_reference_command_loads_the_catalogue(sections, sub_bureau_a):
    out = io.StringIO()
    call_command("load_reference", "--city", "anshan", stdout=out)
    assert "permits.catalogue" in out.getvalue()
    assert ServiceItem.objects.count() == 18
    assert Material.objects.filter(item__code="night-construction").count() == 12


@pytest.mark.django_db
def test_a_new_version_updates_untouched_items_and_keeps_staff_edits(
    shipped_file, catalogue, city_leader
):
    # given: staff edited one item's place and hours in the UI
    night = ServiceItem.objects.get(code="night-construction")
    services.item_update(
        item=night,
        by=city_leader,
        changes={"place_and_hours": "鞍山市政务服务中心一楼37号窗口"},
    )

    # when: a new file changes both that item and another one
    def change(items):
        for entry in items:
            if entry["code"] in ("night-construction", "river-outlet"):
                entry["place_and_hours"] = "新地址"
                entry["faq"] = "新问答"

    _ship(shipped_file, change)
    result = services.catalogue_load()

    # then: the untouched item takes the new text; the edited one keeps the edit
    assert result.applied and result.updated == 1 and result.kept_changed == 1
    assert ServiceItem.objects.get(code="river-outlet").faq == "新问答"
    night.refresh_from_db()
    assert night.place_and_hours == "鞍山市政务服务中心一楼37号窗口"
    assert night.faq == "无"  # the whole field group is the staff's now


@pytest.mark.django_db
def test_a_deleted_item_is_not_recreated(shipped_file, catalogue):
    ServiceItem.objects.filter(code="air-forecast").delete()
    _ship(shipped_file, lambda items: items[0].update(fees="不收费"))
    result = services.catalogue_load()
    assert result.kept_deleted == 1
    assert not ServiceItem.objects.filter(code="air-forecast").exists()


@pytest.mark.django_db
def test_new_legal_basis_replaces_the_old_list_only_if_untouched(
    shipped_file, catalogue, city_leader
):
    item = ServiceItem.objects.get(code="medical-waste-waterway")
    before = item.legal_bases.count()

    def change(items):
        for entry in items:
            if entry["code"] == "medical-waste-waterway":
                entry["legal_basis"].append(
                    {
                        "law": "新规定",
                        "articles": "第一条",
                        "text": "",
                        "valid_from": "2027-01-01",
                        "valid_to": None,
                        "status": "2nd",
                        "note": "",
                    }
                )

    _ship(shipped_file, change)
    services.catalogue_load()
    assert LegalBasis.objects.filter(item=item).count() == before + 1
