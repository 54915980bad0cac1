"""Models of the feasibility app: thematic priorities, calls, letters, reviews, projects, economics."""

from .calls import Call, CallDocument, LetterOfIntent  # noqa: F401
from .projects import (  # noqa: F401
    Deliverable,
    DeliverableDocument,
    EconomicAnalysis,
    EconomicYear,
    ImplementationReport,
    Milestone,
    Project,
    ProjectConsultant,
    ProjectOutcome,
)
from .reviews import Review, Reviewer  # noqa: F401
from .themes import Theme, ThemeRanking, ThemeRankingEntry, ThemeSurvey  # noqa: F401
