"""`python manage.py rules list` and `python manage.py rules run NAME [--as-of]`.

The public interface to every automatic rule (CONTRACTS.md): JSON lines in on
standard input, one JSON line out per input line, in order. Standard output
carries only JSON; messages go to standard error.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecobureau.core import calendar
from ecobureau.lib import rules

logger = logging.getLogger(__name__)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_JSON_KINDS = {
    "list": "数组",
    "str": "字符串",
    "int": "数字",
    "float": "数字",
    "bool": "布尔值",
    "NoneType": "null",
}


class Command(BaseCommand):
    help = "列出或运行自动判定规则（标准输入每行一个JSON对象，标准输出每行一个结果）"
    # call_command(..., stdin=io.StringIO(...)) in tests, as createsuperuser does.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="每个规则一行：名称、版本、有效期、说明")
        run = actions.add_parser("run", help="对标准输入的每行JSON运行规则")
        run.add_argument("name", help="规则名称，如 deadline")
        run.add_argument(
            "--as-of",
            dest="as_of",
            help="按该日（YYYY-MM-DD）有效的规则版本计算，默认今天",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # JSON lines are UTF-8 whatever the locale says (ensure_ascii=False).
        if self.stdout._out is sys.stdout and isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8")
        if options["action"] == "list":
            self._list()
        else:
            self._run(options["name"], options.get("as_of"), options.get("stdin"))

    def _list(self) -> None:
        for rule in rules.all_rules():
            line = {
                "name": rule.name,
                "version": rule.version,
                "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
                "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
                "description": rule.description,
            }
            self._emit(line)

    def _run(self, name: str, as_of_text: str | None, stdin: IO[str] | None) -> None:
        as_of = _as_of(as_of_text)
        try:
            rule = rules.get(name, as_of)
        except rules.UnknownRuleError as error:
            raise CommandError(error.message) from None
        ctx = rules.RuleContext(as_of=as_of, calendar=calendar.current())
        failures = 0
        for line in _lines(stdin):
            result, failed = _decide(rule, ctx, line)
            failures += failed
            self._emit(result)
        if failures:
            # An exception other than RuleInputError is a bug in the rule, not a
            # bad input line: the lines went on, but the exit status says so.
            raise CommandError(f"{failures}行因程序错误未能判定，详见上方日志")

    def _emit(self, value: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(value, ensure_ascii=False))
        self.stdout.flush()


def _as_of(text: str | None) -> date:
    if text is None:
        return timezone.localdate()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of 应为YYYY-MM-DD格式的日期，收到“{text}”") from None


def _lines(stdin: IO[str] | None) -> Iterator[str | None]:
    """Input lines as text, None for a line that is not UTF-8.

    The real standard input is read as bytes and decoded as UTF-8 whatever the
    locale, so one badly encoded line gets its own error line instead of
    stopping the run.
    """
    stream = stdin if stdin is not None else sys.stdin
    binary = getattr(stream, "buffer", None) if stdin is None else None
    if binary is None:
        for line in stream:
            yield line.rstrip("\r\n")
        return
    for raw in binary:
        try:
            yield raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            yield None


def _decide(
    rule: rules.Rule, ctx: rules.RuleContext, line: str | None
) -> tuple[dict[str, Any], int]:
    """The output object for one input line, and 1 if the rule failed with a bug."""
    if line is None:
        return {"error": "输入行不是UTF-8编码的文本"}, 0
    if not line.strip():
        return {"error": "空行：每行应为一个JSON对象"}, 0
    try:
        data = json.loads(line.lstrip("\ufeff"))
    except ValueError:
        return {"error": "输入行不是有效的JSON（须为一个JSON对象）"}, 0
    if not isinstance(data, dict):
        kind = type(data).__name__
        return {"error": f"输入行应为一个JSON对象（{{…}}），收到{_JSON_KINDS[kind]}"}, 0
    try:
        return rule.run(data, ctx), 0
    except rules.RuleInputError as error:
        return {"error": error.message}, 0
    except Exception:
        logger.exception("rule %s %s failed on %r", rule.name, rule.version, line)
        return {"error": "规则程序出错，未能判定本行，已记录日志"}, 1
