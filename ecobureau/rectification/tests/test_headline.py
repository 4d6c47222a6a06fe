"""E1 (seed 004): "18项整改任务已按时保质完成15项，剩余3项将于年底前完成" — and what
that sentence would hide: late completions, late open items, items due later."""

from ecobureau.rectification.selectors import ProgressLine, headline


def _line(**counts: int) -> ProgressLine:
    values = {"total": 18, "done": 15, "done_on_time": 15, "open": 3, "late": 0,
              "due_this_year": 3, "at_risk": 0}  # fmt: skip
    values.update(counts)
    return ProgressLine(label="第二轮", **values)


def test_the_seeds_sentence() -> None:
    assert headline(_line()) == "18项整改任务已按时保质完成15项，剩余3项将于年底前完成"


def test_all_done() -> None:
    line = _line(done=18, done_on_time=18, open=0, due_this_year=0)
    assert headline(line) == "18项整改任务已按时保质完成18项"


def test_late_completions_and_open_items_are_said() -> None:
    line = _line(done=15, done_on_time=13, late=1, due_this_year=1)
    assert headline(line) == (
        "18项整改任务已按时保质完成13项，逾期完成2项，剩余3项"
        "（其中1项超期，1项年底前到期，1项明年及以后到期）"
    )
