"""The data model: every table of the product, each row scoped by workspace (`team_id`).

One module per area. Importing this package declares every table on `Base`, whose registry and
metadata resolve the relationships and foreign keys named by string across modules.
"""

# In the order the tables have always been declared: `Base.metadata.tables` keeps it.
# isort: off
from bot.store.models.base import Base, UTCDateTime
from bot.store.models.projects import ROLES, Member, Project, ProjectVersion, Workspace
from bot.store.models.tasks import (
    PRIORITIES,
    TASK_CLOSED,
    TASK_STATUSES,
    Change,
    Milestone,
    Task,
    TaskDependency,
)
from bot.store.models.risks import RISK_STATUSES, Risk
from bot.store.models.resources import RESOURCE_KINDS, Claim, CostEntry, EffortEntry, Resource
from bot.store.models.standups import (
    Absence,
    Blocker,
    StandupReminder,
    StandupReply,
    StandupRound,
)
from bot.store.models.surveys import Survey, SurveyMessage, SurveyResponse
from bot.store.models.bookkeeping import Alert, HandledRequest, JobRun, UserProfile
# isort: on

__all__ = [
    "PRIORITIES",
    "RESOURCE_KINDS",
    "RISK_STATUSES",
    "ROLES",
    "TASK_CLOSED",
    "TASK_STATUSES",
    "Absence",
    "Alert",
    "Base",
    "Blocker",
    "Change",
    "Claim",
    "CostEntry",
    "EffortEntry",
    "HandledRequest",
    "JobRun",
    "Member",
    "Milestone",
    "Project",
    "ProjectVersion",
    "Resource",
    "Risk",
    "StandupReminder",
    "StandupReply",
    "StandupRound",
    "Survey",
    "SurveyMessage",
    "SurveyResponse",
    "Task",
    "TaskDependency",
    "UTCDateTime",
    "UserProfile",
    "Workspace",
]
