"""`make demo`: seed a realistic sample into a demo database and walk the loop.

Every step is a real `nextround` command, printed before it runs, so the demo
doubles as a tour of the command line.
"""

from __future__ import annotations

import argparse
import io
import shlex
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime, timedelta
from pathlib import Path

from nextround.cli import main as cli_main
from nextround.domain.calendar import add_business_days

ME = "Alex Morgan"

REJECTION_NORTHWIND = """\
Hi Alex,

Thank you for taking the time to meet with Dana and the analytics team last week.
After careful consideration we have decided to move forward with another candidate
whose experience more closely matches what we need right now.

We appreciate your interest in Northwind Health and wish you the very best.

Kind regards,
Priya Raman
Talent Acquisition, Northwind Health
"""

GENERIC_REPLY = """\
Hi Alex, thanks for reaching out. Honestly it was a close call - the other
candidate simply had a bit more relevant experience. You should be proud of how
you did. Best, Dana
"""

ACTIONABLE_REPLY = """\
Hi Alex, happy to say more. In the SQL exercise you reached the right answer but
you were not comfortable with window functions, and the role uses them every day.
Your explanation of the readmission dashboard was very clear, and the panel liked
how you walked through it. One more thing: you didn't ask us anything about our data
stack, which made it harder to tell how much you'd looked into the team.
Good luck - Dana
"""

REJECTION_BRIGHTLINE = """\
Subject: Your application to Brightline Logistics

Dear Alex,

Thank you for applying for the Operations Coordinator role. We have reviewed your
CV carefully and unfortunately we will not be taking your application further.

Brightline Logistics Recruitment Team
"""

REJECTION_CALDER = """\
Hi Alex,

Thanks for spending time with us on the technical interview for the Junior Software
Engineer role. Unfortunately we won't be progressing your application.

Best,
Marcus Lee, Engineering Manager, Calder & Finch
"""

DECLINED_REPLY = """\
Hi Alex, thanks for getting in touch. I'm afraid company policy doesn't allow us to
give individual feedback to candidates. All the best with your search. Marcus
"""

REJECTION_ORBIT = """\
Hello Alex,

Thank you for interviewing with us for the Customer Success Lead position. We have
decided not to proceed with your application at this stage.

Regards, Sofia Marquez, Orbit Payments
"""

ORBIT_REPLY = """\
Hi Alex, of course. Your answers ran long and it was hard to follow the main point;
in the scenario question we needed you to get to the recommendation much sooner.
Your product knowledge was strong though. Sofia
"""


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


class Tour:
    def __init__(self, db: Path) -> None:
        self.db = db

    def run(self, *args: str, show: bool = True) -> str:
        """Run one command, echo it and its output; return what it printed."""
        argv = ["--db", str(self.db), *args]
        if show:
            shown = " ".join(shlex.quote(a) if "\n" not in a else "'…'" for a in args)
            print(
                f"\n\033[1m$ nextround {shown}\033[0m"
                if sys.stdout.isatty()
                else f"\n$ nextround {shown}"
            )
            for text in (a for a in args if "\n" in a):
                print("  where '…' is:")
                print("\n".join(f"  │ {line}" for line in text.strip().splitlines()))
        buffer, errors = io.StringIO(), io.StringIO()
        with redirect_stdout(buffer), redirect_stderr(sys.stderr if show else errors):
            code = cli_main(argv)
        printed = buffer.getvalue()
        if show:
            sys.stdout.write(printed)
        if code != 0:
            sys.stderr.write(errors.getvalue())
            raise SystemExit(f"demo step failed (exit {code}): nextround {' '.join(args)}")
        return printed

    def quiet(self, *args: str) -> int:
        """Run a seeding command silently and return the id it printed."""
        return int(self.run(*args, show=False).strip().splitlines()[-1])


def section(title: str) -> None:
    print(f"\n{'=' * 78}\n{title}\n{'=' * 78}")


def seed(tour: Tour, now: datetime) -> dict[str, int]:
    ids: dict[str, int] = {}
    tour.run("me", ME, show=False)
    day = timedelta(days=1)
    ids["northwind"] = tour.quiet(
        "app",
        "add",
        "Northwind Health",
        "Data Analyst",
        "--source",
        "referral",
        "--applied",
        _iso(now - 30 * day)[:10],
    )
    ids["dana"] = tour.quiet(
        "contact",
        "add",
        "Dana Whitfield",
        "--company",
        "Northwind Health",
        "--title",
        "Head of Analytics",
        "--email",
        "dana.whitfield@northwind.example",
    )
    ids["northwind_final"] = tour.quiet(
        "interview",
        "add",
        str(ids["northwind"]),
        "--stage",
        "final panel",
        "--when",
        _iso(now - 9 * day),
        "--with",
        str(ids["dana"]),
        "--point",
        "the hospital readmission dashboard I built",
        "--point",
        "how the team moves from Excel reports to dbt",
        "--rate",
        "communication=4",
        "--rate",
        "technical_skills=4",
        "--rate",
        "preparation=4",
    )
    ids["brightline"] = tour.quiet("app", "add", "Brightline Logistics", "Operations Coordinator")
    ids["calder"] = tour.quiet("app", "add", "Calder & Finch", "Junior Software Engineer")
    ids["marcus"] = tour.quiet(
        "contact",
        "add",
        "Marcus Lee",
        "--company",
        "Calder & Finch",
        "--title",
        "Engineering Manager",
    )
    tour.quiet(
        "interview",
        "add",
        str(ids["calder"]),
        "--stage",
        "technical",
        "--when",
        _iso(now - 12 * day),
        "--with",
        str(ids["marcus"]),
        "--point",
        "the flaky test suite I stabilised",
        "--rate",
        "technical_skills=3",
    )
    ids["orbit"] = tour.quiet("app", "add", "Orbit Payments", "Customer Success Lead")
    ids["sofia"] = tour.quiet(
        "contact",
        "add",
        "Sofia Marquez",
        "--company",
        "Orbit Payments",
        "--title",
        "VP Customer",
    )
    tour.quiet(
        "interview",
        "add",
        str(ids["orbit"]),
        "--stage",
        "second round",
        "--when",
        _iso(now - 20 * day),
        "--with",
        str(ids["sofia"]),
        "--point",
        "the onboarding playbook for enterprise clients",
        "--rate",
        "communication=5",
    )
    ids["harbour"] = tour.quiet("app", "add", "Harbour Bank", "Business Analyst")
    ids["harbour_next"] = tour.quiet(
        "interview",
        "add",
        str(ids["harbour"]),
        "--stage",
        "first interview",
        "--when",
        _iso(add_business_days(now, 2)),
        "--point",
        "their move to open banking APIs",
    )
    tour.quiet("app", "add", "Kestrel Studios", "Product Designer", "--source", "LinkedIn")
    return ids


