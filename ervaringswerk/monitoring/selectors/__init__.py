"""Aggregates only. Nothing here returns a row about a single person: every figure leaves as a
`Cell` made by `suppression.protect()`, so small numbers are suppressed in every output path.

Each aggregate works on what exists: parts that need an app which has not landed yet (hours,
programmes) report themselves as unavailable instead of failing.

A package by dashboard area (issue 11): `_cells` (cells and tables), `reach`, `outcomes`, `peers`,
`budget` (hours against budget), `organisations` and `report` (the dashboard and the evaluation report).
Everything public is importable from `ervaringswerk.monitoring.selectors` as before.
"""

from ervaringswerk.monitoring.selectors._cells import (  # noqa: F401
    Table,
    organisation,
    peer_count,
    resident,
    resident_count,
    work,
    work_count,
)
from ervaringswerk.monitoring.selectors.budget import (  # noqa: F401
    hours,
    hours_rollup_usable,
)
from ervaringswerk.monitoring.selectors.organisations import (  # noqa: F401
    positions,
    precondition_views,
    preconditions,
)
from ervaringswerk.monitoring.selectors.outcomes import (  # noqa: F401
    SUMMARY_FIELDS,
    change_summary,
    experience,
    experience_own,
    outcome_changes,
    resident_ladder,
)
from ervaringswerk.monitoring.selectors.peers import (  # noqa: F401
    declines,
    deployment_forms,
    joint_support,
    peer_ladder,
    pool_vs_deployed,
    waiting_time,
)
from ervaringswerk.monitoring.selectors.reach import (  # noqa: F401
    Median,
    activation,
    reach,
)
from ervaringswerk.monitoring.selectors.report import (  # noqa: F401
    dashboard,
    decisions_from_learning_sessions,
    go_no_go_decision,
    learning_milestones,
    lessons_from_learning_sessions,
    report_document,
    report_get,
    report_list,
    staff_at_learning,
    success_criteria,
)

__all__ = [
    "Median",
    "SUMMARY_FIELDS",
    "Table",
    "activation",
    "change_summary",
    "dashboard",
    "decisions_from_learning_sessions",
    "declines",
    "deployment_forms",
    "experience",
    "experience_own",
    "go_no_go_decision",
    "report_document",
    "learning_milestones",
    "staff_at_learning",
    "hours",
    "hours_rollup_usable",
    "joint_support",
    "lessons_from_learning_sessions",
    "organisation",
    "outcome_changes",
    "peer_count",
    "peer_ladder",
    "pool_vs_deployed",
    "positions",
    "precondition_views",
    "preconditions",
    "reach",
    "report_get",
    "report_list",
    "resident",
    "resident_count",
    "resident_ladder",
    "success_criteria",
    "waiting_time",
    "work",
    "work_count",
]
