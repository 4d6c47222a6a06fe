"""Completion standards per measure type (seed 001 四(一)), the five conditions
of a petition case (四(二)) and the task grade (附件1 (一); CONTRACTS task-grade)."""

import pytest

from .. import standards


@pytest.mark.parametrize(
    ("kind", "evidence", "missing"),
    [
        # 四(一)1: the document issued AND in force.
        ("policy", {"issued": "文件"}, ["in_force"]),
        # 四(一)2: works finished AND the completion acceptance done.
        ("engineering", {"built": "完工"}, ["accepted"]),
        # 四(一)4: penalty carried out, complied with, violation corrected.
        ("case", {"penalised": "已罚"}, ["complied", "corrected"]),
        # 四(一)5: accountability carried out.
        ("accountability", {}, ["held"]),
        ("accountability", {"held": "处分决定"}, []),
    ],
)
def test_measure_standard_lists_conditions_without_evidence(kind, evidence, missing):
    found = standards.measure_missing(kind, evidence, needs_clearing=False)
    assert [c.code for c in found] == missing


def test_closure_needs_clearing_only_when_buildings_must_go():
    # 四(一)3: "需要对建筑物或设施等进行拆除或清理，已完成拆除或清理的"
    evidence = {"done": "已关停"}
    assert standards.measure_missing("closure", evidence, needs_clearing=False) == []
    missing = standards.measure_missing("closure", evidence, needs_clearing=True)
    assert [c.code for c in missing] == ["cleared"]


def test_petition_case_needs_all_five_conditions():
    # 四(二): "群众举报问题应同时满足下列条件，视为整改完成"
    missing = standards.petition_missing({"investigated": "笔录", "solved": " "})
    assert [c.code for c in missing] == [
        "solved",
        "punished",
        "accountable",
        "satisfied",
    ]


def test_satisfaction_of_neighbours_when_complainant_unknown():
    # 四(二)5: "无法确定投诉人的，要征得周边或利害关系群众的认可"
    assert "周边或利害关系群众" in standards.satisfaction_label(False)
    assert "投诉人" in standards.satisfaction_label(True)


@pytest.mark.parametrize(
    ("all_done", "on_schedule", "target", "grade"),
    [
        (True, True, True, "优秀"),
        (False, True, True, "良好"),
        (False, False, True, "合格"),
        (True, False, True, "合格"),
        (True, True, False, "不合格"),
        (False, False, False, "不合格"),
    ],
)
def test_task_grade_follows_the_seed(all_done, on_schedule, target, grade):
    assert (
        standards.task_grade(
            all_done=all_done, on_schedule=on_schedule, target_met=target
        )
        == grade
    )
