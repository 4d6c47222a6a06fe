"""Free text made fit to publish: given names, phones and addresses masked, and
every ID number, mobile number and (when asked) street-and-number address."""

from ecobureau.lib.deidentify import ADDRESS_HIDDEN, mask_text

TEXT = "钱秘芳（身份证210302199001011234，电话13912345678）反映其住所铁东区幽兰街88号3单元附近烧烤店油烟扰民，座机0412-5550100。"


def test_names_numbers_and_house_addresses_are_masked() -> None:
    out = mask_text(TEXT, names=["钱秘芳"], house_addresses=True)
    for private in ("钱秘芳", "210302199001011234", "13912345678", "幽兰街88号"):
        assert private not in out
    assert ADDRESS_HIDDEN in out and "烧烤店油烟扰民" in out
    assert "0412-5550100" in out  # a landline not given as the person's stays


def test_only_what_is_asked() -> None:
    out = mask_text(TEXT)
    assert "钱秘芳" in out and "幽兰街88号" in out  # no names or addresses given
    assert "210302199001011234" not in out and "13912345678" not in out
    assert mask_text("华信化工厂，法定代表人张大伟", names=["张大伟"]).startswith(
        "华信化工厂"
    )


def test_longest_name_first_and_given_phone() -> None:
    out = mask_text(
        "王小明和王小是两人，0412-1234567",
        names=["王小", "王小明"],
        phones=["0412-1234567"],
    )
    assert "王小明" not in out and "王小是" not in out
    assert "0412-1234567" not in out
