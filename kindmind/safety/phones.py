"""Finding phone numbers in the words a person wrote in their safety plan (no Django).

A number is read only when it is clearly one: 6 to 15 digits (E.164's limit), at most
one leading "+", and only spaces, dots, hyphens and brackets between the digits; or a
short number of 3 to 5 digits written as one run ("111", "988", "1737"), unless it looks
like a year. Something shaped like a date ("2024-01-05", "5.1.2025") is not a number.
What a dialler is given holds digits and "+" only, so nothing a person typed can reach
the link as anything but a number.
"""

from __future__ import annotations

import re

# A "+" or a digit, then digits with single separators between them; not inside a word
# or a longer run of digits, and not a date-like or decimal shape with letters around.
_NUMBER = re.compile(r"(?<![\w+])(\+?\(?\d(?:[ .\-]?\(?\)?\d|\)[ .\-]?\d|[ .\-]\(\d)*)(?![\w])")
MIN_DIGITS = 6
MAX_DIGITS = 15
_SHORT = re.compile(r"\d{3,5}")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")


def tel_target(number: str) -> str | None:
    """The digits (and a leading +) of a written number, or None when it is not one."""
    digits = re.sub(r"\D", "", number)
    if _SHORT.fullmatch(number):
        return None if _YEAR.fullmatch(number) else number
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS or _DATE.fullmatch(number):
        return None
    if number.count("+") > 1 or ("+" in number and not number.startswith("+")):
        return None
    return ("+" if number.startswith("+") else "") + digits


def split_phone_numbers(text: str) -> list[tuple[str, str | None]]:
    """The text in pieces: (words, None) and (number as written, its tel: target)."""
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for match in _NUMBER.finditer(text):
        tel = tel_target(match.group(1))
        if tel is None:
            continue
        if match.start() > at:
            pieces.append((text[at : match.start()], None))
        pieces.append((match.group(1), tel))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces
