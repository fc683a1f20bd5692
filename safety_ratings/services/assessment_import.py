"""Importing a year's assessments of a commune's units from .xlsx (nhập kết quả đánh giá).

The template holds one row per unit of the grid (unit id, name, registration, one column per
typed criterion, evidence notes). An upload is checked in full first: every bad row is
listed with its column, value and reason; the check also runs the services inside a
transaction that is rolled back, so whatever they would refuse is listed too and nothing is
kept. The commit runs the same rows again and keeps all of them or none.

An empty cell keeps what the dossier holds; a row that changes nothing is skipped, so a
template downloaded and uploaded again is a no-op.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from organizations.models import AdministrativeUnit, User
from organizations.search import fold_diacritics

from ..models import Assessment, RatedUnit, UnitKind
from ..permissions import rated_units_editable_by
from ..selectors.grid import OPEN_STATUSES, Grid, grid_units
from ..selectors.units import criteria_version_for
from .grid import grid_registration_set, grid_verdicts_set

# The headers are the file's format (read back by the import), so they are fixed Vietnamese
# strings rather than translatable UI text.
COL_UNIT = "Mã đơn vị"
COL_NAME = "Tên đơn vị"
COL_STATUS = "Trạng thái hồ sơ"
COL_REGISTERED_ON = "Ngày đăng ký"
COL_RESOLUTION = "Nghị quyết chi bộ"
COL_TOTAL = "Tổng số hộ"
COL_HOUSEHOLDS = "Số hộ đăng ký"
CRITERION_PREFIX = "Tiêu chí "
NOTE_PREFIX = "Minh chứng tiêu chí "
SHEET_TITLE = "Đánh giá"
MET, NOT_MET = "Đạt", "Không đạt"
DATE_FORMAT = "DD/MM/YYYY"
MAX_ROWS = 5000

REGISTRATION_COLUMNS = {
    COL_REGISTERED_ON: "registered_on",
    COL_RESOLUTION: "party_resolution",
    COL_TOTAL: "households_total",
    COL_HOUSEHOLDS: "households_registered",
}
RESIDENTIAL_ONLY = (COL_TOTAL, COL_HOUSEHOLDS)
FIELD_COLUMNS = {name: column for column, name in REGISTRATION_COLUMNS.items()}
INFORMATION_COLUMNS = (COL_NAME, COL_STATUS)
MET_WORDS = {"dat", "d"}
NOT_MET_WORDS = {"khong dat", "kd", "k", "khong"}


@dataclass(frozen=True)
class ImportProblem:
    """One reason a row cannot be imported, where it is in the file."""

    row: int | None
    column: str
    value: str
    reason: str


@dataclass
class ImportOutcome:
    """What a check or a commit found: the problems, and how many rows change."""

    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0
    changed: int = 0
    registered: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Row:
    number: int
    unit: RatedUnit
    cells: dict[str, object]
    registration: dict = field(default_factory=dict)
    verdicts: dict[int, bool | None] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)


# -- the template --------------------------------------------------------------------------


def _headers(grid: Grid) -> list[str]:
    headers = [COL_UNIT, COL_NAME, COL_STATUS, COL_REGISTERED_ON, COL_RESOLUTION]
    if grid.is_residential:
        headers += [COL_TOTAL, COL_HOUSEHOLDS]
    headers += [f"{CRITERION_PREFIX}{c.number}" for c in grid.typed_criteria]
    headers += [f"{NOTE_PREFIX}{c.number}" for c in grid.typed_criteria]
    return headers


def _verdict_text(met: bool | None) -> str:
    return "" if met is None else (MET if met else NOT_MET)


def assessment_import_template(*, grid: Grid) -> bytes:
    """The workbook to fill: the grid's units, pre-filled with what their dossiers hold."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    headers = _headers(grid)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in grid.rows:
        assessment = row.assessment
        results = {r.criterion_id: r for r in assessment.year_results} if assessment else {}
        values = [row.unit.pk, row.unit.name, row.status_label,
                  assessment.registered_on if assessment else None,
                  assessment.party_resolution if assessment else ""]  # fmt: skip
        if grid.is_residential:
            values += [
                assessment.households_total if assessment else row.unit.households,
                assessment.households_registered if assessment else None,
            ]
        typed = grid.typed_criteria
        values += [_verdict_text(results[c.pk].self_met if c.pk in results else None)
                   for c in typed]  # fmt: skip
        values += [results[c.pk].evidence if c.pk in results else "" for c in typed]
        sheet.append(values)
    date_column = headers.index(COL_REGISTERED_ON) + 1
    for (cell,) in sheet.iter_rows(min_row=2, min_col=date_column, max_col=date_column):
        cell.number_format = DATE_FORMAT
    first = headers.index(f"{CRITERION_PREFIX}{grid.typed_criteria[0].number}") + 1 if (
        grid.typed_criteria) else None  # fmt: skip
    if first is not None:
        last = first + len(grid.typed_criteria) - 1
        validation = DataValidation(
            type="list", formula1=f'"{MET},{NOT_MET}"', allow_blank=True, showErrorMessage=True,
            errorTitle=_("Giá trị không hợp lệ"), error=_("Chọn Đạt hoặc Không đạt."),
        )  # fmt: skip
        sheet.add_data_validation(validation)
        start = sheet.cell(row=2, column=first).coordinate
        end = sheet.cell(row=max(2, len(grid.rows) + 1), column=last).coordinate
        validation.add(f"{start}:{end}")
    for index, header in enumerate(headers, start=1):
        width = 34 if header in (COL_NAME, COL_RESOLUTION) or header.startswith(NOTE_PREFIX) else 14
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "C2"
    _guide_sheet(book, grid)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _guide_sheet(book: Workbook, grid: Grid) -> None:
    guide = book.create_sheet(_("Hướng dẫn"))
    commune = grid.commune.name if grid.commune else ""
    lines = [
        [_("Kết quả đánh giá “An toàn về an ninh, trật tự” năm %(year)s") % {"year": grid.year}],
        [_("Địa bàn"), commune],
        [_("Loại đơn vị"), grid.kind_label],
        [_("Bộ tiêu chí"), grid.version.regulation],
        [_("Kỳ đánh giá"), f"{grid.window[0]:%d/%m/%Y} – {grid.window[1]:%d/%m/%Y}"],
        [],
        [_("Ghi “Đạt” hoặc “Không đạt” ở mỗi cột tiêu chí; ô để trống giữ nguyên kết quả đã có.")],
        [_("Không sửa cột “Mã đơn vị”. Ngày ghi dạng dd/mm/yyyy.")],
        [_("Tiêu chí do hệ thống tính (số hộ đăng ký, tỷ lệ đơn vị) không có cột để nhập.")],
        [],
        [_("Tiêu chí"), _("Nội dung"), _("Cách xác định")],
    ]
    for line in lines:
        guide.append(line)
    for criterion in grid.criteria:
        how = criterion.get_rule_display() if criterion.is_computed else _("Nhập")
        guide.append([criterion.number, criterion.text, how])
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 90


