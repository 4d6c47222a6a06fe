import pytest

from ecobureau.lib import credit_code

# Real published codes (腾讯科技（深圳）有限公司, 阿里巴巴（中国）网络技术有限公司).
VALID = ["9144030071526726XG", "91330100799655058B"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code: str) -> None:
    assert credit_code.validate(code) == code


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(credit_code.CreditCodeError, match="第18位应为“G”"):
        credit_code.validate("9144030071526726XA")


@pytest.mark.parametrize("code", ["9144030071526726X", "9144030071526726XGG", ""])
def test_wrong_length_is_refused_with_the_length(code: str) -> None:
    with pytest.raises(credit_code.CreditCodeError, match=f"当前为{len(code)}位"):
        credit_code.validate(code)


def test_lowercase_is_refused_by_the_validator_but_normalised_for_forms() -> None:
    typed = " 9144030071526726xg "
    with pytest.raises(credit_code.CreditCodeError, match="不允许的字符"):
        credit_code.validate(typed.strip())
    assert credit_code.validate(credit_code.normalize(typed)) == "9144030071526726XG"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_outside_the_gb32100_alphabet_are_refused(letter: str) -> None:
    with pytest.raises(credit_code.CreditCodeError, match=letter):
        credit_code.validate(f"91440300715267{letter}6XG")