def walk(db: Path) -> None:
    now = datetime.now().replace(second=0, microsecond=0)
    tour = Tour(db)
    day = timedelta(days=1)
    section("Seeding a sample job search (5 applications, interviews, interviewers)")
    ids = seed(tour, now)
    tour.run("app", "list")

    section("1. A rejection arrives. nextround judges it and opens a feedback thread")
    out = tour.run(
        "reject",
        REJECTION_NORTHWIND,
        "--app",
        str(ids["northwind"]),
        "--at",
        _iso(now - 4 * day),
        "--subject",
        "Your application for Data Analyst",
    )
    northwind = int(out.strip().splitlines()[-1])
    tour.run("reject", REJECTION_BRIGHTLINE, "--at", _iso(now - 3 * day))
    calder = int(
        tour.run(
            "reject",
            REJECTION_CALDER,
            "--app",
            str(ids["calder"]),
            "--at",
            _iso(now - 8 * day),
            show=False,
        )
        .strip()
        .splitlines()[-1]
    )
    orbit = int(
        tour.run(
            "reject",
            REJECTION_ORBIT,
            "--app",
            str(ids["orbit"]),
            "--at",
            _iso(now - 15 * day),
            show=False,
        )
        .strip()
        .splitlines()[-1]
    )

    section("2. Ask for feedback: the draft names what you discussed")
    tour.run("ask", str(northwind), "--channel", "email", "--tone", "warm")
    tour.run("ask", str(northwind), "--channel", "linkedin", "--tone", "concise")
    tour.run("ask", str(northwind), "--channel", "email", "--sent", "--at", _iso(now - 3 * day))

    section("3. A generic answer: nextround spots it and drafts the probe")
    tour.run("reply", str(northwind), GENERIC_REPLY, "--at", _iso(now - 2 * day))
    tour.run("probe", str(northwind), "--sent", "--at", _iso(now - 2 * day + timedelta(hours=2)))

    section("4. A concrete answer: the evidence, the themes, and the two paths")
    out = tour.run("reply", str(northwind), ACTIONABLE_REPLY, "--at", _iso(now - 1 * day))
    reply_id = _message_id(tour, northwind)
    tour.run("lesson", "keep", str(reply_id))  # review: one lesson per point, nothing saved
    tour.run("lesson", "keep", str(reply_id), "--save")
    tour.run(
        "lesson",
        "add",
        "--theme",
        "communication",
        "--polarity",
        "strength",
        "--statement",
        "Walking a panel through a real project (the readmission dashboard)",
        "--app",
        str(ids["northwind"]),
    )
    tour.run("thank", str(northwind), "--sent")

    # two more threads, quietly: a refusal and concrete feedback on communication
    tour.run(
        "ask", str(calder), "--channel", "call", "--sent", "--at", _iso(now - 7 * day), show=False
    )
    tour.run("reply", str(calder), DECLINED_REPLY, "--at", _iso(now - 6 * day), show=False)
    tour.run("close", str(calder), "--sent", show=False)
    tour.run(
        "ask", str(orbit), "--channel", "email", "--sent", "--at", _iso(now - 14 * day), show=False
    )
    tour.run("reply", str(orbit), ORBIT_REPLY, "--at", _iso(now - 12 * day), show=False)
    tour.run("lesson", "keep", str(_message_id(tour, orbit)), "--save", show=False)
    tour.run("thank", str(orbit), "--sent", show=False)

    section("5. Where you stand: strengths, weaknesses, blind spots")
    tour.run("profile")

    section("6. Before the next interview: the brief")
    tour.run("brief", str(ids["harbour_next"]))

    section("7. And always: what to do now")
    tour.run("next")
    print(f"\nThe demo database is {db}; try: .venv/bin/nextround --db {db} threads")


def _message_id(tour: Tour, thread_id: int) -> int:
    import json

    data = json.loads(tour.run("thread", str(thread_id), "--json", show=False))
    replies = [m["id"] for m in data["messages"] if m["kind"] == "reply"]
    return int(replies[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="SQLite file for the demo")
    args = parser.parse_args()
    walk(args.db)


if __name__ == "__main__":
    main()
