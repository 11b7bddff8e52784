"""Reading another tracker's file: which tool wrote it, which column means what, each row.

Pure: it receives the file's text (a stream of lines) and yields rows as
applications; nothing here touches the database. ``history_import`` stores them.

Formats are recognised by their header: a format claims a file when every one
of its signature columns is there. A file no format claims is read through
header aliases ("Employer" is the company, "Position" the role...), and
``--map column=field`` names the rest.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from functools import lru_cache
from typing import TextIO

from nextround.domain.calendar import MONTHS
from nextround.domain.errors import InvalidInput
from nextround.domain.model import Application, ApplicationStatus, StatusChange
from nextround.services.when import check_when

FORMULA_STARTS = ("=", "+", "-", "@")

# what a column can mean; "ignore" drops a column the aliases would otherwise take
FIELDS = {
    "company": "the company",
    "role": "the role or job title",
    "status": "where it stands (our words or the tracker's)",
    "applied": "the date you applied",
    "created": "the date the job was saved to the tracker",
    "moved": "the date it last changed status",
    "url": "the job advert's address",
    "location": "where the job is",
    "salary": "the salary as advertised",
    "notes": "anything else worth keeping",
    "source": "where you found it",
    "id": "the tracker's own id for the row (makes re-importing exact)",
    "history": "a status history written by nextround's export",
    "ignore": "nothing: leave this column out",
}

# header aliases for any other CSV, compared without case, spaces, dashes or underscores
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ("company", "companyname", "employer", "organisation", "organization"), "company"
    ),
    **dict.fromkeys(
        ("role", "title", "jobtitle", "position", "job", "jobname", "positiontitle"), "role"
    ),
    **dict.fromkeys(("status", "stage", "state", "applicationstatus", "liststage"), "status"),
    **dict.fromkeys(
        ("applied", "date", "appliedon", "applieddate", "dateapplied", "applicationdate"),
        "applied",
    ),
    **dict.fromkeys(("url", "link", "joburl", "joblink", "posting", "postingurl"), "url"),
    **dict.fromkeys(("location", "city", "place"), "location"),
    **dict.fromkeys(("salary", "pay", "compensation", "salaryrange"), "salary"),
    **dict.fromkeys(("notes", "note", "comments", "comment"), "notes"),
    **dict.fromkeys(("source", "jobsource", "foundvia", "channel"), "source"),
}

# the words trackers use for where an application stands, as ours
STATUS_WORDS: dict[str, ApplicationStatus] = {
    **dict.fromkeys(
        (
            "saved",
            "wishlist",
            "wish list",
            "bookmarked",
            "interested",
            "evaluated",
            "to apply",
            "not applied",
            "not yet applied",
            "draft",
            "planned",
        ),
        ApplicationStatus.SAVED,
    ),
    **dict.fromkeys(
        (
            "applied",
            "application sent",
            "submitted",
            "in review",
            "under review",
            "responded",
            "acknowledged",
            "pending",
            "waiting",
            "received",
            "application confirmation",
            "application received",
        ),
        ApplicationStatus.APPLIED,
    ),
    **dict.fromkeys(
        (
            "interviewing",
            "interview",
            "interviews",
            "screen",
            "screening",
            "phone screen",
            "recruiter screen",
            "technical",
            "assessment",
            "onsite",
            "final round",
            "in progress",
            "interview invitation",
            "interview scheduled",
        ),
        ApplicationStatus.INTERVIEWING,
    ),
    **dict.fromkeys(
        ("offer", "offered", "job offer", "offer received", "accepted", "offer accepted", "hired"),
        ApplicationStatus.OFFER,
    ),
    **dict.fromkeys(
        (
            "rejected",
            "rejection",
            "not selected",
            "not moving forward",
            "declined by them",
            "unsuccessful",
            "closed",
        ),
        ApplicationStatus.REJECTED,
    ),
    **dict.fromkeys(
        (
            "withdrawn",
            "withdrew",
            "discarded",
            "skip",
            "skipped",
            "archived",
            "not interested",
            "declined",
            "offer declined",
        ),
        ApplicationStatus.WITHDRAWN,
    ),
}


@dataclass(frozen=True, slots=True)
class TrackerFormat:
    """One tool's export: the columns that identify it and what each of its columns means."""

    name: str
    label: str
    signature: tuple[str, ...]
    columns: Mapping[str, str]
    month_first: bool = True  # how the tool writes 03/04/2026 (US tools: 4 March is 03/04)


