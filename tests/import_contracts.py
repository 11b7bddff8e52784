"""An import-linter contract that lists what a package may import (pyproject.toml uses it).

``allowed``: every module of ``source_modules`` (as packages) imports only
modules of its own package and of ``allowed_modules``; anything else, from the
standard library or outside it, breaks the contract. It is the domain core's
rule written as a list of what it may use instead of what it may not.
"""

from __future__ import annotations

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


class AllowedContract(Contract):
    type_name = "allowed"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    allowed_modules = fields.ListField(subfield=fields.ModuleField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        sources = [m.name for m in self.source_modules]  # type: ignore[attr-defined]
        allowed = [m.name for m in self.allowed_modules]  # type: ignore[attr-defined]
        own = [*sources, *allowed]
        illegal: list[tuple[str, str]] = []
        for source in sources:
            for importer in sorted({source, *graph.find_descendants(source)}):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    if not any(imported == a or imported.startswith(a + ".") for a in own):
                        illegal.append((importer, imported))
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Imports of modules not on the list:", bold=False)
        output.new_line()
        for importer, imported in check.metadata["illegal"]:
            output.print_error(f"- {importer} -> {imported}", bold=False)
        output.new_line()
