"""Which application a message is about: its sender, its contact, the company it names.

A sender's domain names a company when the label left of its public suffix
matches the company (``careers.acme.com.tr`` names Acme); mail providers and
applicant-tracking systems name no one. A message that fits two applications
equally is not guessed at: it waits in the inbox with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from publicsuffixlist import PublicSuffixList

from nextround.domain.companies import LEGAL_WORDS
from nextround.domain.mailbox import address_domain
from nextround.domain.model import Application, ApplicationStatus, Contact

# mail providers and applicant-tracking systems: their domains say nothing about a company
GENERIC_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.com",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "yandex.com",
        "qq.com",
        "163.com",
        "greenhouse.io",
        "greenhouse-mail.io",
        "lever.co",
        "hire.lever.co",
        "workday.com",
        "myworkday.com",
        "myworkdayjobs.com",
        "smartrecruiters.com",
        "icims.com",
        "taleo.net",
        "successfactors.com",
        "jobvite.com",
        "ashbyhq.com",
        "recruitee.com",
        "workable.com",
        "personio.de",
        "teamtailor.com",
        "bamboohr.com",
        "breezy.hr",
        "jazzhr.com",
        "linkedin.com",
        "indeed.com",
        "glassdoor.com",
        "example.com",
        "example.org",
        "example.net",
    ]
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _compact(name: str) -> str:
    words = [w for w in _NON_ALNUM.split(name.casefold()) if w and w not in LEGAL_WORDS]
    return "".join(words)


def company_domain_label(domain: str) -> str:
    """``careers.northwind-health.co.uk`` -> ``northwindhealth``: the part that names a company.

    The label left of the public suffix (``co.uk``, ``com.tr``, ``gov.uk``...,
    from the Public Suffix List the ``publicsuffixlist`` package ships, read
    from disk and never fetched); "" for a mail provider, an applicant-tracking
    system or a name with nothing left of its suffix.
    """
    if (
        not domain
        or domain in GENERIC_DOMAINS
        or any(domain.endswith("." + g) for g in GENERIC_DOMAINS)
    ):
        return ""
    registered = _suffixes().privatesuffix(domain.lower().rstrip("."))
    label = registered.partition(".")[0] if registered else ""
    return _NON_ALNUM.sub("", label)


@cache
def _suffixes() -> PublicSuffixList:
    """The list, read once (~50 ms) and only by the commands that link mail."""
    return PublicSuffixList()


def same_company(a: str, b: str) -> bool:
    """Whether two spellings name one company ("Northwind Health Ltd." vs "northwind health")."""
    left, right = _compact(a), _compact(b)
    if len(left) < 3 or len(right) < 3:
        return bool(left) and left == right
    return left == right or (min(len(left), len(right)) >= 4 and (left in right or right in left))


def _domain_names_company(label: str, company: str) -> bool:
    name = _compact(company)
    if len(label) < 3 or len(name) < 3:
        return False
    return label == name or (len(label) >= 4 and (label in name or name.startswith(label)))


@dataclass(frozen=True, slots=True)
class Hints:
    """What a message says about where it belongs."""

    sender: str = ""
    company: str | None = None
    role: str | None = None
    contact: Contact | None = None


@dataclass(frozen=True, slots=True)
class Match:
    application: Application | None
    score: int
    reason: str


_OPEN = (
    ApplicationStatus.SAVED,
    ApplicationStatus.APPLIED,
    ApplicationStatus.INTERVIEWING,
    ApplicationStatus.REJECTED,
)


def _score(app: Application, hints: Hints, domains: Iterable[str]) -> tuple[int, list[str]]:
    score, why = 0, list[str]()
    domain = address_domain(hints.sender)
    if hints.contact is not None and same_company(hints.contact.company, app.company):
        score, why = score + 4, [*why, f"sender is your contact {hints.contact.name}"]
    if domain and domain not in GENERIC_DOMAINS and domain in domains:
        score, why = score + 3, [*why, f"sender's domain {domain} is one of {app.company}'s"]
    elif _domain_names_company(company_domain_label(domain), app.company):
        score, why = score + 2, [*why, f"sender's domain {domain} names {app.company}"]
    if hints.company and same_company(hints.company, app.company):
        score, why = score + 2, [*why, f"it names the company {hints.company}"]
    if score and hints.role and _compact(hints.role) and _compact(hints.role) in _compact(app.role):
        score, why = score + 1, [*why, f"and the role {app.role}"]
    return score, why


def match_application(
    applications: Sequence[Application],
    hints: Hints,
    *,
    domains: dict[int, frozenset[str]] | None = None,
) -> Match:
    """The one application a message is about, or why it cannot be told.

    ``domains`` maps an application id to the mail domains already seen for it
    (its contacts' addresses). Ties between the best candidates are not broken
    by guessing: the message goes to the inbox with the reason.
    """
    scored = []
    for app in applications:
        if app.status not in _OPEN or app.id is None:
            continue
        score, why = _score(app, hints, (domains or {}).get(app.id, frozenset()))
        if score:
            scored.append((score, app, why))
    if not scored:
        what = f" at {hints.company!r}" if hints.company else ""
        return Match(None, 0, f"no application{what} matches this message")
    scored.sort(key=lambda s: -s[0])
    best = scored[0]
    tied = [s for s in scored if s[0] == best[0]]
    if len(tied) > 1:
        listed = ", ".join(f"#{s[1].id} {s[1].company} ({s[1].role})" for s in tied)
        return Match(None, best[0], f"it could be any of {listed}")
    return Match(best[1], best[0], "; ".join(best[2]))