FORMATS = (
    TrackerFormat(
        name="nextround",
        label="a nextround export",
        signature=("nextround id", "company", "role", "status history"),
        columns={
            "nextround id": "ignore",  # ids are one database's own: match by the natural key
            "company": "company",
            "role": "role",
            "status": "status",
            "applied": "applied",
            "source": "source",
            "url": "url",
            "location": "location",
            "salary": "salary",
            "notes": "notes",
            "status history": "history",
        },
        month_first=False,
    ),
    TrackerFormat(
        name="huntr",
        label="Huntr (CSV export)",
        signature=("companyName", "title", "listName"),
        columns={
            "id": "id",
            "_id": "id",
            "companyName": "company",
            "title": "role",
            "listName": "status",
            "createdAt": "created",
            "lastMovedAt": "moved",
            "url": "url",
            "location": "location",
            "salary": "salary",
            "notes": "notes",
        },
    ),
    TrackerFormat(
        name="jobsync",
        label="JobSync (CSV export)",
        signature=("Company", "JobTitle", "Status"),
        columns={
            "id": "id",
            "Id": "id",
            "Company": "company",
            "JobTitle": "role",
            "Status": "status",
            "appliedDate": "applied",
            "createdAt": "created",
            "Location": "location",
            "JobSource": "source",
            "JobUrl": "url",
            "Salary": "salary",
            "SalaryRange": "salary",
            "Notes": "notes",
        },
    ),
    TrackerFormat(
        name="simplify",
        label="Simplify (CSV export)",
        signature=("Company Name", "Job Title", "Status"),
        columns={
            "Company Name": "company",
            "Job Title": "role",
            "Status": "status",
            "Applied Date": "applied",
            "Date Saved": "created",
            "Job URL": "url",
            "Location": "location",
            "Salary": "salary",
            "Notes": "notes",
        },
    ),
    TrackerFormat(
        name="justajobapp",
        label="JustAJobApp (CSV export)",
        signature=("Company", "Job Title", "Application Status", "Received At"),
        columns={
            "Id": "id",
            "Company": "company",
            "Job Title": "role",
            "Application Status": "status",
            "Received At": "applied",
            "Subject": "notes",
        },
    ),
    TrackerFormat(
        name="career-ops",
        label="career-ops tracker (data/applications.md)",
        signature=("#", "Date", "Company", "Role", "Status"),
        columns={
            "#": "id",
            "Date": "applied",
            "Company": "company",
            "Role": "role",
            "Status": "status",
            "Notes": "notes",
        },
        month_first=False,
    ),
)
GENERIC = TrackerFormat(
    name="csv", label="a spreadsheet (CSV, columns by name)", signature=(), columns={}
)


@dataclass(slots=True)
class Row:
    """One row read: the application and its history, or why it cannot be read."""

    number: int  # as a spreadsheet numbers it: the header is row 1
    application: Application | None = None
    history: list[StatusChange] = field(default_factory=list)
    key: str = ""  # the source's id for it, or company + role + applied date
    natural: str = ""  # company + role + applied date (natural_key), whatever the key
    error: str = ""


@dataclass(slots=True)
class TrackerFile:
    """An opened file: its format, what each column became, and its rows (read lazily)."""

    format: TrackerFormat
    mapping: dict[str, str]  # column -> field ("ignore" for the columns left out)
    rows: Iterator[Row]


def _squash(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header).casefold()


def _detect(headers: list[str]) -> TrackerFormat:
    present = {h.strip() for h in headers}
    for fmt in FORMATS:
        if all(s in present for s in fmt.signature):
            return fmt
    return GENERIC


def _mapping(
    headers: list[str], fmt: TrackerFormat, overrides: Mapping[str, str]
) -> dict[str, str]:
    by_squash = {_squash(h): h for h in headers}
    for column, wanted in overrides.items():
        if wanted not in FIELDS:
            raise InvalidInput(
                f"--map {column}={wanted}: no field {wanted!r}; fields: {', '.join(FIELDS)}"
            )
        if column not in headers and _squash(column) not in by_squash:
            raise InvalidInput(
                f"--map {column}={wanted}: the file has no column {column!r}; "
                f"its columns: {', '.join(headers)}"
            )
    mapping: dict[str, str] = {}
    overridden = {by_squash.get(_squash(c), c): f for c, f in overrides.items()}
    taken = set(overridden.values())  # what --map names, no other column takes
    for header in headers:
        found = overridden.get(header)
        if found is None:
            found = fmt.columns.get(header.strip())
            if found is None and fmt.name == GENERIC.name:
                found = ALIASES.get(_squash(header))
            if found is None or found in taken:
                found = "ignore"
        mapping[header] = found
        taken.add(found)
    missing = [f for f in ("company", "role") if f not in taken]
    if missing:
        raise InvalidInput(
            f"no column for the {' and the '.join(missing)}; name it with "
            f"--map COLUMN={missing[0]} (columns: {', '.join(h for h in headers if h) or 'none'})"
        )
    return mapping


