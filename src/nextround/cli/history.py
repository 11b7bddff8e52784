"""`app import` and `app export`: a job search's history in from another tracker, and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nextround.cli.common import console, fmt_day, print_json, progress, state

IMPORT_HELP = """Bring your applications in from another tracker (or a spreadsheet).

\b
Recognised by their columns: Huntr, JobSync, Simplify and JustAJobApp CSV
exports, career-ops' data/applications.md table, and nextround's own export.
Any other CSV is read by its column names (company or employer; role, title or
position; status or stage; applied or date; url or link; location; salary;
notes); name the rest with --map. Comma, semicolon or tab separated, with or
without Excel's UTF-8 mark. Dates: ISO (2026-11-03), 3 Nov 2026, 03.11.2026,
or 11/03/2026 (month first unless the day shows otherwise).

\b
Their statuses become ours: saved (not applied yet), applied, interviewing,
offer, rejected, withdrawn. Importing the same file again adds nothing.
A bad row is named by its number and nothing is imported, unless --skip-bad.

\b
Examples:
  nextround app import huntr-export.csv --dry-run
  nextround app import applications.csv --map "Employer Name=company" --map Notes2=ignore
  nextround app import data/applications.md --skip-bad
"""


def register(applications: typer.Typer) -> None:
    applications.command("import", help=IMPORT_HELP)(app_import)
    applications.command("export")(app_export)


def app_import(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The tracker's export: a CSV file or a markdown table.")
    ],
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Show the format, the columns and what would change; change nothing."
        ),
    ] = False,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help="What a column holds: company, role, status, applied, url, location, salary, "
            "notes, source, id, or ignore. Repeat for more columns.",
        ),
    ] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows even if some rows are bad.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    from nextround.services.history_import import import_history_file
    from nextround.services.trackers import parse_map_options

    st = state(ctx)
    mapping = parse_map_options(map_ or [])
    with progress(f"reading {file.name}", quiet=as_json, in_bytes=True) as update:
        report = import_history_file(
            db=st.writes(),
            path=file,
            now=st.now(),
            mapping=mapping,
            skip_bad=skip_bad,
            dry_run=dry_run,
            on_progress=update,
        )
    if as_json:
        print_json(
            {
                "format": report.format,
                "mapping": dict(report.mapping),
                "rows": report.rows,
                "added": report.added,
                "changed": report.changed,
                "unchanged": report.unchanged,
                "bad": [{"row": n, "error": e} for n, e in report.bad],
                "written": report.written,
            }
        )
    else:
        _print_report(report, dry_run=dry_run, skip_bad=skip_bad)
    if report.bad and not skip_bad and not dry_run:
        raise typer.Exit(1)


def _print_report(report: object, *, dry_run: bool, skip_bad: bool) -> None:
    from nextround.services.history_import import ImportReport

    assert isinstance(report, ImportReport)
    typer.echo(f"format: {report.format_label}")
    typer.echo("columns: " + ", ".join(f"{c} -> {f}" for c, f in report.mapping))
    if dry_run:
        out = console()  # Rich only for the preview's lines: an import need not load it
        for a in report.actions:
            applied = f", applied {fmt_day(a.applied)}" if a.applied else ""
            out.print(
                f"  row {a.row}: {a.verb} {a.company} — {a.role} ({a.status}{applied})",
                markup=False,
            )
        if report.added + report.changed > len(report.actions):
            typer.echo(f"  ... and {report.added + report.changed - len(report.actions)} more")
    for number, error in report.bad[:20]:
        typer.echo(f"row {number}: {error}")
    if len(report.bad) > 20:
        typer.echo(f"... and {len(report.bad) - 20} more bad rows")
    counts = (
        f"{report.added} to add, {report.changed} to change, "
        f"{report.unchanged} already here, {len(report.bad)} bad"
    )
    if dry_run:
        typer.echo(f"dry run, nothing changed: {counts}")
    elif report.written:
        typer.echo(
            f"imported: {report.added} added, {report.changed} changed, "
            f"{report.unchanged} already here"
            + (f", {len(report.bad)} bad rows skipped" if report.bad else "")
        )
    elif report.bad and not skip_bad:
        typer.echo(
            f"nothing imported: {len(report.bad)} bad row(s); fix them, or import the other "
            f"{report.added + report.changed} with --skip-bad"
        )


def app_export(
    ctx: typer.Context,
    csv_file: Annotated[
        Path,
        typer.Option("--csv", help="Where to write the CSV (opens in any spreadsheet)."),
    ],
) -> None:
    """Write every application to a CSV file: one row each, with its interviews' dates,
    where its feedback stands, the lessons kept, and its status history with dates.

    \b
    Useful to prove your applications (to a job agency, say) or to move elsewhere;
    `nextround app import` reads it back.

    \b
    Examples:
      nextround app export --csv applications.csv
    """
    from nextround.services.history_import import export_history_file

    count = export_history_file(db=state(ctx).db, path=csv_file)
    typer.echo(f"wrote {count} application(s) to {csv_file}")
