"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters: registration authority (1), organisation type (1), administrative
division (6), organisation code (9), check character (1). The alphabet has 31
characters (digits and upper-case letters without I, O, Z, S, V); the check character
is 31 - (sum of value x weight mod 31), where weight i is 3**i mod 31 (GB 32100-2015
section 4.3 and annex).
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {char: index for index, char in enumerate(ALPHABET)}


class CreditCodeError(ValueError):
    """The code is not a valid unified social credit code; the message is Chinese."""


def check_character(first17: str) -> str:
    total = sum(
        _VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def normalize(raw: str) -> str:
    """What a person typed, as the code: spaces removed, letters in upper case."""
    return "".join(raw.split()).upper()


def validate(code: str) -> str:
    """Return the code if valid (exactly as GB 32100 writes it), else raise.

    Lower-case letters are refused here; forms call `normalize` first.
    """
    if len(code) != 18:
        raise CreditCodeError(f"统一社会信用代码应为18位，当前为{len(code)}位。")
    bad = [char for char in code if char not in _VALUES]
    if bad:
        shown = "、".join(sorted(set(bad)))
        raise CreditCodeError(
            f"统一社会信用代码含有不允许的字符：{shown}（只能是数字和除I、O、Z、S、V以外的大写字母）。"
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError(
            f"统一社会信用代码校验位错误：第18位应为“{expected}”，请核对是否录入有误。"
        )
    return code


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except CreditCodeError:
        return False
    return True
