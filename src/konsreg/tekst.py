"""Text as data: what stored text may hold, and how it is shown safely.

Stored text is never markup or terminal control. Input is checked here (one rule for
the commands and the import alike); anything that reaches a person's screen (tables,
warnings, error messages) goes through `synlig`, which shows control characters as
escapes (`\\x1b`) instead of letting the terminal act on them. Machine formats (csv,
tsv, json) keep the stored text exactly and do not use this module.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Characters that reorder text on screen (the "Trojan Source" family): shown escaped
# and refused in stored text, like control characters.
RETNINGSTEGN = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and fillers that print as nothing although Unicode calls them letters.
_BLANKE_BOKSTAVER = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def er_styretegn(tegn: str) -> bool:
    """C0 and C1 control characters, DEL, and the bidirectional controls."""
    return unicodedata.category(tegn) == "Cc" or tegn in RETNINGSTEGN


@cache
def _styretegn(unntatt: str = "") -> re.Pattern[str]:
    """The characters `er_styretegn` names (category Cc is exactly U+0000–U+001F and
    U+007F–U+009F) but those in `unntatt`, as one pattern: a text is searched in C
    instead of a character at a time."""
    tegn = [chr(k) for k in (*range(0x20), *range(0x7F, 0xA0))] + sorted(RETNINGSTEGN)
    return re.compile("[" + "".join(re.escape(t) for t in tegn if t not in unntatt) + "]")


_KJENTE = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(tegn: str) -> str:
    if tegn in _KJENTE:
        return _KJENTE[tegn]
    kode = ord(tegn)
    return f"\\x{kode:02x}" if kode <= 0xFF else f"\\u{kode:04x}"


def synlig(tekst: str, *, linjeskift: bool = False) -> str:
    """`tekst` with every control character shown as an escape (`\\x1b`, `\\u202e`).

    With `linjeskift`, a newline stays a newline (a multi-line description in a
    table cell); otherwise it is shown as `\\n` too (a one-line message)."""
    if _styretegn().search(tekst) is None:
        return tekst
    return "".join(
        t if (linjeskift and t == "\n") or not er_styretegn(t) else _escape(t) for t in tekst
    )


def sitat(verdi: object, *, maks: int = 80) -> str:
    """A value quoted for a message: «…», control characters escaped, and cut in the
    middle when longer than `maks` characters (a 100 MB cell makes no error line)."""
    tekst = verdi if isinstance(verdi, str) else repr(verdi)
    if len(tekst) > maks:
        halv = max(maks // 2 - 1, 1)
        tekst = f"{tekst[:halv]}…{tekst[-halv:]}"
    return f"«{synlig(tekst)}»"


def er_usynlig(tegn: str) -> bool:
    """White space, format characters (zero-width space, joiners, BOM, soft hyphen) and
    the blank letters: what leaves nothing on the page."""
    return tegn.isspace() or unicodedata.category(tegn) == "Cf" or tegn in _BLANKE_BOKSTAVER


def rens_tekst(verdi: str, *, felt: str, tillat: str = "") -> str:
    """A text field as the register stores it, or ValueError with a Norwegian reason.

    Leading and trailing white space is dropped. Control characters are refused except
    those in `tillat` (a description may hold "\\n" and "\\t"); CRLF counts as one
    newline. Text that is empty once invisible characters are removed is refused."""
    if verdi.isascii() and verdi.isprintable() and verdi[:1] not in ("", " ") and verdi[-1] != " ":
        # Printable ASCII with nothing to strip (an import's every title): what the
        # checks below return, without them. Its only white space is the space.
        return verdi
    tekst = verdi.replace("\r\n", "\n").strip() if "\r\n" in verdi else verdi.strip()
    if (funn := _styretegn(tillat).search(tekst)) is not None:
        raise ValueError(
            f"{felt} inneholder styretegnet {_escape(funn.group())} (tegn {funn.start() + 1}); "
            "fjern det"
        )
    if not tekst:
        raise ValueError(f"{felt} kan ikke være tom")
    if not er_usynlig(tekst[0]):
        return tekst  # the common case: something visible first
    if all(er_usynlig(t) for t in tekst):
        raise ValueError(f"{felt} er tom (bare usynlige tegn)")
    return tekst


def antall(n: int, en: str, flere: str) -> str:
    """«1 møte», «2 møter»: the number with the word that fits it."""
    return f"{n} {en if n == 1 else flere}"
