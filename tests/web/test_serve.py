"""`nextround serve`: a real server on a free loopback port, and its options."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from nextround.cli import main
from nextround.cli import serve as serve_cli

NEXTROUND = str(Path(sys.executable).with_name("nextround"))


def _first_line(proc: subprocess.Popen[str], timeout: float = 20.0) -> str:
    found: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        found.append(proc.stdout.readline())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    assert found, "nextround serve printed nothing"
    return found[0].strip()


def _stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return proc.returncode, err


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEXTROUND_")}
    env["NEXTROUND_NOW"] = "2026-11-16T10:00:00"
    env["NEXTROUND_DATA_DIR"] = str(tmp_path / "data")
    return env


@pytest.mark.slow
def test_serve_starts_on_a_free_loopback_port_and_stops_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "serve.sqlite"
    proc = subprocess.Popen(
        [NEXTROUND, "--db", str(db), "serve", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    try:
        line = _first_line(proc)
        assert line.startswith("nextround is running at http://127.0.0.1:")
        address = line.rsplit(" ", 1)[-1]
        deadline = time.monotonic() + 15
        while True:
            try:
                home = httpx.get(address, timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.1)
        assert home.status_code == 200 and "What to do next" in home.text
        token = httpx.get(address + "api/session").json()["csrf_token"]
        assert len(token) == 64
        stranger = httpx.get(address, headers={"host": "nextround.attacker.test"})
        assert stranger.status_code == 400
    finally:
        code, err = _stop(proc)
    assert code == 0, err
    assert "nextround stopped" in err and "Traceback" not in err


@pytest.mark.slow
def test_serve_on_a_given_port(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [
            NEXTROUND,
            "--db",
            str(tmp_path / "p.sqlite"),
            "serve",
            "--port",
            str(port),
            "--no-browser",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    try:
        assert _first_line(proc) == f"nextround is running at http://127.0.0.1:{port}/"
    finally:
        _stop(proc)


class FakeServer:
    """Stands in for uvicorn's server: starts at once, serves nothing."""

    runs: ClassVar[list[Any]] = []

    def __init__(self, config: Any) -> None:
        self.config = config
        self.started = False
        self.should_exit = False

    def run(self, sockets: Any = None) -> None:
        FakeServer.runs.append((self.config, [s.getsockname() for s in sockets or ()]))
        self.started = True
        time.sleep(0.3)


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import uvicorn

    opened: list[str] = []
    FakeServer.runs = []
    monkeypatch.setattr(uvicorn, "Server", FakeServer)
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    for key in ("NEXTROUND_DATABASE_URL", "NEXTROUND_ALLOWED_HOSTS"):
        monkeypatch.delenv(key, raising=False)  # restored after: serve sets them
    return opened


def test_serve_opens_the_browser_at_its_address(
    tmp_path: Path, fake_server: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "b.sqlite"), "serve"]) == 0
    out = capsys.readouterr().out.strip()
    address = out.rsplit(" ", 1)[-1]
    assert fake_server == [address]
    config, bound = FakeServer.runs[0]
    assert config.app == "nextround.web.app:create_app" and config.factory
    assert bound[0][0] == "127.0.0.1" and address.endswith(f":{bound[0][1]}/")
    assert os.environ["NEXTROUND_DATABASE_URL"].endswith("b.sqlite")
    assert os.environ["NEXTROUND_ALLOWED_HOSTS"] == "127.0.0.1,localhost,::1"


def test_no_browser_means_no_browser(tmp_path: Path, fake_server: list[str]) -> None:
    assert main(["--db", str(tmp_path / "n.sqlite"), "serve", "--no-browser"]) == 0
    assert fake_server == []


def test_listening_beyond_loopback_warns(
    tmp_path: Path,
    fake_server: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_listen = serve_cli._listen
    monkeypatch.setattr(serve_cli, "_listen", lambda host, port: real_listen("127.0.0.1", port))
    assert (
        main(["--db", str(tmp_path / "w.sqlite"), "serve", "--host", "0.0.0.0", "--no-browser"])
        == 0
    )
    err = capsys.readouterr().err
    assert "warning: listening on 0.0.0.0" in err and "there is no login" in err
    assert "others reach it at http://" in err
    allowed = os.environ["NEXTROUND_ALLOWED_HOSTS"].split(",")
    assert "*" not in allowed and socket.gethostname().lower() in allowed


def test_loopback_does_not_warn(
    tmp_path: Path, fake_server: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "q.sqlite"), "serve", "--no-browser"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_a_busy_port_is_one_clear_line(
    tmp_path: Path, fake_server: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["--db", str(tmp_path / "x.sqlite"), "serve", "--port", str(port)])
    assert code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert serve_cli.is_loopback(host) is loopback


def test_allowed_hosts_for_a_bind_address() -> None:
    base = "127.0.0.1,localhost,::1"
    assert serve_cli._allowed_hosts(base, "127.0.0.1", []) == base
    assert serve_cli._allowed_hosts(base, "192.168.1.20", []) == base + ",192.168.1.20"
    assert serve_cli._allowed_hosts(base, "10.0.0.5", ["Jobs.Local"]) == (
        base + ",10.0.0.5,jobs.local"
    )
    for everywhere in ("0.0.0.0", "::"):
        allowed = serve_cli._allowed_hosts(base, everywhere, ["jobs.local"]).split(",")
        assert "*" not in allowed
        assert {"127.0.0.1", socket.gethostname().lower(), "jobs.local"} <= set(allowed)


def test_binding_everywhere_still_refuses_a_stranger_host(db: Any) -> None:
    """The probe in issue 16: with --host 0.0.0.0, ``Host: evil.example`` got a 200."""
    from nextround.config import Settings
    from nextround.web.app import build_app
    from tests.web.conftest import TestClient, make_context

    allowed = serve_cli._allowed_hosts("127.0.0.1,localhost,::1", "0.0.0.0", [])
    names = Settings(allowed_hosts=allowed).host_names()
    with TestClient(build_app(make_context(db, allowed_hosts=names))) as client:
        assert client.get("/", headers={"host": "evil.example"}).status_code == 400
        assert client.get("/", headers={"host": "evil.example:8000"}).status_code == 400
        for name in ("127.0.0.1:8000", f"{socket.gethostname()}:8000"):
            assert client.get("/", headers={"host": name}).status_code == 200, name
