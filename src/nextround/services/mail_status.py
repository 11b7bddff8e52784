"""Whether mail is set up, for front ends that offer mail actions.

The web's draft page offers "save to mailbox" only when a mail account exists.
"""

from __future__ import annotations

from nextround.services.mail_accounts import list_accounts
from nextround.store import Database


def mail_account_exists(*, db: Database) -> bool:
    """True when at least one mail account is set up (`nextround mail add-account`)."""
    return bool(list_accounts(db=db))
