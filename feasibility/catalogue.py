"""The fixed vocabularies of a feasibility study, from section 4 of the WeGO background paper.

- The five elements the Secretariat looks for in a Letter of Intent (scored 1–5 by reviewers).
- The five components of a study (Table 5-2: EA, TA, LA, RC, FA) and their parts, which become
  a project's structured deliverables.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (code, label, question asked of the applicant city)
ELEMENTS = [
    (
        "commitment",
        _("Commitment to inclusive and sustainable e-Government"),
        _("How is your city committed to developing its own e-Government in an inclusive and sustainable manner?"),
    ),
    (
        "alignment",
        _("Alignment with the government's ICT strategy and vision"),
        _("How does the project align with your government's ICT strategies and vision?"),
    ),
    (
        "partnership",
        _("Partnership and local support to the consultants"),
        _("How will your city take part as a project partner and support the consultants locally?"),
    ),
    (
        "sustainability",
        _("Sustainability beyond completion"),
        _("How will the project remain sustainable after the study is completed?"),
    ),
    (
        "implementation",
        _("Commitment to post-project implementation"),
        _("How will your city implement the study's recommendations after the project?"),
    ),
]
ELEMENT_CODES = [code for code, _label, _question in ELEMENTS]
ELEMENT_LABELS = {code: label for code, label, _question in ELEMENTS}

# (component code, label, [(part code, part label), …])
COMPONENTS = [
    (
        "EA",
        _("Environmental analysis"),
        [
            ("overview", _("Overview")),
            ("policies", _("Overall policies and strategies")),
            ("stakeholders", _("Stakeholder analysis")),
            ("constraints", _("Constraints and issues to address")),
        ],
    ),
    (
        "TA",
        _("Technical analysis"),
        [
            ("ict_status", _("Current ICT status")),
            ("ict_request", _("ICT situation and request for the project")),
            ("design", _("Technical design and approach")),
            ("requirements", _("Requirement analysis")),
            ("swot", _("SWOT analysis")),
        ],
    ),
    (
        "LA",
        _("Legislation and regulation analysis"),
        [
            ("legal", _("Legal and regulatory analysis")),
            ("institutional", _("Institutional analysis")),
            ("framework", _("Suggestions for the legal, regulatory and institutional framework")),
        ],
    ),
    (
        "RC",
        _("Recommendations"),
        [
            ("components", _("Project overview and components")),
            ("priorities", _("Priority of the projects")),
            ("budget", _("Budget planning")),
            ("schedule", _("Schedule")),
            ("monitoring", _("Monitoring and evaluation")),
        ],
    ),
    (
        "FA",
        _("Feasibility assessment and economic analysis"),
        [
            ("demand", _("Demand analysis")),
            ("rationale", _("Project rationale")),
            ("valuation", _("Valuation of benefits and costs")),
            ("monitoring", _("Monitoring and evaluation")),
        ],
    ),
]
COMPONENT_CHOICES = [(code, f"{code} — {label}") for code, label, _parts in COMPONENTS]
PART_CHOICES = sorted({(part, label) for _c, _l, parts in COMPONENTS for part, label in parts}, key=lambda p: p[0])
PART_LABELS = {(code, part): label for code, _l, parts in COMPONENTS for part, label in parts}

# The six-month plan proposed when a project is created: (title, month offset of the due date).
DEFAULT_PLAN = [
    (_("Kick-off meeting with the city"), 0),
    (_("Field mission: interviews and surveys"), 1),
    (_("Environmental, technical and legal analyses delivered"), 3),
    (_("Draft report to the city"), 4),
    (_("Final workshop and final report"), 6),
]
