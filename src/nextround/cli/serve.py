"""`nextround serve`: the whole loop in a browser, served from this machine.

The command line and the web app are separate entry points (neither imports
the other): this command turns its options into ``NEXTROUND_*`` settings and
has uvicorn load the app factory by name, as any ASGI server would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from nextround.cli.common import State, state

if TYPE_CHECKING:
    import socket
    import subprocess

APP_FACTORY = "nextround.web.app:create_app"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
EVERYWHERE = frozenset({"0.0.0.0", "::", ""})


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    """Bind before uvicorn starts, so port 0 gives a free port we can print."""
    import socket

    from nextround.domain.errors import InvalidInput

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        raise InvalidInput(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    sock.set_inheritable(True)
    return sock


def _address(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in EVERYWHERE else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def machine_names() -> list[str]:
    """This machine's names and addresses, as another machine may put them in a Host header."""
    import socket

    names = [socket.gethostname(), socket.getfqdn()]
    for name in list(names):
        try:
            found = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            continue
        names.extend(str(info[4][0]).split("%", 1)[0] for info in found)
    return [n.lower() for n in dict.fromkeys(names) if n]


def _allowed_hosts(current: str, host: str, extra: list[str]) -> str:
    """The Host names to answer: loopback, the bound address, and for every address
    this machine's own names; never any name at all (DNS rebinding stays refused)."""
    names = [h.strip() for h in current.split(",") if h.strip() and h.strip() != "*"]
    if host in EVERYWHERE:
        names.extend(machine_names())
    else:
        names.append(host.lower())
    names.extend(h.strip().lower() for h in extra if h.strip())
    return ",".join(dict.fromkeys(names))


def _others_address(host: str, port: int) -> str:
    """Where another machine reaches us: the bound address, or this machine's name."""
    import socket

    if host in EVERYWHERE:
        host = socket.getfqdn() or socket.gethostname()
    return _address(host, port)


def _refuse_sqlite(url: str) -> None:
    from nextround.domain.errors import InvalidInput

    if not url.startswith(("postgresql", "postgres:")):
        raise InvalidInput(
            "--multi-user runs on PostgreSQL only (many people at once need its locking and "
            "row security): give --db postgresql://... ; a SQLite file serves one person"
        )


def _has_accounts(st: State) -> bool:
    from nextround.services.accounts import list_users

    return bool(list_users(db=st.db))


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Anything but loopback lets others reach your data."
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (default: a free one).")
    ] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a browser window.")
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            metavar="NAME",
            help="Also answer to this host name (repeatable); for a name others use to reach it.",
        ),
    ] = None,
    multi_user: Annotated[
        bool,
        typer.Option(
            "--multi-user",
            help="Serve many people, each signing in (a career centre); PostgreSQL only.",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=0,
            max=64,
            help="With --multi-user: also run this many `nextround worker` processes "
            "(mail sync, model training), stopped with the server.",
        ),
    ] = 0,
) -> None:
    """Open nextround in your browser: every step of the loop, and a JSON API at /api.

    It listens on this computer only (127.0.0.1) unless --host says otherwise,
    prints its address and opens your browser. Ctrl+C stops it.

    \b
    Examples:
      nextround serve
      nextround serve --port 8765 --no-browser
      nextround --db postgresql://db/careers serve --multi-user --host 0.0.0.0 --port 8000
    """
    import os
    import threading
    import time
    import webbrowser

    import uvicorn

    st = state(ctx)
    if workers and not multi_user:
        from nextround.domain.errors import InvalidInput

        raise InvalidInput(
            "--workers runs with --multi-user: the workers sync a server's mail "
            "(on your own computer, `nextround mail sync` does)"
        )
    if multi_user:
        _refuse_sqlite(st.database_url())
    _ = st.db  # open (and migrate) now: a bad database is one clear line, not a traceback
    settings = st.settings
    beyond = not is_loopback(host)
    if multi_user:
        from nextround.services.mail_secrets import server_secret_key

        # the key that seals mail secrets: made on first start, refused now if unsafe
        server_secret_key(named=settings.secret_key_file, data_dir=settings.data_dir)
        os.environ["NEXTROUND_MULTI_USER"] = "true"
        if not _has_accounts(st):
            typer.echo(
                "note: no accounts yet, so nobody can sign in: "
                "nextround user add EMAIL --role admin",
                err=True,
            )
    elif beyond:
        typer.echo(
            f"warning: listening on {host or 'every address'}: anyone who can reach it can "
            "read and change your data (there is no login, no sign-in in single-user mode). "
            "Leave out --host to keep it on this computer.",
            err=True,
        )
    os.environ["NEXTROUND_DATABASE_URL"] = st.database_url()
    allowed = _allowed_hosts(settings.allowed_hosts, host, allow_host or [])
    os.environ["NEXTROUND_ALLOWED_HOSTS"] = allowed
    sock = _listen(host, port)
    address = _address(host, sock.getsockname()[1])
    if beyond:
        typer.echo(
            f"others reach it at {_others_address(host, sock.getsockname()[1])} "
            f"(answering to the names {allowed.replace(',', ', ')}; add one with --allow-host)",
            err=True,
        )
    proxies = sorted(settings.proxy_addresses())
    # forwarded headers (client address, https) only from the proxies named in settings
    forwarded: dict[str, object] = (
        {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or None}
        if multi_user
        else {}
    )
    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        **forwarded,  # type: ignore[arg-type]
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=3,
    )
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started and not no_browser:
            webbrowser.open(address)

    helpers = _start_workers(st.database_url(), workers)
    typer.echo(f"nextround is running at {address}")
    if helpers:
        typer.echo(f"with {len(helpers)} worker process(es) for mail and models", err=True)
    typer.echo("press Ctrl+C to stop", err=True)
    threading.Thread(target=announce, name="open-browser", daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        _stop_workers(helpers)
    typer.echo("nextround stopped", err=True)


WORKER_GRACE_SECONDS = 20  # a sync under way may finish; one cut short is run again later


def _start_workers(url: str, count: int) -> list[subprocess.Popen[bytes]]:
    """``count`` ``nextround worker`` processes on the server's database."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NEXTROUND_DATABASE_URL": url}
    return [
        # their own session: Ctrl+C in the terminal reaches the server, which stops them once
        subprocess.Popen(
            [sys.executable, "-m", "nextround", "worker"], env=env, start_new_session=True
        )
        for _ in range(count)
    ]


def _stop_workers(helpers: list[subprocess.Popen[bytes]]) -> None:
    """Ask each worker to stop (SIGTERM: the job under way finishes), then make sure."""
    import signal
    import subprocess

    for proc in helpers:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in helpers:
        try:
            proc.wait(timeout=WORKER_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()  # the queue runs its job again (services/worker.py)
            proc.wait()
