"""The command line's log: a rotating file in the data directory, and stderr with --verbose.

Every module logs to its own ``logging.getLogger(__name__)``; nothing below the
entry points configures logging. The file is opened (and its folder made) only
when something is written to it, so a command that logs nothing leaves no trace.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "nextround.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_installed: list[logging.Handler] = []
_path: Path | None = None


class _FileHandler(RotatingFileHandler):
    """A rotating file that makes its folder when it is first written to."""

    def _open(self):  # type: ignore[no-untyped-def]
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def start(data_dir: Path, *, verbose: bool) -> Path:
    """Send nextround's log to ``data_dir/nextround.log`` (warnings and errors; with
    ``verbose``, everything, also to stderr); returns the file's path."""
    global _path
    stop()
    root = logging.getLogger("nextround")
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    path = data_dir / LOG_FILE
    handler = _FileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    _installed.append(handler)
    if verbose:
        echo = logging.StreamHandler()
        echo.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        _installed.append(echo)
    for each in _installed:
        root.addHandler(each)
    _path = path
    return path


def stop() -> None:
    """Remove and close what ``start`` installed (a process may run several commands)."""
    global _path
    root = logging.getLogger("nextround")
    while _installed:
        handler = _installed.pop()
        root.removeHandler(handler)
        handler.close()
    _path = None


def log_path() -> Path | None:
    """The log file of the running command, once settings are read."""
    return _path
