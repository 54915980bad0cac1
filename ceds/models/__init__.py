"""CeDS models, re-exported: framework, investigations, reports, library (modules, actions, forum)."""

from .framework import Dimension, FrameworkVersion, Indicator, SystemGroup, SystemItem
from .investigations import (
    MAX_PER_YEAR,
    CedsProfile,
    Investigation,
    MaturityAnswer,
    Stakeholder,
    SystemAnswer,
)
from .library import ActionItem, ForumPost, ForumTopic, Module, ModuleDocument, ModuleLink, PeerContactRequest
from .reports import Report, Score

__all__ = [
    "MAX_PER_YEAR",
    "ActionItem",
    "PeerContactRequest",
    "CedsProfile",
    "Dimension",
    "ForumPost",
    "ForumTopic",
    "FrameworkVersion",
    "Indicator",
    "Investigation",
    "MaturityAnswer",
    "Module",
    "ModuleDocument",
    "ModuleLink",
    "Report",
    "Score",
    "Stakeholder",
    "SystemAnswer",
    "SystemGroup",
    "SystemItem",
]