# -- reading cells --------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _unit_id(value: object) -> int:
    text = _text(value)
    if not text.isdigit():
        raise ValueError(_("Mã đơn vị phải là số, như trong tệp mẫu."))
    return int(text)


def _date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValueError(_("Ngày không hợp lệ, hãy ghi dạng dd/mm/yyyy (ví dụ 15/02/2026)."))


def _count(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        # "1.234" and "1 234" are how people write thousands here.
        text = _text(value).replace(".", "").replace(" ", "")
        if not text.lstrip("-").isdigit():
            raise ValueError(_("Phải là số nguyên."))
        number = int(text)
    if number < 0:
        raise ValueError(_("Không được âm."))
    return number


def _verdict(value: object) -> bool:
    folded = fold_diacritics(_text(value))
    if folded in MET_WORDS:
        return True
    if folded in NOT_MET_WORDS:
        return False
    raise ValueError(_("Ghi “Đạt” hoặc “Không đạt” (hoặc để trống để giữ nguyên)."))


def _registration_value(column: str, value: object) -> object:
    if column == COL_REGISTERED_ON:
        return _date(value)
    if column in RESIDENTIAL_ONLY:
        return _count(value)
    return _text(value)


# -- checking and applying ------------------------------------------------------------------


class _Reader:
    """Reads the sheet into rows to write, collecting every problem on the way."""

    def __init__(self, *, commune: AdministrativeUnit, year: int, kind: str, user: User):
        self.commune = commune
        self.year = year
        self.kind = kind
        self.user = user
        self.version = criteria_version_for(kind, year)
        self.window_end = self.version.window_for(year)[1]
        self.criteria = {c.number: c for c in self.version.criteria.all()}
        self.problems: list[ImportProblem] = []

    def problem(self, row: int | None, column: str, value: object, reason: str) -> None:
        self.problems.append(ImportProblem(row, column, _text(value), reason))

    def columns(self, header: tuple) -> dict[int, str]:
        """Position → header, for the headers the import understands; others are problems."""
        known = {COL_UNIT, *INFORMATION_COLUMNS, *REGISTRATION_COLUMNS}
        typed = {c.number for c in self.criteria.values() if not c.is_computed}
        by_folded = {fold_diacritics(name): name for name in known}
        for number in self.criteria:
            by_folded[fold_diacritics(f"{CRITERION_PREFIX}{number}")] = (
                f"{CRITERION_PREFIX}{number}"
            )
            by_folded[fold_diacritics(f"{NOTE_PREFIX}{number}")] = f"{NOTE_PREFIX}{number}"
        columns: dict[int, str] = {}
        for index, raw in enumerate(header):
            text = _text(raw)
            if not text:
                continue
            name = by_folded.get(fold_diacritics(text))
            if name is None:
                self.problem(
                    1, text, "", _("Cột không có trong tệp mẫu; hãy xóa hoặc sửa tên cột.")
                )
                continue
            if name in columns.values():
                self.problem(1, text, "", _("Cột bị lặp lại."))
                continue
            if name in RESIDENTIAL_ONLY and self.kind != UnitKind.RESIDENTIAL_AREA:
                self.problem(1, text, "", _("Cột này chỉ dùng cho khu dân cư."))
                continue
            number = name.removeprefix(NOTE_PREFIX).removeprefix(CRITERION_PREFIX)
            if name.startswith((CRITERION_PREFIX, NOTE_PREFIX)) and number not in typed:
                self.problem(1, text, "", _(
                    "Tiêu chí %(number)s do hệ thống tính, không nhập; hãy xóa cột này."
                ) % {"number": number})  # fmt: skip
                continue
            columns[index] = name
        if COL_UNIT not in columns.values():
            self.problem(1, COL_UNIT, "", _("Thiếu cột “Mã đơn vị”; hãy dùng tệp mẫu."))
        return columns

    def units(self, ids: set[int]) -> tuple[dict[int, RatedUnit], set[int], dict[int, Assessment]]:
        units = {
            unit.pk: unit
            for unit in rated_units_editable_by(self.user)
            .filter(pk__in=ids)
            .select_related("commune", "legacy_commune")
        }
        expected = set(
            grid_units(commune=self.commune, kind=self.kind, day=self.window_end)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        expected &= units.keys()  # a unit the user may not edit is reported as unknown
        assessments = {
            a.rated_unit_id: a
            for a in Assessment.objects.filter(
                rated_unit_id__in=expected, year=self.year
            ).prefetch_related("results")
        }
        return units, expected, assessments

    def unit_problem(self, unit: RatedUnit | None, unit_id: int) -> str:
        if unit is None:
            return _("Không có đơn vị mã %(id)s trong phạm vi của bạn.") % {"id": unit_id}
        if unit.kind != self.kind:
            return _("%(unit)s là %(kind)s, không phải %(expected)s.") % {
                "unit": unit.name, "kind": unit.get_kind_display(),
                "expected": UnitKind(self.kind).label,
            }  # fmt: skip
        commune_id = unit.commune_on(self.window_end)
        if commune_id != self.commune.pk:
            other = unit.legacy_commune if commune_id == unit.legacy_commune_id else unit.commune
            return _("%(unit)s thuộc %(other)s, không thuộc %(commune)s.") % {
                "unit": unit.name, "other": other.name, "commune": self.commune.name,
            }  # fmt: skip
        return _("%(unit)s không còn hiệu lực vào cuối kỳ đánh giá năm %(year)s (%(day)s).") % {
            "unit": unit.name, "year": self.year, "day": self.window_end.strftime("%d/%m/%Y"),
        }  # fmt: skip

    def read(self, content: bytes) -> tuple[list[_Row], int, int]:
        """The rows that change something, how many data rows, how many change nothing."""
        sheet_rows = _sheet_rows(content)
        if not sheet_rows:
            self.problem(None, "", "", _("Tệp không có dữ liệu."))
            return [], 0, 0
        columns = self.columns(sheet_rows[0][1])
        data = [(n, values) for n, values in sheet_rows[1:]
                if any(_text(v) for v in values)]  # fmt: skip
        if len(data) > MAX_ROWS:
            self.problem(None, "", len(data), _("Tệp có quá %(max)s dòng.") % {"max": MAX_ROWS})
            return [], len(data), 0
        if COL_UNIT not in columns.values():
            return [], len(data), 0
        unit_index = next(i for i, name in columns.items() if name == COL_UNIT)
        ids: dict[int, int] = {}
        for number, values in data:
            raw = values[unit_index] if unit_index < len(values) else None
            if not _text(raw):
                self.problem(number, COL_UNIT, raw, _("Thiếu mã đơn vị."))
                continue
            try:
                ids[number] = _unit_id(raw)
            except ValueError as error:
                self.problem(number, COL_UNIT, raw, str(error))
        units, expected, assessments = self.units(set(ids.values()))
        rows, unchanged, seen = [], 0, {}
        for number, values in data:
            if number not in ids:
                continue
            unit_id = ids[number]
            if unit_id in seen:
                reason = _("Đơn vị đã có ở dòng %(row)s.") % {"row": seen[unit_id]}
                self.problem(number, COL_UNIT, unit_id, reason)
                continue
            seen[unit_id] = number
            if unit_id not in expected:
                self.problem(
                    number, COL_UNIT, unit_id, self.unit_problem(units.get(unit_id), unit_id)
                )
                continue
            cells = {name: values[i] for i, name in columns.items() if i < len(values)}
            row = self.row(number, units[unit_id], cells, assessments.get(unit_id))
            if row is None:
                continue
            if row.registration or row.verdicts or row.notes:
                rows.append(row)
            else:
                unchanged += 1
        return rows, len(data), unchanged

    def row(
        self, number: int, unit: RatedUnit, cells: dict[str, object], assessment: Assessment | None
    ) -> _Row | None:
        """The changes one row asks for; None when it has a problem (already recorded)."""
        row = _Row(number=number, unit=unit, cells=cells)
        before = len(self.problems)
        for column, name in REGISTRATION_COLUMNS.items():
            raw = cells.get(column)
            if not _text(raw):
                continue
            try:
                value = _registration_value(column, raw)
            except ValueError as error:
                self.problem(number, column, raw, str(error))
                continue
            # The template shows an unregistered area's households from the unit list; left
            # as is, it asks for nothing (registration takes that figure anyway).
            current = (
                getattr(assessment, name) if assessment is not None
                else unit.households if name == "households_total" else None
            )  # fmt: skip
            if current != value:
                row.registration[name] = value
        results = {r.criterion_id: r for r in assessment.results.all()} if assessment else {}
        for criterion in self.criteria.values():
            if criterion.is_computed:
                continue
            result = results.get(criterion.pk)
            column = f"{CRITERION_PREFIX}{criterion.number}"
            raw = cells.get(column)
            if _text(raw):
                try:
                    met = _verdict(raw)
                except ValueError as error:
                    self.problem(number, column, raw, str(error))
                else:
                    if result is None or result.self_met is not met:
                        row.verdicts[criterion.pk] = met
            note = _text(cells.get(f"{NOTE_PREFIX}{criterion.number}"))
            if note and (result is None or result.evidence != note):
                row.notes[criterion.pk] = note
        self.check_households(row, assessment)
        if len(self.problems) > before:
            return None
        changes = bool(row.registration or row.verdicts or row.notes)
        if changes and assessment is not None and assessment.status not in OPEN_STATUSES:
            column = next(
                (FIELD_COLUMNS[name] for name in row.registration),
                next((f"{CRITERION_PREFIX}{c.number}" for c in self.criteria.values()
                      if c.pk in row.verdicts or c.pk in row.notes), ""),
            )  # fmt: skip
            self.problem(number, column, cells.get(column), _(
                "Hồ sơ đang ở trạng thái “%(status)s”; đơn vị không thể sửa nữa."
            ) % {"status": assessment.get_status_display()})  # fmt: skip
            return None
        return row

    def check_households(self, row: _Row, assessment: Assessment | None) -> None:
        if self.kind != UnitKind.RESIDENTIAL_AREA:
            return
        total = row.registration.get("households_total")
        if total is None:
            total = assessment.households_total if assessment else row.unit.households
        registered = row.registration.get("households_registered")
        if registered is None and assessment is not None:
            registered = assessment.households_registered
        if total is not None and registered is not None and registered > total:
            self.problem(row.number, COL_HOUSEHOLDS, row.cells.get(COL_HOUSEHOLDS) or registered,
                         _("Số hộ đăng ký (%(registered)s) lớn hơn tổng số hộ (%(total)s).")
                         % {"registered": registered, "total": total})  # fmt: skip


def _sheet_rows(content: bytes) -> list[tuple[int, tuple]]:
    """(Excel row number, values) of the assessment sheet, or of the first sheet."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        raise ValidationError(
            _("Không đọc được tệp Excel: tệp hỏng hoặc sai định dạng.")
        ) from error
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        return [(number, tuple(values)) for number, values in
                enumerate(sheet.iter_rows(values_only=True), start=1)]  # fmt: skip
    finally:
        book.close()


def _apply(row: _Row, *, year: int, by: User | None) -> bool:
    """Write one row through the grid services; True when it registered the unit."""
    registered = False
    if row.registration:
        existed = Assessment.objects.filter(rated_unit=row.unit, year=year).exists()
        grid_registration_set(rated_unit=row.unit, year=year, fields=row.registration, by=by)
        registered = not existed
    if row.verdicts or row.notes:
        existed = registered or Assessment.objects.filter(rated_unit=row.unit, year=year).exists()
        grid_verdicts_set(
            rated_unit=row.unit, year=year, verdicts=row.verdicts, notes=row.notes, by=by
        )
        registered = registered or not existed
    return registered


def _service_problems(row: _Row, error: ValidationError) -> list[ImportProblem]:
    if not hasattr(error, "error_dict"):
        return [ImportProblem(row.number, "", "", " ".join(error.messages))]
    problems = []
    for name, messages in error.message_dict.items():
        column = FIELD_COLUMNS.get(name, "")
        problems.append(
            ImportProblem(row.number, column, _text(row.cells.get(column)), " ".join(messages))
        )
    return problems


def _run(
    *, content: bytes, commune: AdministrativeUnit, year: int, kind: str, user: User, commit: bool
) -> ImportOutcome:
    try:
        reader = _Reader(commune=commune, year=year, kind=kind, user=user)
        rows, total, unchanged = reader.read(content)
    except ValidationError as error:
        return ImportOutcome(problems=[ImportProblem(None, "", "", " ".join(error.messages))])
    outcome = ImportOutcome(problems=reader.problems, rows=total, unchanged=unchanged)
    with transaction.atomic():
        for row in rows:
            try:
                # A savepoint per row: a refused row is undone alone, so the others are still
                # checked and every refusal is listed.
                with transaction.atomic():
                    outcome.registered += _apply(row, year=year, by=user)
            except ValidationError as error:
                outcome.problems.extend(_service_problems(row, error))
            else:
                outcome.changed += 1
        if outcome.problems or not commit:
            transaction.set_rollback(True)
    if outcome.problems:
        outcome.changed = outcome.registered = 0
        outcome.problems.sort(key=lambda p: p.row or 0)
    return outcome


def assessment_import_check(
    *, content: bytes, commune: AdministrativeUnit, year: int, kind: str, user: User
) -> ImportOutcome:
    """The dry run: every problem of the file, and what it would change; nothing is kept."""
    return _run(content=content, commune=commune, year=year, kind=kind, user=user, commit=False)


def assessment_import_commit(
    *, content: bytes, commune: AdministrativeUnit, year: int, kind: str, user: User
) -> ImportOutcome:
    """Write every row, or none when any row is refused (the outcome then lists why)."""
    return _run(content=content, commune=commune, year=year, kind=kind, user=user, commit=True)
