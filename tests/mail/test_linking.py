"""Linking a message to its application: the company a sender's domain names."""

from __future__ import annotations

import socket

import pytest

from nextround.domain.model import Application, ApplicationStatus, Contact
from nextround.mail import linking
from nextround.mail.linking import Hints, company_domain_label, match_application, same_company


@pytest.mark.parametrize(
    ("domain", "label"),
    [
        # the public suffix has two labels, and the hand-made list had none of these
        ("careers.acme.com.tr", "acme"),
        ("jobs.acme.co.kr", "acme"),
        ("hr.acme.gov.uk", "acme"),
        # the cases the old list got right still are
        ("careers.northwind-health.co.uk", "northwindhealth"),
        ("northwind-health.com", "northwindhealth"),
        ("mail.acme-robotics.io", "acmerobotics"),
        ("talent.initech.com.au", "initech"),
        ("acme.co.jp", "acme"),
        ("northwind.example", "northwind"),
        ("Careers.Acme.COM.", "acme"),
        # providers and applicant-tracking systems name no company
        ("gmail.com", ""),
        ("hire.lever.co", ""),
        ("acme.myworkdayjobs.com", ""),
        ("co.uk", ""),
        ("localhost", ""),
        ("", ""),
    ],
)
def test_the_label_left_of_the_public_suffix_names_the_company(domain: str, label: str) -> None:
    assert company_domain_label(domain) == label


def test_the_suffix_list_is_read_from_the_package_without_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the public suffix list tried the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    linking._suffixes.cache_clear()
    assert company_domain_label("jobs.acme.co.kr") == "acme"


def _app(id: int, company: str, role: str = "Data Engineer") -> Application:
    return Application(id=id, company=company, role=role, status=ApplicationStatus.APPLIED)


@pytest.mark.parametrize(
    "sender", ["hr@careers.acme.com.tr", "rita@jobs.acme.co.kr", "people@hr.acme.gov.uk"]
)
def test_a_sender_on_a_two_level_suffix_is_linked_to_its_company(sender: str) -> None:
    apps = [_app(1, "Acme Ltd"), _app(2, "Initech")]
    match = match_application(apps, Hints(sender=sender))
    assert match.application is apps[0]
    assert "names Acme Ltd" in match.reason


def test_a_suffix_alone_names_no_company() -> None:
    # the old list cut "com" from careers.acme.com.tr and took "com" for the company
    apps = [_app(1, "Com Systems")]
    assert match_application(apps, Hints(sender="hr@careers.acme.com.tr")).application is None


def test_known_domains_contacts_and_names_still_link_and_ties_are_not_guessed() -> None:
    apps = [_app(1, "Northwind Health"), _app(2, "Acme Robotics", "Platform Engineer")]
    by_domain = match_application(
        apps, Hints(sender="x@nw-mail.example"), domains={1: frozenset({"nw-mail.example"})}
    )
    assert by_domain.application is apps[0]
    contact = Contact(id=1, name="Dana", company="Northwind Health Ltd.", email="d@x.example")
    assert match_application(apps, Hints(contact=contact)).application is apps[0]
    tie = match_application(apps, Hints(sender="a@gmail.com"))
    assert tie.application is None and "no application" in tie.reason
    both = [_app(3, "Acme Robotics"), _app(4, "Acme Robotics", "Data Engineer")]
    assert "could be any of" in match_application(both, Hints(company="Acme Robotics")).reason


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Northwind Health Ltd.", "northwind health", True),
        ("The Acme Group", "Acme", True),
        ("Acme Holdings and Co", "acme", True),
        ("Acme", "Initech", False),
        ("IBM", "IBM", True),
        ("IBM", "IBMX Corp", False),
    ],
)
def test_same_company(a: str, b: str, same: bool) -> None:
    assert same_company(a, b) is same
