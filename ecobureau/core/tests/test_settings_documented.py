import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_environment_variable_is_in_env_example() -> None:
    source = (ROOT / "ecobureau" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_(?:str|bool|int|list|secret)\("([A-Z_]+)"', source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    documented = set(
        re.findall(
            r"^#?\s*([A-Z_]+)=",
            (ROOT / ".env.example").read_text(encoding="utf-8"),
            re.M,
        )
    )
    assert read - documented == set(), "add these to .env.example with a comment"
