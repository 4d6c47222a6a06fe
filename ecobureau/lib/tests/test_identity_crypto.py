"""Reporters' identities: encrypted at rest, matched by blind index, rotated."""

import pytest

from ecobureau.lib import identity_crypto as ic

RING_1 = ic.parse_ring(ic.generate_key("k1"))


def test_a_value_round_trips_and_is_not_stored_in_clear() -> None:
    token = ic.encrypt(RING_1, "张三", field="name")
    assert "张三" not in token and token.startswith("k1:")
    assert ic.decrypt(RING_1, token, field="name") == "张三"
    # Random nonces: the same value encrypts differently each time.
    assert ic.encrypt(RING_1, "张三", field="name") != token


def test_a_ciphertext_cannot_be_moved_to_another_field_or_altered() -> None:
    token = ic.encrypt(RING_1, "210302199001011234", field="id_number")
    with pytest.raises(ic.DecryptionError):
        ic.decrypt(RING_1, token, field="phone")
    version, _, body = token.partition(":")
    altered = version + ":" + body[:-4] + ("AAAA" if body[-4:] != "AAAA" else "BBBB")
    with pytest.raises(ic.DecryptionError):
        ic.decrypt(RING_1, altered, field="id_number")


def test_rotation_keeps_old_values_readable_and_lookups_finding_them() -> None:
    old = ic.encrypt(RING_1, "13800000001", field="phone")
    index_old = ic.blind_index(RING_1, "138 0000 0001", field="phone")
    ring_2 = ic.parse_ring(ic.generate_key("k2") + ",\n" + _entry(RING_1))
    assert ring_2.current[0] == "k2"
    assert ic.decrypt(ring_2, old, field="phone") == "13800000001"
    assert ic.encrypt(ring_2, "x", field="phone").startswith("k2:")
    # The stored index (under k1) is among those a lookup tries.
    assert index_old in ic.blind_indexes(ring_2, "13800000001", field="phone")
    assert ic.blind_index(ring_2, "13800000001", field="phone") != index_old


def _entry(ring: ic.KeyRing) -> str:
    import base64

    version, key = ring.current
    return f"{version}:{base64.b64encode(key).decode()}"


def test_the_blind_index_ignores_spacing_and_case() -> None:
    one = ic.blind_index(RING_1, "21030219900101123x", field="id_number")
    assert one == ic.blind_index(RING_1, " 210302 19900101 123X", field="id_number")
    assert one != ic.blind_index(RING_1, "210302199001011239", field="id_number")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "为空"),
        ("k1", "版本:Base64密钥"),
        ("k1:not-base64!", "不是有效的Base64"),
        ("k1:" + "QUFB", "应为32字节"),
    ],
)
def test_bad_rings_are_refused(text: str, message: str) -> None:
    with pytest.raises(ic.KeyRingError, match=message):
        ic.parse_ring(text)


def test_masks() -> None:
    assert ic.mask_name("张三丰") == "张**"
    assert ic.mask_id_number("210302199001011234") == "210***********1234"
    assert ic.mask_phone("13800000001") == "138****0001"
    assert ic.mask_account("6222 0000 1111 2345") == "****2345"
