"""Bytes to text in whatever charset a mailbox holds, with a fallback for broken ones."""

from __future__ import annotations

import codecs

# labels seen in real mail that Python does not know, or knows as a narrower charset
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "windows-874": "cp874",
    "x-sjis": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "unicode-1-1-utf-7": "utf-7",
    "x-user-defined": "cp1252",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "ansi_x3.4-1968": "utf-8",
    "utf8": "utf-8",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "default": "utf-8",
}
_FALLBACKS = ("utf-8", "cp1252")


def codec_for(label: str | None) -> str | None:
    """The Python codec for a MIME charset label, or None when there is none."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, charset: str | None) -> tuple[str, str]:
    """``(text, note)``: decoded by the declared charset, else utf-8, else windows-1252.

    The note is empty when the declared charset worked, and says what was done
    otherwise (an unknown or wrong label is a common defect, not an error).
    """
    declared = codec_for(charset)
    for codec in (declared, *_FALLBACKS):
        if codec is None:
            continue
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if codec == declared or not charset:
            return text, ""
        return text, f"charset {charset!r} could not be used; read as {codec}"
    return data.decode("utf-8", "replace"), f"charset {charset!r} is broken; bad bytes replaced"
