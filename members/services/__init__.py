"""Every write of the membership app: keyword-only arguments, atomic, audited.

roles.py: the staff groups and their permissions. members.py: member organisations, their region and
status. officials.py: officials, roles and invitations. applications.py: membership applications.
withdrawals.py: withdrawal requests. partners.py: partners' API keys. clock.py: the time the services read
(so that a test can move `members.services.clock.timezone_now`). notifications.py: who
is told.
"""

from .applications import *  # noqa: F401,F403
from .applications import __all__ as _applications_all
from .clock import *  # noqa: F401,F403
from .clock import __all__ as _clock_all
from .members import *  # noqa: F401,F403
from .members import __all__ as _members_all
from .officials import *  # noqa: F401,F403
from .officials import __all__ as _officials_all
from .partners import *  # noqa: F401,F403
from .partners import __all__ as _partners_all
from .roles import *  # noqa: F401,F403
from .roles import __all__ as _roles_all
from .withdrawals import *  # noqa: F401,F403
from .withdrawals import __all__ as _withdrawals_all

__all__ = [
    *_applications_all,
    *_clock_all,
    *_members_all,
    *_officials_all,
    *_partners_all,
    *_roles_all,
    *_withdrawals_all,
]
