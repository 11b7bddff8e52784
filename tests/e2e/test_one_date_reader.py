"""A date the user types means one moment whether it comes from the CLI, a form or the API."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nextround.store import open_database, sqlite_url
from nextround.web.app import build_app
from tests.e2e.conftest import Run
from tests.web.conftest import HOST, TestClient, Web, make_context

UTC_0930 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC).astimezone().replace(tzinfo=None)


@pytest.mark.parametrize(
    ("typed", "moment"),
    [
        ("2026-11-20T14:30+05:00", UTC_0930),  # 09:30 UTC wherever this runs
        ("2026-11-20T09:30Z", UTC_0930),
        ("2026-11-20", datetime(2026, 11, 20, 9, 0)),  # the API read it as 00:00
        ("2026-11-20 14:30", datetime(2026, 11, 20, 14, 30)),
    ],
)
def test_the_same_text_is_the_same_moment_in_the_cli_a_form_and_the_api(
    cli: Run, db_path: Path, typed: str, moment: datetime
) -> None:
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    assert cli("interview", "add", str(app), "--stage", "cli", "--when", typed).code == 0
    db = open_database(sqlite_url(db_path))
    try:
        with TestClient(build_app(make_context(db)), base_url=f"http://{HOST}") as client:
            web = Web(client)
            form = web.post(f"/applications/{app}/interviews", {"stage": "form", "when": typed})
            assert form.status_code < 400, form.text
            api = web.api(
                "POST", f"/api/applications/{app}/interviews", {"stage": "api", "when": typed}
            )
            assert api.status_code == 201, api.text
            whens = {
                i["stage"]: i["when"]
                for i in web.get(f"/api/applications/{app}").json()["interviews"]
            }
    finally:
        db.dispose()
    assert whens == {
        "cli": moment.isoformat(),
        "form": moment.isoformat(),
        "api": moment.isoformat(),
    }


_SRC = Path(__file__).parents[2] / "src" / "nextround"
_PARSERS = {"fromisoformat", "strptime", "parse", "isoparse"}


def test_the_entry_points_read_typed_dates_only_through_services_when() -> None:
    """No CLI command or web route parses a date itself: services.when reads them all."""
    found = []
    for path in sorted([*(_SRC / "cli").rglob("*.py"), *(_SRC / "web").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _PARSERS
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in {"datetime", "date", "time", "dateutil", "parser"}
            ):
                found.append(f"{path.relative_to(_SRC)}:{node.lineno}")
    assert found == []
