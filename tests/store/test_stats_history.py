"""`services.stats` over imported history, on both backends: saved jobs are no
applications, and a status that reached interviewing counts as an interview."""

from __future__ import annotations

import io
from datetime import date

from nextround.services.history_import import import_history
from nextround.services.stats import stats
from nextround.store import Database
from tests.store.test_services import MONDAY

# a tracker's export: no interview on file for any of them, only where each one got to
TRACKER = (
    "company,role,status,applied,status history\n"
    "Quarry Labs,Data Engineer,applied,2026-10-01,\n"
    "Harbour Bank,Data Engineer,saved,,\n"
    "Northwind,Data Engineer,interviewing,2026-10-02,\n"
    "Contoso,Data Engineer,offer,2026-10-03,\n"
    "Fabrikam,Data Engineer,rejected,2026-10-05,"
    "2026-10-05 applied; 2026-10-12 interviewing; 2026-10-20 rejected\n"
    "Litware,Data Engineer,rejected,2026-10-05,2026-10-05 applied; 2026-10-09 rejected\n"
)


def imported(db: Database, text: str = TRACKER) -> None:
    report = import_history(
        db=db,
        lines=io.StringIO(text, newline=""),
        now=MONDAY,
        mapping={"status history": "history"},
    )
    assert report.written and report.added == text.count("\n") - 1


def test_saved_is_not_applied_and_the_status_history_shows_interviews(db: Database) -> None:
    imported(db)
    funnel = stats(db=db).funnel
    assert funnel.applications == 5  # Harbour Bank is only saved
    assert (funnel.applications_interviewed, funnel.interviews) == (3, 3)
    assert (funnel.rejected_at_screening, funnel.rejected_after_interview) == (1, 1)
    weeks = stats(db=db).weeks
    assert sum(w.applications for w in weeks) == 5 and sum(w.interviews for w in weeks) == 3


def test_since_dates_an_interview_by_the_move_to_interviewing(db: Database) -> None:
    imported(db)
    later = stats(db=db, since=date(2026, 10, 10)).funnel
    # applied before the 10th: none of the applications; Fabrikam moved to interviewing on
    # the 12th; Northwind and Contoso went straight there the day they were applied for
    assert (later.applications, later.applications_interviewed) == (0, 1)
