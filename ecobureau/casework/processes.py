"""Processes owned by the casework core itself."""

from .workflow import ClockSpec, Process, Step, Transition

ACCOUNTABILITY_HANDLERS = ("legal_reviewer", "section_head", "bureau_leader")

# 责任追究 (seed 000 相关制度 五): a missed clock or a recorded lapse is looked into
# and concluded with an outcome, or dismissed with reasons (requirements A27).
# The 15-working-day limit is the bureau's own practice, not a statutory one.
ACCOUNTABILITY = Process(
    model="casework.accountability",
    steps=[
        Step(
            "open",
            "待核查",
            work_title="{case}",
            clock=ClockSpec(
                "责任追究核查期限", 15, "workdays", basis="本局责任追究制度（内部时限）"
            ),
        ),
        Step("investigating", "核查中", work_title="{case}"),
        Step("concluded", "已办结", terminal=True),
        Step("dismissed", "不予追究", terminal=True),
    ],
    transitions=[
        Transition(
            "investigate",
            "开始核查",
            source=["open"],
            target="investigating",
            roles=ACCOUNTABILITY_HANDLERS,
        ),
        Transition(
            "conclude",
            "办结",
            source=["investigating"],
            target="concluded",
            roles=ACCOUNTABILITY_HANDLERS,
            requires=["findings", "outcome"],
        ),
        Transition(
            "dismiss",
            "不予追究",
            source=["open", "investigating"],
            target="dismissed",
            roles=ACCOUNTABILITY_HANDLERS,
            requires=["findings"],
        ),
    ],
)

# Staff roles that handle cases: they upload evidence, and answer correction
# orders addressed to their unit.
CASE_HANDLER_ROLES = (
    "enforcement_officer",
    "enforcement_head",
    "sub_bureau_staff",
    "sub_bureau_head",
    "section_staff",
    "section_head",
    "service_staff",
    "legal_reviewer",
    "grid_officer",
)
RECORDING_REVIEWERS = ("legal_reviewer", "bureau_leader")

# 限期整改 of recordings (全过程记录实施办法 第三十七条 "由法制科责令限期整改",
# requirements A48): the legal section orders a unit to correct a finding within a
# number of days it chooses; the unit reports what it corrected; the legal section
# accepts, or returns it for another round. The "ordered" step's clock and work
# item are opened by `services.recording_correction_issue` and
# `recording_correction_return`, because the number of days is the legal
# section's choice, not a fixed limit of the step.
RECORDING_CORRECTION = Process(
    model="casework.recordingcorrection",
    steps=[
        Step("ordered", "整改中"),
        Step("responded", "待验收", work_title="整改情况待验收：{case}"),
        Step("accepted", "已验收", terminal=True),
        Step("withdrawn", "已撤销", terminal=True),
    ],
    transitions=[
        Transition(
            "respond",
            "报送整改情况",
            source=["ordered"],
            target="responded",
            roles=CASE_HANDLER_ROLES,
            requires=["response"],
        ),
        Transition(
            "accept",
            "验收通过",
            source=["responded"],
            target="accepted",
            roles=RECORDING_REVIEWERS,
        ),
        Transition(
            "return",
            "退回重新整改",
            source=["responded"],
            target="ordered",
            roles=RECORDING_REVIEWERS,
            requires=["review_opinion"],
        ),
        Transition(
            "withdraw",
            "撤销",
            source=["ordered", "responded"],
            target="withdrawn",
            roles=RECORDING_REVIEWERS,
            requires=["review_opinion"],
        ),
    ],
    # The ordered unit keeps seeing its orders while the legal section holds them.
    scope_fields={
        "district": "district",
        "township": "township",
        "unit": "ordered_unit",
    },
)
