"""The project's own errors.

    NextroundError              anything the user should see as one clear line
    ├── InvalidInput            bad text, date, theme, file, size...
    ├── NotFound                an id that names nothing
    ├── InvalidTransition       a feedback-thread step that is not allowed now
    ├── StoreError              the database refused or is unreachable
    ├── MailError               a message or mailbox that cannot be read
    │   ├── SignInExpired       an OAuth2 grant revoked or expired: sign in again
    │   └── LoginRefused        a mail server refused the password, or there is none
    ├── AnalysisError           a model that cannot be loaded or used
    ├── SignInRefused           a wrong password, a disabled account, or too many tries
    └── NotAllowed              a change this user may not make (a coach on a student's work)

Adapters turn library errors into these with ``raise ... from err``; entry
points print ``str(err)`` on stderr and exit non-zero, never a traceback.
"""

from __future__ import annotations


class NextroundError(Exception):
    """Base of every error the user is meant to read."""

    exit_code = 1


class InvalidInput(NextroundError):
    exit_code = 2


class NotFound(NextroundError):
    exit_code = 3

    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"no {what} with id {ident}")
        self.what = what
        self.ident = ident


class InvalidTransition(NextroundError):
    exit_code = 4


class StoreError(NextroundError):
    exit_code = 5


class MailError(NextroundError):
    exit_code = 6


class SignInExpired(MailError):
    """The provider refused the account's OAuth2 grant; only signing in again helps."""

    def __init__(self, account: str) -> None:
        super().__init__(
            f"mail account {account!r}: the sign-in has expired or was revoked; "
            f"sign in again with `nextround mail reauth {account}`"
        )
        self.account = account


class LoginRefused(MailError):
    """Signing in to a mail account cannot work as things stand (a wrong or missing
    password): trying again later changes nothing until someone fixes it."""


class AnalysisError(NextroundError):
    exit_code = 7


class SignInRefused(NextroundError):
    """``retry_after`` (seconds) is set when the refusal is for trying too often."""

    exit_code = 8

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotAllowed(NextroundError):
    """A change the signed-in user may see but not make: a coach reads, only the student writes."""

    exit_code = 9
