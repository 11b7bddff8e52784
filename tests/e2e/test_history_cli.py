"""The contract: `nextround app import FILE` (--dry-run, --map, --skip-bad), `app list --json`."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Run

FIXTURES = Path(__file__).parent.parent / "fixtures" / "trackers"


def test_import_dry_run_then_import_then_list_json(cli: Run) -> None:
    dry = cli("app", "import", str(FIXTURES / "huntr.csv"), "--dry-run")
    assert dry.code == 0, dry.err
    assert "format: Huntr (CSV export)" in dry.out
    assert "companyName -> company" in dry.out and "listName -> status" in dry.out
    assert "row 3: add Fabrikam — Platform Engineer (saved)" in dry.out
    assert "dry run, nothing changed: 5 to add" in dry.out
    assert cli("app", "list", "--json").json() == []

    done = cli("app", "import", str(FIXTURES / "huntr.csv"))
    assert done.code == 0 and "imported: 5 added" in done.out
    apps = cli("app", "list", "--json").json()
    assert {(a["company"], a["role"], a["status"]) for a in apps} >= {
        ("Fabrikam", "Platform Engineer", "saved"),
        ("Contoso", "Analytics Lead", "interviewing"),
    }
    saved = cli("app", "list", "--status", "saved", "--json").json()
    assert [a["company"] for a in saved] == ["Fabrikam"]

    again = cli("app", "import", str(FIXTURES / "huntr.csv"))
    assert "0 added, 0 changed, 5 already here" in again.out
    assert len(cli("app", "list", "--json").json()) == 5


def test_map_names_the_columns_aliases_do_not_know(cli: Run) -> None:
    path = str(FIXTURES / "unmapped.csv")
    refused = cli("app", "import", path)
    assert refused.code != 0
    assert refused.err.strip().splitlines() == [
        "error: no column for the company; name it with --map COLUMN=company "
        "(columns: Firm, Job, Progress, Sent on)"
    ]
    done = cli(
        "app", "import", path, "--map", "Firm=company", "--map", "Progress=status",
        "--map", "Sent on=applied",
    )  # fmt: skip
    assert done.code == 0, done.err
    apps = cli("app", "list", "--json").json()
    assert [(a["company"], a["status"], a["applied_on"][:10]) for a in apps] == [
        ("Olympia Gym", "applied", "2026-10-12"),
        ("Southridge Video", "rejected", "2026-09-18"),
    ]


def test_bad_rows_are_named_and_nothing_goes_in_without_skip_bad(cli: Run) -> None:
    path = str(FIXTURES / "bad_rows.csv")
    refused = cli("app", "import", path)
    assert refused.code == 1
    assert "row 3: no company" in refused.out and "row 5: status 'on the moon'" in refused.out
    assert "nothing imported: 3 bad row(s)" in refused.out
    assert cli("app", "list", "--json").json() == []
    taken = cli("app", "import", path, "--skip-bad")
    assert taken.code == 0 and "2 added" in taken.out and "3 bad rows skipped" in taken.out
    assert len(cli("app", "list", "--json").json()) == 2


def test_an_unreadable_file_is_one_line(cli: Run, tmp_path: Path) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    result = cli("app", "import", str(binary))
    assert result.code != 0 and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1 and "UTF-8" in result.err
    assert cli("app", "list", "--json").json() == []


def test_export_csv_round_trips_through_import(cli: Run, tmp_path: Path) -> None:
    for name in ("jobsync.csv", "applications.md"):
        assert cli("app", "import", str(FIXTURES / name)).code == 0
    out = tmp_path / "mine.csv"
    result = cli("app", "export", "--csv", str(out))
    assert result.code == 0 and "wrote 8 application(s)" in result.out
    dry = cli("app", "import", str(out), "--dry-run")
    assert "format: a nextround export" in dry.out and "0 to add, 0 to change, 8 already" in dry.out