def _sniff_delimiter(first_line: str) -> str:
    """Excel writes ``;`` where the comma is the decimal sign; take whichever splits the header."""
    outside_quotes = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: outside_quotes.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _markdown_cells(line: str) -> list[str]:
    inner = line.strip().strip("|")
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", inner)]


def _markdown_records(lines: Iterator[str], first: str) -> Iterator[tuple[int, list[str]]]:
    """The first table of a markdown file: header then rows, numbered as lines of the table."""
    line = first
    while not line.lstrip().startswith("|"):
        line = next(lines, "")
        if not line:
            return
    yield 1, _markdown_cells(line)
    number = 1
    for raw in lines:
        stripped = raw.strip()
        if not stripped.startswith("|"):
            if stripped:
                break  # the table ended
            continue
        cells = _markdown_cells(stripped)
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue  # the line under the header
        number += 1
        yield number, cells


def _csv_records(lines: Iterator[str], first: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(itertools.chain((first,), lines), delimiter=_sniff_delimiter(first))
    yield from enumerate(reader, start=1)


def _records(stream: Iterable[str]) -> tuple[Iterator[tuple[int, list[str]]], str]:
    """The file's records, and its separator ("|" for a markdown table)."""
    lines = iter(stream)
    first = next(lines, "")
    while first and not first.strip():
        first = next(lines, "")
    if not first:
        raise InvalidInput("the file is empty")
    first = first.lstrip("\ufeff")  # Excel's UTF-8 mark, when the text was not read as utf-8-sig
    head = first.lstrip()
    if head.startswith(("|", "<!--")) or (head.startswith("#") and not re.search("[,;\t]", head)):
        return _markdown_records(lines, first), "|"
    return _csv_records(lines, first), _sniff_delimiter(first)


def open_tracker(stream: Iterable[str], *, mapping: Mapping[str, str] | None = None) -> TrackerFile:
    """Read the header, recognise the format, and map the columns; rows follow lazily.

    Raises InvalidInput (one line) when the file cannot be read as a table of applications.
    """
    records, separator = _records(stream)
    try:
        _, headers = next(records)
    except StopIteration:
        raise InvalidInput("no table found: expected a CSV file or a markdown table") from None
    except csv.Error as err:
        raise InvalidInput(f"not a readable CSV file ({err})") from None
    headers = [h.strip().lstrip("\ufeff") for h in headers]
    if len([h for h in headers if h]) < 2:
        raise InvalidInput("no header row: the first line should name the columns")
    fmt = _detect(headers)
    if fmt is GENERIC and separator == ";":
        fmt = replace(fmt, month_first=False)  # written where the comma is the decimal sign
    columns = _mapping(headers, fmt, mapping or {})
    return TrackerFile(format=fmt, mapping=columns, rows=_rows(records, headers, columns, fmt))


def _rows(
    records: Iterator[tuple[int, list[str]]],
    headers: list[str],
    columns: dict[str, str],
    fmt: TrackerFormat,
) -> Iterator[Row]:
    wanted = [(i, columns[h]) for i, h in enumerate(headers) if columns[h] != "ignore"]
    width = max((i for i, _ in wanted), default=-1) + 1
    shared = len({name for _, name in wanted}) < len(wanted)  # two columns, one field
    number = 1
    while True:
        try:
            item = next(records, None)
        except csv.Error as err:
            number += 1
            yield Row(number=number, error=f"not readable as CSV ({err})")
            return
        if item is None:
            return
        number, record = item
        if not "".join(record).strip():  # every cell blank (one string: no loop per cell)
            continue
        if len(record) < width:
            record += [""] * (width - len(record))
        values: dict[str, str] = {}
        for index, name in wanted:
            value = record[index].strip()
            if not value:
                continue
            if value[0] == "'" and value[1:2] in FORMULA_STARTS:
                value = value[1:]  # a cell an export kept from running as a formula
            if value and not (shared and values.get(name)):
                values[name] = value
        yield read_row(values, number=number, fmt=fmt)


def read_row(values: Mapping[str, str], *, number: int, fmt: TrackerFormat) -> Row:
    """One row's values (field -> text) as an application, or the reason it is not one."""
    try:
        return _read_row(values, number=number, fmt=fmt)
    except InvalidInput as err:
        return Row(number=number, error=str(err))


def _read_row(values: Mapping[str, str], *, number: int, fmt: TrackerFormat) -> Row:
    company = " ".join(values.get("company", "").split())
    role = " ".join(values.get("role", "").split())
    if not company or not role:
        raise InvalidInput(f"no {'company' if not company else 'role'}")
    if len(company) > 200 or len(role) > 200:
        what, text = ("company", company) if len(company) > 200 else ("role", role)
        raise InvalidInput(f"the {what} is {len(text)} characters; at most 200 fit")
    # the three dates and the status straight through their caches: this runs on every row
    month_first = fmt.month_first
    given = values.get("applied")
    applied = _cached_date(given, "applied date", month_first) if given else None
    given = values.get("created")
    created = _cached_date(given, "created date", month_first) if given else None
    given = values.get("moved")
    moved = _cached_date(given, "moved date", month_first) if given else None
    status = _read_status(values.get("status", ""), applied is not None)
    if status is ApplicationStatus.SAVED and applied is not None:
        created, applied = created or applied, None  # not applied yet: the date it was saved
    url = values.get("url", "")
    if url and not url.lower().startswith(("http://", "https://")):
        url = ""  # a tracker's own note in the link column is not an address to keep
    app = Application(
        id=None,
        company=company,
        role=role,
        source=" ".join(values.get("source", "").split())[:200],
        status=status,
        applied_on=applied,
        notes=values.get("notes", "").strip(),
        job_url=url if " " not in url and len(url) <= 2000 else "",
        location=" ".join(values.get("location", "").split())[:200],
        salary=" ".join(values.get("salary", "").split())[:100],
        created_at=created or applied,
    )
    if values.get("history"):
        history = read_history(values["history"])
    else:
        history = _history(app, created=created, moved=moved)
    source_id = values.get("id", "").strip()
    # natural_key, on names already made single-spaced above (casefold adds no spaces)
    natural = f"{company.casefold()}|{role.casefold()}|{applied.date() if applied else ''}"
    key = f"{fmt.name}:{source_id}" if source_id else natural
    return Row(number=number, application=app, history=history, key=key, natural=natural)


def natural_key(company: str, role: str, applied: datetime | None) -> str:
    """Company + role + applied date, the key of a row whose tracker gives no id."""
    day = applied.date().isoformat() if applied else ""
    return f"{' '.join(company.casefold().split())}|{' '.join(role.casefold().split())}|{day}"


def read_status(text: str, *, applied: bool) -> ApplicationStatus:
    """A tracker's word for where an application stands, as ours; none given: applied if
    there is an applied date, else saved."""
    return _read_status(text, applied)


@lru_cache(maxsize=512)  # a tracker has a handful of stages, on every row
def _read_status(text: str, applied: bool) -> ApplicationStatus:
    word = " ".join(text.replace("_", " ").replace("-", " ").casefold().split())
    if not word:
        return ApplicationStatus.APPLIED if applied else ApplicationStatus.SAVED
    found = STATUS_WORDS.get(word)
    if found is None:
        for status in ApplicationStatus:
            if word == status.value:
                return status
        raise InvalidInput(
            f"status {text.strip()[:40]!r} is not one we know "
            f"(ours: {', '.join(s.value for s in ApplicationStatus)})"
        )
    return found


def _history(
    app: Application, *, created: datetime | None, moved: datetime | None
) -> list[StatusChange]:
    """What a row says of the way the application went: where it started, and its last move."""
    start = app.applied_on or created or moved
    if start is None:
        return []  # no date at all: the importer starts it at the time of the import
    first = ApplicationStatus.APPLIED if app.applied_on else ApplicationStatus.SAVED
    if moved is not None and moved > start and first is not app.status:
        return [
            StatusChange(at=start, to_status=first),
            StatusChange(at=moved, from_status=first, to_status=app.status),
        ]
    return [StatusChange(at=start, to_status=app.status)]


# -- dates -------------------------------------------------------------------------

_NUMERIC = re.compile(
    r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::\d{2})?)?"
)
_WORDY = re.compile(
    r"(?:(\d{1,2})\s+([a-z]+)\.?|([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?),?\s+(\d{4})"
)


