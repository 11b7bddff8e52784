"""Reading mail: single messages now; mailboxes and IMAP arrive with the mail issue."""

from nextround.mail.eml import ParsedMail, parse_eml

__all__ = ["ParsedMail", "parse_eml"]
