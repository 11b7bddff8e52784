"""The words in a company's name that say nothing about which company it is.

One list for every place that compares or shortens a company's name: linking
mail to an application (``mail.linking``), matching a calendar invitation
(``domain.invites``) and saying the company in a draft (``drafting.text``).
"""

from __future__ import annotations

# legal forms in lower case, "S.A." without its last dot
_FORMS = """
    inc ltd llc llp plc gmbh ag sa s.a sas bv nv co corp corporation company limited
    oy ab as srl spa pty
"""
# the words around them: "The Acme Group", "Acme Holdings", "Smith and Co"
_AROUND = "group holdings the and"

LEGAL_WORDS = frozenset((_FORMS + _AROUND).split())
"""Lower-case words that end (or, for comparing, fill) a company's name: Inc, GmbH, Group, The..."""

__all__ = ["LEGAL_WORDS"]
