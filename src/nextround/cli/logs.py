"""The command line's log: a rotating file in the data directory, and stderr with --verbose.

Every module logs to its own ``logging.getLogger(__name__)``; nothing below the
entry points configures logging. The file is opened (and its folder made) only
when something is written to it, so a command that logs nothing leaves no trace.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

LOG_FILE = "nextround.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_installed: list[logging.Handler] = []
_path: Path | None = None


def _rotating_file(path: Path) -> RotatingFileHandler:
    """A rotating file that makes its folder when it is first written to."""
    from logging.handlers import RotatingFileHandler

    class _FileHandler(RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]
            Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            return super()._open()

    return _FileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, delay=True)


class _LogFile(logging.Handler):
    """The rotating file, built (and ``logging.handlers`` imported) at the first record:
    a command that logs nothing pays for neither."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.file: RotatingFileHandler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            self.file = _rotating_file(self.path)
            self.file.setFormatter(self.formatter)
        self.file.emit(record)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def start(data_dir: Path, *, verbose: bool) -> Path:
    """Send nextround's log to ``data_dir/nextround.log`` (warnings and errors; with
    ``verbose``, everything, also to stderr); returns the file's path."""
    global _path
    stop()
    root = logging.getLogger("nextround")
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    path = data_dir / LOG_FILE
    handler = _LogFile(path)
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
