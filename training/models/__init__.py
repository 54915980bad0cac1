"""Models of the training app: programs and sessions (programs.py), applications, attendance,
certificates and feedback (applications.py), remote technical support (support.py)."""

from .applications import Application, Attendance, Certificate, Feedback  # noqa: F401
from .programs import AgendaItem, Program, Session, TrainingRequest  # noqa: F401
from .support import SupportAttachment, SupportMessage, SupportRequest  # noqa: F401
