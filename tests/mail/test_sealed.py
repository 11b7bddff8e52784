"""The key that seals a server's mail secrets: made once, private, refused in one line when
it is not fit; a ciphertext opens only with its key, for its owner and account."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from nextround.domain.errors import MailError
from nextround.mail.sealed import (
    KEY_FILE_NAME,
    NOT_OPENED,
    KeyFileError,
    load_key,
    seal,
    server_key,
    unseal,
)


def test_the_key_is_made_once_on_first_start_readable_by_its_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = server_key(named=None, data_dir=data)
    path = data / KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = server_key(named=None, data_dir=data)
    assert again.key == first.key and len(first.key) == 32
    assert first.key.hex() not in repr(first)  # never the key in a log line


def test_a_named_key_file_is_used_and_must_exist(tmp_path: Path) -> None:
    made = server_key(named=None, data_dir=tmp_path)
    named = tmp_path / "elsewhere.key"
    named.write_bytes((tmp_path / KEY_FILE_NAME).read_bytes())
    named.chmod(0o600)
    assert server_key(named=named, data_dir=tmp_path / "unused").key == made.key
    assert not (tmp_path / "unused").exists()
    with pytest.raises(KeyFileError, match="does not exist"):
        server_key(named=tmp_path / "missing.key", data_dir=tmp_path)


@pytest.mark.parametrize(
    ("content", "mode", "said"),
    [
        (None, 0o640, "may be read by others (mode 640); make it 600"),
        (None, 0o604, "may be read by others"),
        ("c2hvcnQ=\n", 0o600, "holds 5 bytes, not a 32-byte key"),
        ("not base64 at all!\n", 0o600, "does not hold a key"),
        ("é" * 10, 0o600, "cannot read the mail secret key file"),
    ],
)
def test_an_unfit_key_file_is_refused_in_one_line(
    tmp_path: Path, content: str | None, mode: int, said: str
) -> None:
    server_key(named=None, data_dir=tmp_path)
    path = tmp_path / KEY_FILE_NAME
    if content is not None:
        path.write_text(content, encoding="utf-8")
    path.chmod(mode)
    with pytest.raises(KeyFileError, match=re.escape(said)) as caught:
        load_key(path)
    assert "\n" not in str(caught.value)


def test_an_unreadable_key_file_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "key-folder"  # unreadable as a file, even for root
    folder.mkdir(mode=0o700)
    with pytest.raises(KeyFileError, match="cannot read the mail secret key file"):
        load_key(folder)


def test_a_secret_opens_only_with_its_key_owner_and_account(tmp_path: Path) -> None:
    key = server_key(named=None, data_dir=tmp_path / "one")
    other = server_key(named=None, data_dir=tmp_path / "two")
    nonce, sealed = seal(key, "hunter2 pässword", owner=7, account="work", username="ana")
    assert b"hunter2" not in sealed
    assert unseal(key, nonce, sealed, owner=7, account="work", username="ana") == (
        "hunter2 pässword"
    )
    for wrong_key, owner, account, username in (
        (other, 7, "work", "ana"),  # another key
        (key, 8, "work", "ana"),  # the row moved to another person
        (key, 7, "home", "ana"),  # or to another account
        (key, 7, "work", "bo"),
    ):
        with pytest.raises(MailError) as caught:
            unseal(wrong_key, nonce, sealed, owner=owner, account=account, username=username)
        assert str(caught.value).startswith(NOT_OPENED + ": ")
        assert "\n" not in str(caught.value)
    # two seals of one secret differ (a fresh nonce each time)
    assert seal(key, "same", owner=1, account="a", username="u") != seal(
        key, "same", owner=1, account="a", username="u"
    )
