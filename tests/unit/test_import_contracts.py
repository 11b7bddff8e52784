"""The custom import contract breaks when the domain imports what is not on its list."""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp

from tests.import_contracts import AllowedContract

PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"


def _domain_contract(allowed: list[str]) -> AllowedContract:
    return AllowedContract(
        name="domain",
        session_options={"root_packages": ["nextround"]},
        contract_options={"source_modules": ["nextround.domain"], "allowed_modules": allowed},
    )


def test_the_list_in_pyproject_is_kept_and_one_module_less_breaks_it() -> None:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    [listed] = [
        c["allowed_modules"]
        for c in config["tool"]["importlinter"]["contracts"]
        if c["type"] == "allowed"
    ]
    graph = grimp.build_graph("nextround", include_external_packages=True)
    assert _domain_contract(listed).check(graph, verbose=False).kept
    broken = _domain_contract([m for m in listed if m != "re"]).check(graph, verbose=False)
    assert not broken.kept
    assert ("nextround.domain.mailbox", "re") not in broken.metadata["illegal"]
    assert ("nextround.domain.invites", "re") in broken.metadata["illegal"]
