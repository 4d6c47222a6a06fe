"""Reading complaint texts: normalisation, kinds, sources, names, places."""

import pytest

from ecobureau.lib import complaint_text as ct


def test_traditional_typos_and_pinyin_are_normalised() -> None:
    assert ct.normalise("華信化工廠排放氣味") == "华信化工厂排放气味"
    assert ct.normalise("燥音太大，剌鼻") == "噪音太大,刺鼻"
    assert ct.normalise("Chòu Wèi hen da") == "臭味 很大"
    assert ct.normalise("zaoyin") == "噪音"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("华信化工厂晚上排放刺鼻气味", {"odour"}),
        ("河水发黑发臭，有人偷排", {"water"}),
        ("往河里排废水，有股怪味", {"water"}),  # the water's smell
        ("又排废气又往河里排废水", {"water", "odour"}),
        ("有人在烧垃圾冒黑烟", {"burning", "smoke", "odour"}),  # not dumping
        ("工地扬尘，老鼻子灰了", {"dust"}),
        ("搅拌机轰隆隆响到后半夜，太闹挺了", {"noise"}),
        ("石场放炮震得房子裂缝", {"vibration"}),
        ("养猪场粪水乱排", {"waste", "water", "odour"}),
        ("有人往路边倾倒建筑垃圾", {"waste"}),
        ("东方污水处理厂臭气熏天", {"odour"}),  # the plant's name is not wastewater
        ("影响休息", set()),
    ],
)
def test_kinds_are_read_from_the_text(text: str, expected: set[str]) -> None:
    assert ct.kinds(text) == expected


def test_sources_and_another_source() -> None:
    assert ct.sources("胜利路那个露天洗车的") == {"car_wash"}
    assert ct.other_source("建设街56号烧烤店隔壁的饭店油烟也很大") == "隔壁的饭店"
    # Where the reporter lives or works is not another source.
    assert ct.other_source("我家住在华信化工旁边，天天闻到臭味") == ""
    assert ct.other_source("我在旁边写字楼上班，每天都有馊味") == ""


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("鞍山市华信精细化工有限公司", "华信化工", True),
        ("鞍山市华信精细化工有限公司", "華信化工", True),
        ("鞍山市兴达商品混凝土有限公司", "兴达搅拌站", True),
        ("鞍钢炼铁厂区", "鞍钢炼钢厂区", False),
        ("鞍钢股份炼铁厂区", "鞍钢炼铁厂区", True),
        ("鞍山钢铁集团", "鞍钢", True),
        ("华信化工", "鑫丰化工", False),
        ("华信一厂", "华信二厂", False),
        ("金鼎钢铁", "金鼎特钢", False),
    ],
)
def test_same_enterprise_follows_the_contract_examples(
    a: str, b: str, same: bool
) -> None:
    assert ct.same_enterprise(a, b) is same
    assert ct.same_enterprise(b, a) is same


def test_the_index_key_of_a_name_is_its_brand() -> None:
    assert ct.enterprise_name("鞍山市华信精细化工有限公司").key == "华信"
    assert ct.enterprise_name("興達攪拌站").key == "兴达"


def test_brands_mentioned_in_running_text() -> None:
    assert ct.brands_mentioned("说是华信的厂排的") == {"华信"}
    assert ct.brands_mentioned("鑫丰化工排放废气") == {"鑫丰"}
    assert ct.brands_mentioned("我们这的化工厂") == frozenset()


def test_places_are_read_without_the_division_and_filler() -> None:
    place = ct.place("鞍山市铁东区胜利路88号")
    assert place.houses == {("胜利路", "88")}
    assert ct.place("建设大街二十三号").houses == {("建设大街", "23")}
    assert ct.place("楼下那条胜利路上").roads == {"胜利路"}
    assert ct.place("胜利路与建设街交叉口").landmarks == {"建设街×胜利路"}
    assert ct.place("千山区大孤山镇东沟村").villages == {"东沟村"}
    assert ct.place("千山区大孤山镇东沟村").towns == {"大孤山镇"}
    assert ct.place("马路边上").tokens == frozenset()


def test_distance_and_the_cells_around_a_point_cover_the_radius() -> None:
    assert ct.distance_m(41.0, 123.0, 41.0, 123.0) == 0
    # One thousandth of a degree of latitude is about 111 m.
    assert 110 < ct.distance_m(41.0, 123.0, 41.001, 123.0) < 112
    lat, lng = 41.11, 123.01
    around = set(ct.cells_around(lat, lng, 300))
    for d_lat, d_lng in [(0.0026, 0), (-0.0026, 0), (0, 0.0035), (0, -0.0035)]:
        other = (lat + d_lat, lng + d_lng)
        assert ct.distance_m(lat, lng, *other) <= 300
        assert ct.cell_key(*other) in around
    assert len(ct.cells_around(lat, lng, 2000)) > len(around)
