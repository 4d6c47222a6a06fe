"""What other modules show on the public site: navigation entries, home-page cards
and sections of a public user's "我的" page. Each module registers in ready()."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PortalLink:
    title: str
    url_name: str
    text: str
    order: int
    visible: Callable[[Any], bool] | None = None


NAV: list[PortalLink] = []
HOME_CARDS: list[PortalLink] = []
MY_SECTIONS: list[PortalLink] = []


def _add(target: list[PortalLink], link: PortalLink) -> None:
    if all(existing.url_name != link.url_name for existing in target):
        target.append(link)
        target.sort(key=lambda item: item.order)


def register_nav(title: str, url_name: str, *, order: int) -> None:
    _add(NAV, PortalLink(title, url_name, "", order))


def register_home_card(title: str, url_name: str, text: str, *, order: int) -> None:
    _add(HOME_CARDS, PortalLink(title, url_name, text, order))


def register_my_section(
    title: str,
    url_name: str,
    text: str,
    *,
    order: int,
    visible: Callable[[Any], bool] | None = None,
) -> None:
    _add(MY_SECTIONS, PortalLink(title, url_name, text, order, visible))
