"""Which application an interview invitation belongs to, and what round it is.

An invitation names its company in the title ("Technical interview - Northwind"),
in its organizer's address (``jo@northwind.example``), or both. Matching is
by those signals only; when they point at more than one application, the
caller asks the user to say which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from nextround.domain.companies import LEGAL_WORDS
from nextround.domain.events import Invitation
from nextround.domain.model import Application, ApplicationStatus

# mail providers anyone uses: their domain says nothing about the employer
_PROVIDERS = frozenset(
    {
        "gmail",
        "googlemail",
        "outlook",
        "hotmail",
        "live",
        "yahoo",
        "icloud",
        "me",
        "proton",
        "protonmail",
        "gmx",
        "aol",
        "mail",
        "calendar",
        "google",
        "microsoft",
        "zoom",
        "teams",
        "calendly",
    }
)
_WORD = re.compile(r"[^\W_]+")

# (words in the title, the round they name), first match wins
_STAGES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("phone", "screen"), "phone screen"),
    (("screening",), "phone screen"),
    (("technical",), "technical"),
    (("coding",), "technical"),
    (("case",), "case study"),
    (("onsite",), "onsite"),
    (("on", "site"), "onsite"),
    (("final",), "final"),
    (("hiring", "manager"), "hiring manager"),
    (("panel",), "panel"),
    (("culture",), "culture"),
    (("hr",), "HR"),
)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def company_words(company: str) -> tuple[str, ...]:
    """The words that name a company, without Inc, Ltd and the like."""
    words = _words(company)
    while len(words) > 1 and words[-1] in LEGAL_WORDS:
        words.pop()
    return tuple(words)


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(tuple(haystack[i : i + n]) == tuple(needle) for i in range(len(haystack)))


def _domain_names(emails: Iterable[str]) -> set[str]:
    """The labels of each address's domain that can name an employer."""
    names: set[str] = set()
    for email in emails:
        domain = email.rpartition("@")[2].lower()
        labels = [label for label in domain.split(".")[:-1] if label]
        for label in labels:
            if label not in _PROVIDERS and len(label) > 1:
                names.add(label.replace("-", ""))
    return names


def _mentions(app: Application, invitation: Invitation, domains: set[str]) -> bool:
    words = company_words(app.company)
    if not words:
        return False
    text = " ".join(
        (invitation.summary, invitation.location, invitation.organizer_name, invitation.description)
    )
    return _contains(_words(text), words) or "".join(words) in domains


def match_applications(
    invitation: Invitation, applications: Sequence[Application], *, own_emails: Iterable[str] = ()
) -> list[Application]:
    """The applications the invitation may belong to, best first; one means it is clear.

    Several applications at the same company are told apart by a role named in
    the title; withdrawn ones are left out when any other matches.
    """
    own = {e.lower() for e in own_emails}
    emails = [invitation.organizer_email, *(email for _, email in invitation.attendees)]
    domains = _domain_names(e for e in emails if e and e.lower() not in own)
    found = [app for app in applications if _mentions(app, invitation, domains)]
    active = [a for a in found if a.status is not ApplicationStatus.WITHDRAWN]
    found = active or found
    if len(found) > 1:
        title = _words(invitation.summary + " " + invitation.description)
        by_role = [a for a in found if _contains(title, _words(a.role))]
        if by_role:
            found = by_role
    return found


def stage_from_title(summary: str) -> str:
    """The round an invitation's title names ("interview" when it names none)."""
    words = _words(summary)
    for needle, stage in _STAGES:
        if _contains(words, needle):
            return stage
    return "interview"
