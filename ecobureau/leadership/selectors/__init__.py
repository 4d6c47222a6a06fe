"""Reads for the leadership view: periods, levels, the figures and their items.

Every figure is a count (or a sum) over one queryset, and that queryset is the
owning module's own `*_list_for_user(viewer)` narrowed to the level and the period;
the drill-down page lists exactly that queryset. So a figure never counts an item
the viewer could not open, and the drill-down total always equals the figure.

Aggregates no owning module offers are written here, reading those modules'
models read-only (docs/modules/leadership.md lists them): applications decided on
time (casework clocks), penalty decisions' fines, instruments online, the city's
daily AQI over a period and the credit grade distribution.

A package since the file passed 800 lines (docs STYLE §2): `periods`, `levels`,
`items` (the drill-downs), `figures`, `assessment` and one file per owning
module (`engagement` also gives A76's participation beside the assessment).
Callers keep importing `ecobureau.leadership.selectors` and using the names
re-exported here.
"""

from .assessment import (
    assessment_get_for_user,
    assessment_get_public,
    assessment_list_for_user,
    assessment_list_public,
    assessment_stored,
    rankings_of,
    rows_for_user,
    unit_facts,
    unit_scores,
    units_visible,
)
from .engagement import (
    PARTICIPATION_NOTE,
    PARTICIPATION_SECTION,
    may_view_participation,
    participation_for_user,
)
from .figures import Figure, Section, figures
from .findings import (
    MEMBER_UNIT_KINDS,
    finding_list_for_user,
    grassroots_results_for_user,
    may_record_finding,
    member_units,
    notice_get_for_user,
    notice_of,
    notice_units_for_user,
    poor_supervision_from,
)
from .items import (
    DRILLS,
    FILTERS,
    ON_TIME,
    Drill,
    drill_filter,
    drill_items,
    drill_url,
)
from .levels import (
    Level,
    children_of,
    city_level,
    district_level,
    home_level,
    is_city,
    level_get,
    may_view,
    unit_level,
)
from .periods import Period, period_containing, period_parse

__all__ = [
    "DRILLS",
    "FILTERS",
    "MEMBER_UNIT_KINDS",
    "ON_TIME",
    "PARTICIPATION_NOTE",
    "PARTICIPATION_SECTION",
    "Drill",
    "Figure",
    "Level",
    "Period",
    "Section",
    "assessment_get_for_user",
    "assessment_get_public",
    "assessment_list_for_user",
    "assessment_list_public",
    "assessment_stored",
    "children_of",
    "city_level",
    "district_level",
    "drill_filter",
    "drill_items",
    "drill_url",
    "figures",
    "finding_list_for_user",
    "grassroots_results_for_user",
    "home_level",
    "is_city",
    "level_get",
    "may_record_finding",
    "may_view",
    "may_view_participation",
    "member_units",
    "notice_get_for_user",
    "notice_of",
    "notice_units_for_user",
    "participation_for_user",
    "period_containing",
    "period_parse",
    "poor_supervision_from",
    "rankings_of",
    "rows_for_user",
    "unit_facts",
    "unit_level",
    "unit_scores",
    "units_visible",
]
