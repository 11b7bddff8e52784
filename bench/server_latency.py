"""A multi-user server under load, as ratios to a bare authenticated route, same run.

    .venv/bin/python bench/server_latency.py [--db URL] [--users 100] [--apps 50]
        [--clients 50] [--requests 1500] [--seconds 60]
    the issue's sizes: --users 1000 --apps 50 --clients 50

THE DATABASE GIVEN IS EMPTIED (its schema public is dropped and made again):
give a scratch one (default: $NEXTROUND_BENCH_DATABASE_URL, else
postgresql://postgres@127.0.0.1:5432/test_hweb). Needs a role that may create
roles: the server connects as ``<db>_bench_app``, a role that owns no table,
so PostgreSQL's row-level security applies as on a real server; it is
dropped at the end.

``--users`` students, each with ``--apps`` applications written in bulk
(most rejected; each student has an interview, a rejection and an open
feedback thread on their first application, and open threads on a few
more). Then two servers on 127.0.0.1, one at a time:

- nextround as ``nextround serve --multi-user`` runs it (one uvicorn
  process); ``--clients`` clients each sign in as a different student
  (``POST /api/login``) and, round after round on one keep-alive
  connection, fetch their home page, the page of their first application
  and ``GET /api/applications``. Nothing is cached in multi-user mode.
- the floor: a bare FastAPI app with one sync route that checks a session
  cookie (a dict lookup) and reads one row of that user from the same
  database (SQLAlchemy, one transaction per request), under the same
  clients.

It prints p50 and p95 latency of each, and each ratio to the bare route.
Target from issue 12: p95 within 5x of the bare route.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

NOW = datetime(2026, 11, 25, 9, 0)
PASSWORD = "bench password 1234"
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/test_hweb"
BARE_COOKIE = "bench_session"


# -- the database ----------------------------------------------------------------------


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def build(url: str, users: int, apps: int) -> list[tuple[str, int, int]]:
    """Empty the database, migrate it and write ``users`` students in bulk.

    Returns each student's (email, id, first application's id).
    """
    from sqlalchemy import create_engine, insert, text

    from nextround.domain.agenda import step_due
    from nextround.domain.model import ApplicationStatus, Transition
    from nextround.domain.thread import Event, FeedbackThread
    from nextround.services.accounts import _hasher
    from nextround.store import open_database
    from nextround.store.tables import Base

    raw = create_engine(_psycopg(url))
    with raw.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    open_database(url).dispose()  # the schema, at the newest revision
    table = Base.metadata.tables
    hashed = _hasher().hash(PASSWORD)  # one Argon2id hash for everyone: the same password
    with raw.begin() as conn:
        conn.execute(
            insert(table["users"]),
            [
                {
                    "email": f"s{n}@example.edu",
                    "role": "student",
                    "password_hash": hashed,
                    "disabled": False,
                    "failed_signins": 0,
                    "created_at": NOW,
                }
                for n in range(users)
            ],
        )
        ids: dict[str, int] = dict(conn.execute(text("SELECT email, id FROM users")).tuples().all())
        owners = [int(ids[f"s{n}@example.edu"]) for n in range(users)]
        conn.execute(
            insert(table["applications"]),
            [
                {
                    "owner_id": owner,
                    "company": f"Company {k % 40}",
                    "role": f"Role {k % 9}",
                    "source": "bench",
                    "status": (
                        ApplicationStatus.REJECTED if k % 5 < 3 else ApplicationStatus.APPLIED
                    ).value,
                    "applied_on": NOW - timedelta(days=2 + (apps - k)),
                    "created_at": NOW - timedelta(days=2 + (apps - k)),
                    "updated_at": NOW - timedelta(days=2 + (apps - k)),
                    "notes": "",
                    "job_url": "",
                    "location": "",
                    "salary": "",
                }
                for owner in owners
                for k in range(apps)
            ],
        )
        first: dict[int, list[int]] = {}
        for owner, app_id in conn.execute(
            text("SELECT owner_id, id FROM applications WHERE status = 'rejected' ORDER BY id")
        ):
            first.setdefault(int(owner), []).append(int(app_id))
        conn.execute(
            insert(table["interviews"]),
            [
                {
                    "owner_id": owner,
                    "application_id": first[owner][0],
                    "stage": "onsite",
                    "at": NOW - timedelta(days=6),
                    "talking_points": ["the data platform migration"],
                    "notes": "",
                    "self_assessment": {"communication": 3},
                }
                for owner in owners
            ],
        )
        conn.execute(
            insert(table["messages"]),
            [
                {
                    "owner_id": owner,
                    "application_id": first[owner][0],
                    "direction": "received",
                    "kind": "rejection",
                    "channel": "email",
                    "subject": "Your application",
                    "text": "Thank you for interviewing with us. We will not move forward.",
                    "at": NOW - timedelta(days=3),
                    "analysis": {"kind": "rejection", "is_rejection": True},
                }
                for owner in owners
            ],
        )
        threads: list[dict[str, Any]] = []
        steps: list[list[Transition]] = []
        for owner in owners:
            for n, app_id in enumerate(first[owner][:4]):  # open threads at several steps
                thread = FeedbackThread(None, app_id, NOW - timedelta(days=3 + n))
                for k, event in enumerate(
                    [[], [Event.REQUEST_SENT], [Event.REQUEST_SENT, Event.GENERIC_REPLY]][n % 3]
                ):
                    thread.apply(event, at=thread.rejected_at + timedelta(hours=k + 1))
                due = step_due(thread)
                threads.append(
                    {
                        "owner_id": owner,
                        "application_id": app_id,
                        "rejected_at": thread.rejected_at,
                        "state": thread.state.value,
                        "due_at": due.due if due else None,
                        "due_optional": bool(due and due.optional),
                    }
                )
                steps.append(thread.transitions)
        conn.execute(insert(table["threads"]), threads)
        thread_ids: dict[int, int] = dict(
            conn.execute(text("SELECT application_id, id FROM threads")).tuples().all()
        )
        moves = [
            {
                "thread_id": thread_ids[row["application_id"]],
                "seq": seq,
                "event": step.event,
                "from_state": step.from_state,
                "to_state": step.to_state,
                "at": step.at,
                "note": "",
            }
            for row, done in zip(threads, steps, strict=True)
            for seq, step in enumerate(done)
        ]
        if moves:
            conn.execute(insert(table["transitions"]), moves)
    raw.dispose()
    return [(f"s{n}@example.edu", owners[n], first[owners[n]][0]) for n in range(users)]


def app_role(url: str, create: bool) -> str:
    """The URL of a role that owns no table (row-level security binds it), made or dropped."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(_psycopg(url))
    role = f"{parsed.database}_bench_app"
    raw = create_engine(parsed)
    with raw.begin() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if create:
            if exists is None:
                conn.execute(text(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS'))
            conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
            conn.execute(
                text(
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                    f'TO "{role}"'
                )
            )
            conn.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
            conn.execute(text(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"'))
        elif exists is not None:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
    raw.dispose()
    return (
        parsed.set(username=role)
        .render_as_string(hide_password=False)
        .replace("postgresql+psycopg://", "postgresql://", 1)
    )


# -- the servers -----------------------------------------------------------------------


def bare_app() -> object:
    """The floor: one sync route, a session cookie checked in a dict, one row read."""
    from fastapi import Cookie, FastAPI, HTTPException
    from fastapi.responses import HTMLResponse
    from sqlalchemy import create_engine, text

    engine = create_engine(_psycopg(os.environ["BENCH_OWNER_URL"]))
    sessions: dict[str, int] = json.loads(os.environ["BENCH_SESSIONS"])
    app = FastAPI()

    @app.get("/bare")
    def bare(bench_session: str = Cookie("")) -> HTMLResponse:
        user = sessions.get(bench_session)
        if user is None:
            raise HTTPException(401, "sign in first")
        with engine.begin() as conn:
            row = conn.execute(
                text("SELECT id, company, role FROM applications WHERE owner_id = :u LIMIT 1"),
                {"u": user},
            ).one()
        return HTMLResponse(f"<!doctype html><title>ok</title><p>{row.company}</p>")

    return app


def serve_bare(port: int) -> None:
    """Run in a child process: the bare server, loopback only, quiet."""
    import uvicorn

    sys.path.insert(0, str(Path(__file__).parent))
    uvicorn.run(
        "server_latency:bare_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(command: list[str], env: Mapping[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(command, env=dict(env))
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit(f"the server {command[-1]} did not start") from None
            time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


# -- the load --------------------------------------------------------------------------


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, dict[str, str], bytes]:
    writer.write(request)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers.setdefault(name.strip().lower(), value.strip())
        if name.strip().lower() == "set-cookie":
            headers["set-cookie"] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


def _request(
    port: int, method: str, path: str, cookie: str, extra: str = "", body: bytes = b""
) -> bytes:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + extra
        + (f"Content-Length: {len(body)}\r\n" if method == "POST" else "")
    )
    return head.encode() + b"\r\n" + body


async def _sign_in(port: int, email: str) -> str:
    """Sign in as ``email`` the way a client does; returns the session cookie."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        _, headers, body = await _exchange(
            reader, writer, _request(port, "GET", "/api/session", "")
        )
        cookie = headers["set-cookie"].split(";", 1)[0]
        token = json.loads(body)["csrf_token"]
        login = json.dumps({"email": email, "password": PASSWORD}).encode()
        status, headers, _ = await _exchange(
            reader,
            writer,
            _request(
                port,
                "POST",
                "/api/login",
                cookie,
                f"X-CSRF-Token: {token}\r\nOrigin: http://127.0.0.1:{port}\r\n"
                "Content-Type: application/json\r\n",
                login,
            ),
        )
        if status != 200:
            raise SystemExit(f"signing in as {email} answered {status}")
        return headers["set-cookie"].split(";", 1)[0]
    finally:
        writer.close()


async def _client(
    port: int,
    cookie: str,
    steps: list[tuple[str, str]],
    todo: list[int],
    samples: dict[str, list[float]],
    stop_at: float,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while todo and time.monotonic() < stop_at:
            todo.pop()
            for label, path in steps:
                started = time.perf_counter()
                status, _, _ = await _exchange(reader, writer, _request(port, "GET", path, cookie))
                samples.setdefault(label, []).append(time.perf_counter() - started)
                if status != 200:
                    raise SystemExit(f"{label} answered {status}")
    finally:
        writer.close()


async def _load(
    port: int,
    clients: list[tuple[str, list[tuple[str, str]]]],
    rounds: int,
    seconds: float,
) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {}
    todo = list(range(rounds))
    stop_at = time.monotonic() + seconds
    await asyncio.gather(
        *(_client(port, cookie, steps, todo, samples, stop_at) for cookie, steps in clients)
    )
    return samples


def measure(
    port: int,
    clients: list[tuple[str, list[tuple[str, str]]]],
    rounds: int,
    seconds: float,
) -> dict[str, tuple[float, float, int]]:
    asyncio.run(_load(port, clients, max(rounds // 10, len(clients)), seconds))  # warm-up
    out = {}
    for label, samples in asyncio.run(_load(port, clients, rounds, seconds)).items():
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        out[label] = (statistics.median(ordered), p95, len(ordered))
    return out


async def _sign_in_all(port: int, emails: list[str]) -> list[str]:
    return [await _sign_in(port, email) for email in emails]  # one at a time: Argon2id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        default=os.environ.get("NEXTROUND_BENCH_DATABASE_URL", DEFAULT_DB),
        help="a scratch PostgreSQL database (emptied)",
    )
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--apps", type=int, default=50, help="applications per user")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1500, help="rounds per server")
    parser.add_argument("--seconds", type=float, default=60.0, help="cap per measurement")
    parser.add_argument("--serve-bare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
        return
    if args.clients > args.users:
        raise SystemExit("--clients must not exceed --users: each client is a different user")
    started = time.perf_counter()
    students = build(args.db, args.users, args.apps)
    print(
        f"built {args.users} users x {args.apps} applications in "
        f"{time.perf_counter() - started:.1f} s"
    )
    server_url = app_role(args.db, create=True)
    chosen = students[:: max(1, len(students) // args.clients)][: args.clients]
    rows: list[tuple[str, float, float, int]] = []
    try:
        port = free_port()
        env: dict[str, Any] = {
            **os.environ,
            "NEXTROUND_NOW": NOW.isoformat(),
            "NEXTROUND_DATA_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "nr-bench-data"),
        }
        env.pop("NEXTROUND_DATABASE_URL", None)
        # the bare floor: a dict of sessions, one per client, as cookies
        sessions = {f"s{user_id}": user_id for _, user_id, _ in chosen}
        bare = start(
            [sys.executable, __file__, "--serve-bare", str(port)],
            {**env, "BENCH_OWNER_URL": args.db, "BENCH_SESSIONS": json.dumps(sessions)},
            port,
        )
        try:
            load = [(f"{BARE_COOKIE}=s{uid}", [("bare route", "/bare")]) for _, uid, _ in chosen]
            measured = measure(port, load, args.requests, args.seconds)
            rows += [("bare authenticated route (1 row)", *measured["bare route"])]
        finally:
            stop(bare)
        port = free_port()
        command = [sys.executable, "-m", "nextround", "--db", server_url, "serve"]
        command += ["--multi-user", "--host", "127.0.0.1", "--port", str(port), "--no-browser"]
        server = start(command, env, port)
        try:
            cookies = asyncio.run(_sign_in_all(port, [email for email, _, _ in chosen]))
            steps = [
                [
                    ("home page", "/"),
                    ("application page", f"/applications/{first}"),
                    ("GET /api/applications", "/api/applications"),
                ]
                for _, _, first in chosen
            ]
            measured = measure(
                port, list(zip(cookies, steps, strict=True)), args.requests // 3, args.seconds
            )
            rows += [(label, *measured[label]) for label, _ in steps[0]]
        finally:
            stop(server)
    finally:
        app_role(args.db, create=False)
    floor50, floor95 = rows[0][1], rows[0][2]
    print(
        f"compares: p50/p95 latency of a multi-user nextround server on PostgreSQL "
        f"({args.users} users x {args.apps} applications, {len(chosen)} clients each signed "
        f"in as a different user, uncached) vs. a bare authenticated FastAPI route reading "
        f"one row of the same database, same run"
    )
    print(f"  {'':<34} {'p50':>9} {'p95':>9} {'p50 ×':>7} {'p95 ×':>7} {'requests':>9}")
    for name, p50, p95, n in rows:
        print(
            f"  {name:<34} {p50 * 1000:7.1f}ms {p95 * 1000:7.1f}ms "
            f"{p50 / floor50:6.1f}x {p95 / floor95:6.1f}x {n:9d}"
        )
    worst_name, worst = max(((n, p95 / floor95) for n, _, p95, _ in rows[1:]), key=lambda r: r[1])
    print(
        f"target: p95 within 5x of the bare route — {'met' if worst <= 5 else 'NOT met'}; "
        f"worst: {worst_name} {worst:.1f}x"
    )


if __name__ == "__main__":
    main()
