"""Command-line values read without Pydantic when the answer is plain.

Typer (0.2x) checks every parameter's value with a Pydantic ``TypeAdapter``,
and building the first one imports Pydantic: about as much CPU time as the
whole of ``nextround next`` needs otherwise. Most values on a command line are
plain: an option left at its default, a string, a decimal integer inside its
bounds, an exact choice, a file name (Typer's own checks run on it). Those are
read here as Typer's adapter reads them; anything else (a bad value, a bound
crossed, a type not listed here) goes to Typer's own adapter, so errors and
unusual forms are exactly Typer's.

tests/unit/test_quick_params.py checks the two give the same values. If a
Typer release moves the parts used here, ``install`` leaves Typer as it is.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

_MISSING = object()


def _plain(annotation: Any, info: Any, value: Any, ctx: Any = None, param: Any = None) -> Any:
    """``value`` read as Typer's adapter reads it, or ``_MISSING`` when not plain."""
    if getattr(info, "parser", None) is not None:
        return _MISSING
    if annotation is Path:
        if (
            not isinstance(value, str)
            or not value
            or getattr(info, "path_type", None)
            not in (
                None,
                Path,
            )
        ):
            return _MISSING
        from typer._param_types import coerce_cli_path

        try:  # Typer's own checks (exists, readable, ...) on the Path its adapter would make
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        except Exception:  # said by the adapter, exactly as Typer says it
            return _MISSING
    if annotation is str:
        return value if isinstance(value, str) else _MISSING
    if annotation is int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif (
            isinstance(value, str)
            and value.isascii()
            and value.removeprefix("-").isdigit()
            and len(value) < 19
        ):
            number = int(value)
        else:
            return _MISSING
        if getattr(info, "clamp", False):
            return _MISSING
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        if (low is not None and number < low) or (high is not None and number > high):
            return _MISSING
        return number
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        normalises = ctx is not None and getattr(ctx, "token_normalize_func", None)
        if isinstance(value, str) and getattr(info, "case_sensitive", True) and not normalises:
            for member in annotation:
                if member.value == value:
                    return member
        return _MISSING
    return _MISSING


def install() -> None:
    """Read plain values without Pydantic; everything else as Typer does."""
    try:
        from typer import core
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:  # pragma: no cover - a Typer without these parts
        return
    parameter = getattr(core, "_TyperParameter", None)
    if parameter is None or getattr(parameter, "_nextround_quick", False):
        return
    if not hasattr(parameter, "get_runtime_param"):  # pragma: no cover
        return

    class QuickRuntimeParam(RuntimeParam):
        """Plain values here; the rest through the adapter, built on first need."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            found = _plain(self.annotation, self.parameter_info, value, ctx, param)
            if found is not _MISSING:
                return found
            full = getattr(param, "_nextround_full", None)
            if full is None:
                full = build_runtime_param(param.type_descriptor)
                param._nextround_full = full
            return full._coerce_value(value, param=param, ctx=ctx)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            desc = self.type_descriptor
            if desc.file_annotation is not None:
                self._runtime_param = build_runtime_param(desc)
            else:
                self._runtime_param = QuickRuntimeParam(
                    parameter_info=desc.parameter_info, annotation=desc.annotation
                )
        return self._runtime_param

    parameter.get_runtime_param = get_runtime_param
    parameter._nextround_quick = True
