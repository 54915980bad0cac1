"""Models of the governance app: bodies, offices and meetings (bodies.py); votes (voting.py)."""

from .bodies import (  # noqa: F401
    AgendaItem,
    Attendance,
    Decision,
    ExecutiveCommitteeSeat,
    GeneralAssembly,
    HostBid,
    Meeting,
    MeetingDocument,
    OfficeTerm,
)
from .voting import (  # noqa: F401
    Candidacy,
    Election,
    ElectionLogEntry,
    Motion,
    OpenBallot,
    RollEntry,
    SecretBallot,
    VoterRecord,
)
