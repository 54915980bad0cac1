"""Models of the WeGO Awards (re-exported here: `from awards.models import Entry`)."""

from .editions import (  # noqa: F401
    DEFAULT_CATEGORIES,
    DEFAULT_CRITERIA,
    FINALISTS_PER_CATEGORY,
    WEGO_CRITERIA,
    Category,
    Criterion,
    Edition,
)
from .entries import (  # noqa: F401
    MAX_DOCUMENTS,
    MAX_IMAGES,
    Entry,
    EntryDocument,
    EntryImage,
    normalise_text,
    organisation_key,
)
from .judging import Assignment, Judge, Score  # noqa: F401
from .results import Finalist, Prize, Shortlist, TieDecision, Vote  # noqa: F401