@lru_cache(maxsize=4096)  # a tracker's rows share their dates: each one is read once
def _cached_date(text: str, what: str, month_first: bool) -> datetime | None:
    raw = " ".join(text.split())
    if not raw:
        return None
    parsed = parse_date(raw, month_first=month_first)
    if parsed is None:
        raise InvalidInput(f"{what} {raw[:40]!r} is not a date we can read")
    return check_when(parsed, now=None, what=what)


def parse_date(raw: str, *, month_first: bool) -> datetime | None:
    """ISO 8601 (what most exports write), or a local form: 03/11/2026, 3.11.2026, 3 Nov 2026.

    A bare date becomes 09:00 that day, as everywhere in nextround. In 03/04/2026
    a part over 12 says which is the day; else the tool's custom decides
    (``month_first`` for the US tools), and a dotted date is always day first.
    """
    iso = raw.replace(" ", "T", 1)
    if iso[-1:] in ("z", "Z"):
        iso = iso[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        pass
    else:
        return datetime.combine(value.date(), time(9, 0)) if len(raw) == 10 else value
    if raw.isdigit() and len(raw) in (10, 13):  # seconds or milliseconds since 1970
        seconds = int(raw) / (1000 if len(raw) == 13 else 1)
        try:
            return datetime.fromtimestamp(seconds)
        except (OverflowError, OSError, ValueError):
            return None
    return _local_date(raw.casefold(), month_first=month_first)


def _local_date(raw: str, *, month_first: bool) -> datetime | None:
    at = time(9, 0)
    numeric = _NUMERIC.fullmatch(raw)
    try:
        if numeric:
            a, b, c = (int(numeric.group(i)) for i in (1, 2, 3))
            if numeric.group(4):
                at = time(int(numeric.group(4)), int(numeric.group(5)))
            if len(numeric.group(1)) == 4:
                year, month, day = a, b, c
            else:
                year = c + 2000 if c < 100 else c
                day_first = "." in raw or a > 12 or (b <= 12 and not month_first)
                day, month = (a, b) if day_first else (b, a)
            return datetime.combine(datetime(year, month, day).date(), at)
        wordy = _WORDY.fullmatch(raw)
        if wordy:
            day_text = wordy.group(1) or wordy.group(4)
            month_name = wordy.group(2) or wordy.group(3)
            named = MONTHS.get(month_name)
            if named is None:
                return None
            return datetime.combine(datetime(int(wordy.group(5)), named, int(day_text)).date(), at)
    except ValueError:
        return None
    return None


# -- nextround's own history column -------------------------------------------------


def write_history(history: Iterable[StatusChange]) -> str:
    """A status history as one cell: ``2026-11-02 applied; 2026-11-09 14:00 interviewing``."""
    parts = []
    for change in history:
        stamp = change.at.strftime("%Y-%m-%d %H:%M")
        parts.append(f"{stamp} {change.to_status.value}")
    return "; ".join(parts)


def read_history(text: str) -> list[StatusChange]:
    history: list[StatusChange] = []
    for part in text.split(";"):
        bits = part.split()
        if not bits:
            continue
        if len(bits) < 2:
            raise InvalidInput(f"status history {part.strip()[:40]!r}: expected 'DATE status'")
        when = parse_date(" ".join(bits[:-1]), month_first=False)
        if when is None:
            raise InvalidInput(f"status history {part.strip()[:40]!r}: not a date")
        status = read_status(bits[-1], applied=True)
        before = history[-1].to_status if history else None
        history.append(
            StatusChange(
                at=check_when(when, now=None, what="status history"),
                from_status=before,
                to_status=status,
            )
        )
    return history


def text_lines(data: bytes) -> Iterator[str]:
    """Uploaded bytes as lines of text (UTF-8, with or without Excel's mark)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInput(f"not a UTF-8 text file (byte {err.start} cannot be read)") from None
    return iter(io.StringIO(text, newline=""))


def describe_mapping(mapping: Mapping[str, str]) -> list[tuple[str, str]]:
    """(column, what it became) for each column, those left out last."""
    kept = [(c, f) for c, f in mapping.items() if f != "ignore"]
    left = [(c, "left out") for c, f in mapping.items() if f == "ignore"]
    return kept + left


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """``--map "Employer Name=company"`` options as column -> field."""
    mapping: dict[str, str] = {}
    for option in options:
        column, eq, wanted = option.rpartition("=")
        if not eq or not column.strip() or not wanted.strip():
            raise InvalidInput(f"--map {option!r}: write it as COLUMN=FIELD, e.g. Employer=company")
        mapping[column.strip()] = wanted.strip().casefold()
    return mapping


class CountingLines:
    """Lines of an open text file, counting the characters read (for progress)."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.read = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.handle:
            self.read += len(line)
            yield line


__all__ = [
    "ALIASES",
    "FIELDS",
    "FORMATS",
    "FORMULA_STARTS",
    "STATUS_WORDS",
    "CountingLines",
    "Row",
    "TrackerFile",
    "TrackerFormat",
    "describe_mapping",
    "natural_key",
    "open_tracker",
    "parse_date",
    "parse_map_options",
    "read_history",
    "read_row",
    "read_status",
    "text_lines",
    "write_history",
]
