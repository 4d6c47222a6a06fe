from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ecobureau.lib import canonical_json


def test_same_value_gives_same_text_whatever_the_key_order() -> None:
    assert canonical_json.dumps({"b": 1, "a": [2, 3]}) == canonical_json.dumps(
        {"a": [2, 3], "b": 1}
    )


def test_times_are_utc_and_decimals_strings() -> None:
    local = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    text = canonical_json.dumps(
        {"at": local, "fine": Decimal("300000.00"), "名称": "铁东"}
    )
    assert text == '{"at":"2026-11-23T01:30:00Z","fine":"300000.00","名称":"铁东"}'


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        canonical_json.dumps({"x": [0.1]})
