"""Every write of membership finance (keyword-only arguments, atomic, audited).

schedules.py: fee schedules. fee_runs.py: the fee run (every active member priced for a year, in chunks
that survive a killed worker). invoices.py: invoice numbers, the fee a member would pay, one member's
invoice. credit_notes.py: reissuing an invoice behind a credit note. payments.py: payments received.
revenue.py: donations and other revenue. notifications.py: mails about new and overdue invoices.
economy.py: country economy figures (an IMF WEO file, a hand entry).

`finance.services.<name>` keeps working for every name. The fee run's chunk size is
`finance.services.fee_runs.CHUNK` (None: the FEE_RUN_CHUNK setting); set it there (a test, a benchmark).
"""

from .credit_notes import *  # noqa: F401,F403
from .credit_notes import __all__ as _credit_notes_all
from .economy import *  # noqa: F401,F403
from .economy import __all__ as _economy_all
from .fee_runs import *  # noqa: F401,F403
from .fee_runs import __all__ as _fee_runs_all
from .invoices import *  # noqa: F401,F403
from .invoices import __all__ as _invoices_all
from .notifications import *  # noqa: F401,F403
from .notifications import __all__ as _notifications_all
from .payments import *  # noqa: F401,F403
from .payments import __all__ as _payments_all
from .revenue import *  # noqa: F401,F403
from .revenue import __all__ as _revenue_all
from .schedules import *  # noqa: F401,F403
from .schedules import __all__ as _schedules_all

__all__ = [
    *_credit_notes_all,
    *_economy_all,
    *_fee_runs_all,
    *_invoices_all,
    *_notifications_all,
    *_payments_all,
    *_revenue_all,
    *_schedules_all,
]
