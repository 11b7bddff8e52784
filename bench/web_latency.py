"""Web latency under load, as ratios to a bare FastAPI route measured in the same run.

    .venv/bin/python bench/web_latency.py [--apps 5000] [--clients 20] [--requests 2000]

Builds a database of ``--apps`` applications shaped like a long job search
(see ``build``), starts the real app the way ``nextround serve`` does (uvicorn
loading ``nextround.web.app:create_app``) and, separately, a bare FastAPI app
with one route that returns a short page; both on 127.0.0.1 only, one at a
time. Then ``--clients`` concurrent keep-alive connections, each sending the
next request as soon as the last answer arrives, fetch:

- the bare route (the floor: HTTP, FastAPI routing, a thread for a sync route),
- the home page ("what to do next"),
- the page of an application with interviews, people, messages and a thread,

``--requests`` times each after a warm-up, with a browser's session cookie.
It prints p50 and p95 latency and each page's ratio to the bare route.
Target from the issue: p95 within 5x of the bare route. Bounded: every run
stops after ``--requests`` answers or ``--seconds``, whichever comes first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

NOW = datetime(2026, 11, 25, 9, 0)
SESSION = "bench-session-0123456789abcdefghijklmnopqrstuv"


# -- the database ----------------------------------------------------------------------


def build(path: Path, apps: int) -> int:
    """A long search: most applications long finished, a few threads still open.

    Of every 100 applications: 60 were rejected (each with an interview, the
    rejection, a request, usually a reply, and a closed feedback thread), 20
    got no answer, 12 are interviewing (a few with an interview in the coming
    days), 8 ended in an offer or were withdrawn. The 2% most recent
    rejections still have an open thread (to ask, asked, vague, concrete).
    Returns the id of a rejected application with a full thread, the one the
    application page is measured on.
    """
    from nextround.domain.model import (
        Application,
        ApplicationStatus,
        Channel,
        Contact,
        Direction,
        Interview,
        Lesson,
        Message,
        MessageKind,
        Polarity,
    )
    from nextround.domain.themes import Theme
    from nextround.domain.thread import Event, FeedbackThread
    from nextround.store import open_database, sqlite_url

    db = open_database(sqlite_url(path))
    themes = list(Theme)
    measured = 0
    with db.unit() as repo:
        repo.set_meta("user_name", "Bench Mark")
        for n in range(apps):
            kind = n % 100
            if kind < 60:
                status = ApplicationStatus.REJECTED
            elif kind < 80:
                status = ApplicationStatus.APPLIED
            elif kind < 92:
                status = ApplicationStatus.INTERVIEWING
            else:
                status = ApplicationStatus.OFFER if kind % 2 else ApplicationStatus.WITHDRAWN
            applied = NOW - timedelta(days=2 + (apps - n) * 0.15)
            app = repo.add_application(
                Application(
                    None,
                    f"Company {n % 1700}",
                    f"Role {n % 37}",
                    source="bench",
                    status=status,
                    applied_on=applied,
                ),
                now=applied,
            )
            assert app.id is not None
            if status is ApplicationStatus.APPLIED:
                continue
            person = repo.add_contact(Contact(None, f"Person {n}", company=app.company))
            assert person.id is not None
            upcoming = status is ApplicationStatus.INTERVIEWING and n % 300 == 85
            when = NOW + timedelta(days=1 + n % 6) if upcoming else applied + timedelta(days=10)
            interview = repo.add_interview(
                Interview(
                    None,
                    app.id,
                    "onsite",
                    when,
                    contact_ids=[person.id],
                    talking_points=["the data platform migration", "on-call rotations"],
                    self_assessment={themes[n % 10]: 1 + n % 5},
                )
            )
            if status is not ApplicationStatus.REJECTED:
                continue
            rejected_at = when + timedelta(days=3)
            message = repo.add_message(
                Message(
                    None,
                    app.id,
                    Direction.RECEIVED,
                    MessageKind.REJECTION,
                    Channel.EMAIL,
                    "Thank you for interviewing with us. We have decided not to move forward.",
                    rejected_at,
                    contact_id=person.id,
                    analysis={"kind": "rejection", "is_rejection": True, "after_interview": True},
                )
            )
            thread = FeedbackThread(
                None,
                app.id,
                rejected_at,
                interview_id=interview.id,
                contact_id=person.id,
                after_interview=True,
                rejection_message_id=message.id,
            )
            recent = n >= apps - apps // 50
            steps = _steps(n, recent=recent)
            at = rejected_at
            sent: list[tuple[MessageKind, Direction, datetime]] = []
            for event in steps:
                at += timedelta(days=1)
                thread.apply(event, at=at)
                kind_of = {
                    Event.REQUEST_SENT: (MessageKind.REQUEST, Direction.SENT),
                    Event.GENERIC_REPLY: (MessageKind.REPLY, Direction.RECEIVED),
                    Event.ACTIONABLE_REPLY: (MessageKind.REPLY, Direction.RECEIVED),
                    Event.DECLINED_REPLY: (MessageKind.REPLY, Direction.RECEIVED),
                    Event.PROBE_SENT: (MessageKind.PROBE, Direction.SENT),
                    Event.FOLLOW_UP_SENT: (MessageKind.FOLLOW_UP, Direction.SENT),
                    Event.THANKED: (MessageKind.THANKS, Direction.SENT),
                    Event.PITCHED: (MessageKind.PITCH, Direction.SENT),
                }.get(event)
                if kind_of is not None:
                    sent.append((*kind_of, at))
            stored = repo.add_thread(thread)
            assert stored.id is not None
            repo.link_message(message.id or 0, thread_id=stored.id)
            for kind_of, direction, at in sent:
                repo.add_message(
                    Message(
                        None,
                        app.id,
                        direction,
                        kind_of,
                        Channel.EMAIL,
                        "Hi, thank you for your time. Could you tell me what to work on?",
                        at,
                        contact_id=person.id,
                        thread_id=stored.id,
                        analysis={"category": "actionable", "themes": ["communication"]}
                        if direction is Direction.RECEIVED
                        else None,
                    )
                )
            if n % 10 == 3:
                repo.add_lesson(
                    Lesson(
                        None,
                        themes[n % 10],
                        Polarity.WEAKNESS if n % 3 else Polarity.STRENGTH,
                        f"Lesson {n}",
                        application_id=app.id,
                    ),
                    now=at,
                )
            if measured == 0 and len(steps) >= 5:
                measured = app.id
    db.dispose()
    return measured


def _steps(n: int, *, recent: bool) -> list[object]:
    from nextround.domain.thread import Event

    if recent:  # still open: at every waiting or deciding step
        return [
            [],
            [Event.REQUEST_SENT],
            [Event.REQUEST_SENT, Event.GENERIC_REPLY],
            [Event.REQUEST_SENT, Event.GENERIC_REPLY, Event.PROBE_SENT],
            [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY],
        ][n % 5]
    return [
        [
            Event.REQUEST_SENT,
            Event.GENERIC_REPLY,
            Event.PROBE_SENT,
            Event.ACTIONABLE_REPLY,
            Event.THANKED,
        ],
        [Event.REQUEST_SENT, Event.DECLINED_REPLY],
        [Event.REQUEST_SENT, Event.FOLLOW_UP_SENT, Event.NO_RESPONSE],
        [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.PITCHED],
        [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.THANKED],
    ][n % 5]


# -- the servers -----------------------------------------------------------------------


def bare_app() -> object:
    """The floor: a FastAPI app with one sync route returning a short page."""
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    app = FastAPI()

    @app.get("/bare")
    def bare() -> HTMLResponse:
        return HTMLResponse("<!doctype html><title>ok</title><p>ok</p>")

    return app


def serve(kind: str, port: int) -> None:
    """Run in a child process: one server, loopback only, quiet."""
    import uvicorn

    target = "nextround.web.app:create_app" if kind == "app" else "web_latency:bare_app"
    sys.path.insert(0, str(Path(__file__).parent))
    uvicorn.run(
        target, factory=True, host="127.0.0.1", port=port, log_level="warning", access_log=False
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start(kind: str, env: dict[str, str]) -> Server:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", kind, "--port", str(port)], env=env
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return Server(proc, port)
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit(f"the {kind} server did not start") from None
            time.sleep(0.1)


# -- the load --------------------------------------------------------------------------


async def _client(
    port: int, path: str, todo: list[int], samples: list[float], stop_at: float
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: nextround_session={SESSION}\r\nAccept: text/html\r\n\r\n"
    ).encode()
    try:
        while todo and time.monotonic() < stop_at:
            todo.pop()
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            length = 0
            status = await reader.readline()
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            samples.append(time.perf_counter() - started)
            if b" 200 " not in status:
                raise SystemExit(f"{path} answered {status.decode().strip()}")
    finally:
        writer.close()


async def _load(port: int, path: str, clients: int, requests: int, seconds: float) -> list[float]:
    samples: list[float] = []
    todo = list(range(requests))
    stop_at = time.monotonic() + seconds
    await asyncio.gather(*(_client(port, path, todo, samples, stop_at) for _ in range(clients)))
    return samples


def measure(
    port: int, path: str, *, clients: int, requests: int, seconds: float
) -> tuple[float, float, int]:
    asyncio.run(_load(port, path, clients, max(requests // 10, clients), seconds))  # warm-up
    samples = asyncio.run(_load(port, path, clients, requests, seconds))
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered), p95, len(ordered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0, help="cap per measurement")
    parser.add_argument("--serve", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        started = time.perf_counter()
        app_id = build(db, args.apps)
        print(f"built {args.apps} applications in {time.perf_counter() - started:.1f} s")
        env = {
            **os.environ,
            "NEXTROUND_DATABASE_URL": f"sqlite:///{db}",
            "NEXTROUND_NOW": NOW.isoformat(),
            "NEXTROUND_ALLOWED_HOSTS": "127.0.0.1",
        }
        rows: list[tuple[str, float, float, int]] = []
        for kind, cache, name, path in (
            ("bare", "", "bare FastAPI route", "/bare"),
            ("app", "1", "home page", "/"),
            ("app", "1", f"application page (#{app_id})", f"/applications/{app_id}"),
            ("app", "0", "home page, uncached", "/"),
            ("app", "0", "application page, uncached", f"/applications/{app_id}"),
        ):
            server = start(kind, {**env, "NEXTROUND_PAGE_CACHE": cache or "1"})
            try:
                p50, p95, n = measure(
                    server.port,
                    path,
                    clients=args.clients,
                    requests=args.requests,
                    seconds=args.seconds,
                )
            finally:
                server.stop()
            rows.append((name, p50, p95, n))
    floor50, floor95 = rows[0][1], rows[0][2]
    print(f"{args.clients} concurrent clients on 127.0.0.1; ratios to the bare route in this run")
    print(f"  {'':<30} {'p50':>9} {'p95':>9} {'p50 ×':>7} {'p95 ×':>7} {'requests':>9}")
    for name, p50, p95, n in rows:
        print(
            f"  {name:<30} {p50 * 1000:7.1f}ms {p95 * 1000:7.1f}ms "
            f"{p50 / floor50:6.1f}x {p95 / floor95:6.1f}x {n:9d}"
        )
    worst = max(p95 / floor95 for _, _, p95, _ in rows[1:3])
    print(
        f"target: p95 within 5x of the bare route (as served: cached until the data "
        f"changes) — {'met' if worst <= 5 else 'NOT met'}; the uncached rows show the "
        "cost of rendering after every write"
    )


if __name__ == "__main__":
    main()
