"""The offline workbook: download an investigation as .xlsx, fill it in, upload it back.

Sheets: "About" (the framework version in B2, the investigation in B3), "Maturity" and "Systems"
(one row per question: the code in a hidden, locked column A, the answer and the note in unlocked
columns). Sheets are protected (no password: it only guards against accidental edits) so that only
the answer cells can be changed. An upload is validated as a whole and nothing is written until every
row is clean.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from .models import Indicator, Investigation, SystemItem
from .selectors import maturity_answers_map, system_answers_map
from .services import AnswerInput, answers_save

MAX_UPLOAD = 5 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MATURITY_HEADERS = ["code", "Dimension", "Question", "Levels (0–4)", "Your level (0–4)", "Evidence note"]
SYSTEM_HEADERS = ["code", "Group", "System", "Question", "Your answer (0–3)", "Note"]
ANSWER_COL, NOTE_COL = 5, 6
NOTE_MAX_LENGTH = 2000  # as on the section pages (ceds.forms.SectionForm)
MAX_ERRORS = 100  # a workbook this wrong is listed up to here; reading stops, nothing is saved


def _header(ws, headers: list[str]) -> None:
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].hidden = True
    for letter, width in zip("BCDEF", (22, 60, 60, 14, 40), strict=True):
        ws.column_dimensions[letter].width = width


def _unlock(ws, row: int) -> None:
    for col in (ANSWER_COL, NOTE_COL):
        ws.cell(row=row, column=col).protection = Protection(locked=False)
    for col in (3, 4):
        ws.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="top")


def workbook_build(*, investigation: Investigation) -> bytes:
    """The investigation as a workbook with the current answers filled in."""
    version = investigation.version
    wb = Workbook()
    about = wb.active
    about.title = "About"
    about.append(["CeDS investigation", str(investigation.member)])
    about.append(["Framework version", version.version])
    about.append(["Investigation", investigation.pk])
    about.append(["Year / slot", f"{investigation.year} / {investigation.slot}"])
    about.append([])
    about.append([_("Fill in the Maturity and Systems sheets, then upload this file on the investigation page.")])
    about.append([_("Maturity: a level from 0 (absent) to 4 (optimised). Systems: 0 absent, 1 planned, "
                    "2 in place, 3 in use and integrated.")])
    about.append([version.notice])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 60
    about.protection.sheet = True

    answers = maturity_answers_map(investigation=investigation)
    ws = wb.create_sheet("Maturity")
    _header(ws, MATURITY_HEADERS)
    levels_dv = DataValidation(type="whole", operator="between", formula1="0", formula2="4", allow_blank=True)
    ws.add_data_validation(levels_dv)
    indicators = Indicator.objects.filter(version=version).select_related("dimension").order_by(
        "dimension__order", "order", "code"
    )
    for row, ind in enumerate(indicators, start=2):
        answer = answers.get(ind.pk)
        levels = "\n".join(f"{n}: {ind.levels.get(str(n), '')}" for n in range(5))
        ws.append([ind.code, ind.dimension.name, ind.question, levels,
                   answer.level if answer else None, answer.note if answer else None])
        levels_dv.add(ws.cell(row=row, column=ANSWER_COL))
        _unlock(ws, row)
    ws.protection.sheet = True

    sys_answers = system_answers_map(investigation=investigation)
    ws = wb.create_sheet("Systems")
    _header(ws, SYSTEM_HEADERS)
    value_dv = DataValidation(type="whole", operator="between", formula1="0", formula2="3", allow_blank=True)
    ws.add_data_validation(value_dv)
    items = SystemItem.objects.filter(version=version).select_related("group").order_by("group__order", "order", "code")
    for row, item in enumerate(items, start=2):
        answer = sys_answers.get(item.pk)
        ws.append([item.code, item.group.name, item.name, item.question,
                   answer.value if answer else None, answer.note if answer else None])
        value_dv.add(ws.cell(row=row, column=ANSWER_COL))
        _unlock(ws, row)
    ws.protection.sheet = True

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class ParsedWorkbook:
    maturity: dict[int, tuple[int, str]] = field(default_factory=dict)  # indicator id → (level, note)
    systems: dict[int, tuple[int, str]] = field(default_factory=dict)  # system item id → (value, note)
    errors: list[str] = field(default_factory=list)


def _int_answer(raw) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError
        return int(raw)
    return int(str(raw).strip())


def _read_sheet(ws, *, known: dict[str, int], top: int, kind: str, result: ParsedWorkbook, target: dict) -> None:
    seen: set[str] = set()
    for row_number, row in enumerate(ws.iter_rows(min_row=2, max_col=NOTE_COL, values_only=True), start=2):
        if len(result.errors) >= MAX_ERRORS:
            return
        code = (str(row[0]).strip() if row and row[0] is not None else "")
        answer_raw = row[ANSWER_COL - 1] if len(row) >= ANSWER_COL else None
        note = row[NOTE_COL - 1] if len(row) >= NOTE_COL else None
        if not code:
            if answer_raw not in (None, ""):
                result.errors.append(_("%(sheet)s row %(row)d: an answer without a code.") % {"sheet": ws.title, "row": row_number})
            continue
        if code not in known:
            result.errors.append(
                _("%(sheet)s row %(row)d: unknown %(kind)s “%(code)s” (not in this framework version).")
                % {"sheet": ws.title, "row": row_number, "kind": kind, "code": code}
            )
            continue
        if code in seen:
            result.errors.append(_("%(sheet)s row %(row)d: “%(code)s” appears twice.") % {"sheet": ws.title, "row": row_number, "code": code})
            continue
        seen.add(code)
        try:
            value = _int_answer(answer_raw)
        except (TypeError, ValueError):
            value = -1
        if value is None:
            continue
        if not 0 <= value <= top:
            result.errors.append(
                _("%(sheet)s row %(row)d (%(code)s): “%(value)s” is not a whole number from 0 to %(top)d.")
                % {"sheet": ws.title, "row": row_number, "code": code, "value": answer_raw, "top": top}
            )
            continue
        note = str(note).strip() if note is not None else ""
        if len(note) > NOTE_MAX_LENGTH:
            result.errors.append(
                _("%(sheet)s row %(row)d (%(code)s): the note is %(length)d characters long; shorten it to %(max)d or fewer.")
                % {"sheet": ws.title, "row": row_number, "code": code, "length": len(note), "max": NOTE_MAX_LENGTH}
            )
            continue
        target[known[code]] = (value, note)


def workbook_parse(*, investigation: Investigation, upload) -> ParsedWorkbook:
    """Read and check an uploaded workbook; `errors` lists every problem with its sheet and row."""
    result = ParsedWorkbook()
    if upload.size > MAX_UPLOAD:
        result.errors.append(_("The file is larger than 5 MB."))
        return result
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        result.errors.append(_("This is not an Excel workbook (.xlsx)."))
        return result
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is the same error for the user
        result.errors.append(_("The workbook could not be read. Download a fresh copy and fill it in again."))
        return result
    missing = [name for name in ("About", "Maturity", "Systems") if name not in wb.sheetnames]
    if missing:
        result.errors.append(_("Sheets missing: %s.") % ", ".join(missing))
        return result
    version_cell = wb["About"]["B2"].value
    if str(version_cell or "").strip() != investigation.version.version:
        result.errors.append(
            _("This workbook is for framework version “%(found)s”; this investigation uses %(expected)s. "
              "Download the workbook of this investigation.")
            % {"found": version_cell or "?", "expected": investigation.version.version}
        )
        return result
    indicators = dict(Indicator.objects.filter(version=investigation.version).values_list("code", "pk"))
    items = dict(SystemItem.objects.filter(version=investigation.version).values_list("code", "pk"))
    _read_sheet(wb["Maturity"], known=indicators, top=4, kind=_("indicator"), result=result, target=result.maturity)
    _read_sheet(wb["Systems"], known=items, top=3, kind=_("system"), result=result, target=result.systems)
    wb.close()
    if len(result.errors) >= MAX_ERRORS:
        result.errors = result.errors[:MAX_ERRORS]
        result.errors.append(_("More rows may be wrong: correct these first, then upload the workbook again."))
    return result


def workbook_import(*, investigation: Investigation, upload, by) -> ParsedWorkbook:
    """Validate the workbook, then save all its answers in one transaction (nothing if any row is wrong)."""
    parsed = workbook_parse(investigation=investigation, upload=upload)
    if parsed.errors:
        return parsed
    if not parsed.maturity and not parsed.systems:
        parsed.errors.append(_("The workbook has no answers."))
        return parsed
    try:
        answers_save(
            investigation=investigation,
            maturity={pk: AnswerInput(v, n) for pk, (v, n) in parsed.maturity.items()},
            systems={pk: AnswerInput(v, n) for pk, (v, n) in parsed.systems.items()},
            by=by,
        )
    except ValidationError as exc:
        parsed.errors.extend(exc.messages)
    return parsed
