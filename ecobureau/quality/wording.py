"""Sentences this module builds in Python that are both kept and shown (issue 13).

A `Text` is the Chinese sentence itself — a `str`, so what is stored, hashed,
compared and printed by `rules run` stays the Chinese text, byte for byte — and
also remembers its msgid (marked with `gettext_noop` where it is written) and its
arguments, so a page can show it in the reader's language at render time with
`text.shown()` (templates: `{{ line.shown }}`). Arguments that are themselves
`Text` or `Listing` are shown in the reader's language too; others (numbers,
names typed by staff) are shown as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext


def shown(value: object) -> str:
    """`value` in the reader's language when it knows how, else as it is."""
    if isinstance(value, Text | Listing):
        return value.shown()
    return str(value)


class Text(str):
    msgid: str
    args: dict[str, object]

    def __new__(cls, msgid: str, **args: object) -> Text:
        chinese = msgid % {k: str(v) for k, v in args.items()} if args else msgid
        text = super().__new__(cls, chinese)
        text.msgid = msgid
        text.args = args
        return text

    def shown(self) -> str:
        if not self.args:
            return gettext(self.msgid)
        return gettext(self.msgid) % {k: shown(v) for k, v in self.args.items()}


class Listing(str):
    """Items joined by 、 in Chinese, by the translated separator when shown."""

    items: tuple[object, ...]

    def __new__(cls, items: Iterable[object]) -> Listing:
        items = tuple(items)
        listing = super().__new__(cls, "、".join(str(item) for item in items))
        listing.items = items
        return listing

    def shown(self) -> str:
        return gettext("、").join(shown(item) for item in self.items)
