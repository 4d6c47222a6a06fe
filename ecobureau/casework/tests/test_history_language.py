"""The history card (casework/_history.html) names casework's own actions and the
role of a public actor in the reader's language; the stored labels stay Chinese
(ADR 0015) and the Chinese card is unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

from django.template.loader import render_to_string
from django.utils import translation

from ..selectors import ACTION_LABELS, HistoryEntry


def _card(language: str) -> str:
    entries = [
        HistoryEntry(
            1, datetime(2026, 11, 20, 2, 0, tzinfo=UTC), "系统", "开始计时", {}
        ),
        HistoryEntry(
            2,
            datetime(2026, 11, 20, 3, 0, tzinfo=UTC),
            "申请人/企业",
            "上传附件",
            {"note": "整改照片"},
        ),
    ]
    with translation.override(language):
        return render_to_string("casework/_history.html", {"history": entries})


def test_history_reads_in_english_and_chinese_unchanged():
    chinese = _card("zh-hans")
    assert "系统：开始计时" in chinese
    assert "申请人/企业：上传附件，整改照片" in chinese
    english = _card("en")
    assert "System: Clock started" in english
    assert "Applicant / enterprise: Attachment uploaded, 整改照片" in english
    assert ACTION_LABELS["clock.start"] == "开始计时"
