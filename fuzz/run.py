"""`make fuzz`: property-based fuzzing of the parsers and rules that take input
from outside, far beyond what the suite runs. Each target must either give an
answer or refuse with its documented Chinese error — never raise anything else.

    python -m fuzz.run [--examples 200000]
"""

import argparse
import contextlib
import json
import os
import sys
from datetime import date

import django
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=200_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings_test")
    django.setup()
    from ecobureau.lib import credit_code, cron, workdays
    from ecobureau.lib.rules import RuleContext, RuleInputError, get

    profile = settings(
        max_examples=args.examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    deadline = get("deadline", date(2026, 11, 22))
    context = RuleContext(as_of=date(2026, 11, 22), calendar=workdays.Calendar())
    json_values = st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=12),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=8,
    )
    keys = st.sampled_from(["start", "amount", "unit", "pauses", "extra"])

    @profile
    @given(
        st.dictionaries(
            keys,
            json_values
            | st.dates().map(str)
            | st.sampled_from(["workdays", "days", "months", "hours"]),
            max_size=5,
        )
    )
    def deadline_rule(data: dict) -> None:
        try:
            out = deadline.run(json.loads(json.dumps(data)), context)
        except RuleInputError as error:
            assert error.message
        else:
            assert "due" in out and "explain" in out

    @profile
    @given(st.text(max_size=24))
    def credit_codes(text: str) -> None:
        try:
            credit_code.validate(credit_code.normalize(text))
        except credit_code.CreditCodeError as error:
            assert str(error)

    @profile
    @given(st.text(alphabet="0123456789*/,- ", max_size=24))
    def cron_expressions(text: str) -> None:
        with contextlib.suppress(cron.CronError):
            cron.parse(text)

    for target in (deadline_rule, credit_codes, cron_expressions):
        print(
            f"fuzzing {target.__name__} with {args.examples} examples", file=sys.stderr
        )
        target()
    print("no unexpected exception", file=sys.stderr)


if __name__ == "__main__":
    main()
