"""Legacy Vietnamese encodings: TCVN3 (ABC, TCVN 5712:1993) and VNI, to Unicode NFC.

Old files hold such text either as bytes (read here through latin-1) or as strings typed in
.VnTime / VNI-Times fonts, which Word stores as Latin-1 characters ("ViÖt Nam", "Vieät Nam").
Detection compares how many words are valid Vietnamese syllables before and after each
conversion, so that normal Unicode Vietnamese, English or French text is never touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Literal

Encoding = Literal["tcvn3", "vni"]

# TCVN 5712:1993, table VN3 (the ABC fonts .VnTime, .VnArial): lower-case letters and the seven
# bare capitals. Hexadecimal byte, then the letter.
_TCVN3_CHART = """
A1 Ă  A2 Â  A3 Ê  A4 Ô  A5 Ơ  A6 Ư  A7 Đ
A8 ă  A9 â  AA ê  AB ô  AC ơ  AD ư  AE đ
B5 à  B6 ả  B7 ã  B8 á  B9 ạ
BB ằ  BC ẳ  BD ẵ  BE ắ  C6 ặ
C7 ầ  C8 ẩ  C9 ẫ  CA ấ  CB ậ
CC è  CE ẻ  CF ẽ  D0 é  D1 ẹ
D2 ề  D3 ể  D4 ễ  D5 ế  D6 ệ
D7 ì  D8 ỉ  DC ĩ  DD í  DE ị
DF ò  E1 ỏ  E2 õ  E3 ó  E4 ọ
E5 ồ  E6 ổ  E7 ỗ  E8 ố  E9 ộ
EA ờ  EB ở  EC ỡ  ED ớ  EE ợ
EF ù  F1 ủ  F2 ũ  F3 ú  F4 ụ
F5 ừ  F6 ử  F7 ữ  F8 ứ  F9 ự
FA ỳ  FB ỷ  FC ỹ  FD ý  FE ỵ
"""
# VN1 puts some toned capitals in the gaps VN3 leaves; reading them costs nothing. VN1's other
# capitals sit on control codes (0x01-0x17, 0x80-0x9F) that cp1252 turns into punctuation, so
# they are not read: VN3 users typed capitals with the ".VnTimeH" fonts instead (see below).
_TCVN3_VN1_CAPITALS = """
AF Ằ  BA Ẳ  BF Ẵ  C0 Ắ  C1 Ầ  C2 Ẩ  C3 Ẫ  C4 Ấ  C5 Ề  CD Ể  D9 Ễ  DA Ế  DB Ồ  E0 Ổ  F0 Ỗ  FF Ố
"""


def _chart(text: str) -> dict[str, str]:
    tokens = text.split()
    pairs = zip(tokens[::2], tokens[1::2], strict=True)
    return {chr(int(code, 16)): letter for code, letter in pairs}


TCVN3_TO_UNICODE: dict[str, str] = {**_chart(_TCVN3_CHART), **_chart(_TCVN3_VN1_CAPITALS)}
UNICODE_TO_TCVN3: dict[str, str] = {letter: code for code, letter in TCVN3_TO_UNICODE.items()}
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)

# VNI (VNI-Windows): a vowel followed by one mark character; a few letters are single codes.
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VOWELS = frozenset("aeiouy")
_VNI_TONES = {"": "", _ACUTE: "ù", _GRAVE: "ø", _HOOK: "û", _TILDE: "õ", _DOT: "ï"}
_VNI_CIRCUMFLEX = {"": "â", _ACUTE: "á", _GRAVE: "à", _HOOK: "å", _TILDE: "ã", _DOT: "ä"}
_VNI_BREVE = {"": "ê", _ACUTE: "é", _GRAVE: "è", _HOOK: "ú", _TILDE: "ü", _DOT: "ë"}
_VNI_I = {"": "i", _ACUTE: "í", _GRAVE: "ì", _HOOK: "æ", _TILDE: "ó", _DOT: "ò"}


def _vni_chart() -> dict[str, str]:
    """Unicode letter → VNI spelling, lower case; capitals are derived by upper-casing both."""
    chart: dict[str, str] = {"đ": "ñ"}
    for tone in _VNI_TONES:
        for base in "aeouy":
            if not (base == "y" and tone == _DOT):
                chart[base + tone] = base + _VNI_TONES[tone]
        chart["y" + _DOT] = "î"
        chart["i" + tone] = _VNI_I[tone]
        chart["o" + _HORN + tone] = "ô" + _VNI_TONES[tone]
        chart["u" + _HORN + tone] = "ö" + _VNI_TONES[tone]
        for base in "aeo":
            chart[base + _CIRCUMFLEX + tone] = base + _VNI_CIRCUMFLEX[tone]
        chart["a" + _BREVE + tone] = "a" + _VNI_BREVE[tone]
    lower = {unicodedata.normalize("NFC", k): v for k, v in chart.items() if len(k) > 1 or v != k}
    lower.pop("a", None)
    for plain in "aeiouy":
        lower.pop(plain, None)
    return {**lower, **{k.upper(): v.upper() for k, v in lower.items()}}


UNICODE_TO_VNI: dict[str, str] = _vni_chart()
VNI_TO_UNICODE: dict[str, str] = {code: letter for letter, code in UNICODE_TO_VNI.items()}
# A capital vowel followed by a lower-case mark happens when only the first letter was typed
# with Shift; it still means the capital letter.
VNI_TO_UNICODE.update(
    {
        code[0] + code[1:].lower(): letter
        for letter, code in UNICODE_TO_VNI.items()
        if len(code) == 2 and letter.isupper() and code[0] + code[1:].lower() not in VNI_TO_UNICODE
    }
)
_VNI_RE = re.compile(
    "|".join(re.escape(code) for code in sorted(VNI_TO_UNICODE, key=len, reverse=True))
)

# Letters only Unicode Vietnamese has (outside Latin-1): a line holding one is Unicode already.
_UNICODE_VIETNAMESE_RE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)
_HIGH_LATIN1_RE = re.compile("[\u00a1-\u00ff]")
_TOKEN_RE = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'“”‘’/\\<>=+*&%#@|_–—-]+")
_TONE_MARKS = frozenset((_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT))
# Vowel nuclei of Vietnamese syllables (tone marks removed): the test that tells "công" from
# VNI's "coâng" or TCVN3's "c«ng".
_NUCLEI = sorted(
    (
        "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui "
        "uô uơ uy ưa ưi ưu ươ yê iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu"
    ).split(" "),
    key=len,
    reverse=True,
)
# Nuclei ending in a glide or open diphthongs take no final consonant ("tháng", never "thaúng").
_OPEN_NUCLEI = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oao oay oeo uây uôi ươi "
    "ươu uya uyu".split(" ")
)
# "q" only before "u"; after "qu" the nucleus cannot start with another o or u ("quoác").
_SYLLABLE_RE = re.compile(
    r"(?P<initial>ngh|ng|nh|ch|gh|gi|kh|ph|qu(?![oôuư])|q(?=u)|th|tr|[bcdđghklmnprstvx])?"
    rf"(?P<nucleus>{'|'.join(_NUCLEI)})(?P<final>ch|ng|nh|[cmnpt])?"
)


def _is_syllable(token: str) -> bool:
    # Capitals inside a lower-case word ("trÊn", "kÕt") are TCVN3 codes seen as Latin-1.
    if not (token.islower() or token.isupper() or token.istitle()):
        return False
    decomposed = unicodedata.normalize("NFD", token.lower())
    if sum(ch in _TONE_MARKS for ch in decomposed) > 1:
        return False
    # Marks sit on vowels only: "ñ" (TCVN3's "ủ", VNI's "đ") is no Vietnamese letter.
    base = ""
    for ch in decomposed:
        if not unicodedata.combining(ch):
            base = ch
        elif base not in _VOWELS:
            return False
    letters = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    match = _SYLLABLE_RE.fullmatch(unicodedata.normalize("NFC", letters))
    if match is None:
        return False
    initial, nucleus, final = match["initial"] or "", match["nucleus"], match["final"]
    front = nucleus[0] in "ieêy"
    # Spelling rules: "k", "gh", "ngh" before i, e, ê (y); "c", "g", "ng" never there.
    if initial in ("k", "gh", "ngh") and not front:
        return False
    if initial in ("c", "ng") and front or initial == "g" and nucleus[0] in "eê":
        return False
    if final and nucleus in _OPEN_NUCLEI:
        return False
    # "-ch" and "-nh" follow only a, ê, i, y ("anh", "ếch", "tỉnh"; never "ônh").
    return final not in ("ch", "nh") or nucleus[-1] in "aêiy"


def _accented_words(text: str) -> set[str]:
    return {t for t in _TOKEN_RE.findall(text) if not t.isascii()}


def vietnamese_score(text: str) -> float:
    """Share of the distinct non-ASCII words that are valid Vietnamese syllables (0 when none);
    distinct, so that a word repeated ("på", "è") does not decide alone."""
    tokens = _accented_words(text)
    if not tokens:
        return 0.0
    return sum(_is_syllable(t) for t in tokens) / len(tokens)


def _restore_vntimeh_capitals(line: str) -> str:
    """ ".VnTimeH" fonts draw the lower-case codes as capitals, so "CHỈ THỊ" arrives as
    "CHỉ THị". A word with a capital after its first letter was typed in such a font; a line
    with such a word and no lower-case ASCII letter was typed in it throughout."""
    words = line.split(" ")
    shouted = [any(ch.isupper() for ch in w[1:]) and any(ch.islower() for ch in w) for w in words]
    if not any(shouted):
        return line
    if not any(ch.isascii() and ch.islower() for ch in line):
        return line.upper()
    return " ".join(w.upper() if s else w for w, s in zip(words, shouted, strict=True))


def tcvn3_to_unicode(text: str, *, restore_capitals: bool = True) -> str:
    converted = text.translate(_TCVN3_TABLE)
    if restore_capitals:
        converted = "\n".join(_restore_vntimeh_capitals(line) for line in converted.split("\n"))
    return unicodedata.normalize("NFC", converted)


def vni_to_unicode(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group()], text))


def unicode_to_tcvn3(text: str) -> str:
    """The inverse of the VN3 chart; a toned capital VN3 lacks is written with the lower-case
    code, as users of ".VnTimeH" fonts did."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = UNICODE_TO_TCVN3.get(ch) or UNICODE_TO_TCVN3.get(ch.lower())
        out.append(code or ch)
    return "".join(out)


def unicode_to_vni(text: str) -> str:
    return "".join(UNICODE_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


_CONVERTERS: dict[Encoding, Callable[[str], str]] = {
    "tcvn3": tcvn3_to_unicode,
    "vni": vni_to_unicode,
}
# Detection thresholds: distinct accented words needed, and the share of them that must bear
# the encoding's own mark.
MIN_ACCENTED_WORDS = 4
MIN_EVIDENCE = 0.05
# TCVN3's marks: a symbol after a letter ("c«ng", "®¹o", "lµ"; not a closing guillemet as in
# «Velg»), or a Latin-1 capital after a lower-case letter ("kÕt", "vÖ").
_TCVN3_SYMBOL_RE = re.compile(
    "(?<=[A-Za-z\u00a1-\u00ff])"  # after a letter (or another TCVN3 code)
    "(?:[\u00a1-\u00bf](?=[A-Za-z\u00c0-\u00ff])"  # inside the word
    "|[\u00a1-\u00ba\u00bc-\u00bf])"  # or ending it, "»" (0xBB) aside
    "|[a-z][\u00c0-\u00de]"
)
# VNI's marks: a vowel and its mark letter as the chart has them ("oâ", "eä", "öø"; "uè" is
# no VNI code), or a toned "i" written in one code before a final consonant ("tænh", "chòc").
_VNI_PAIR_RE = re.compile(
    "|".join(re.escape(code) for code in VNI_TO_UNICODE if len(code) == 2)
    + "|[íìæóòÍÌÆÓÒ](?=[cmnpt])"
)


def _legacy_candidate(text: str) -> str:
    return "\n".join(
        line
        for line in text.split("\n")
        if _HIGH_LATIN1_RE.search(line) and not _UNICODE_VIETNAMESE_RE.search(line)
    )


def _evidence(words: set[str]) -> dict[Encoding, float]:
    """Share of the accented words bearing each encoding's own mark: TCVN3 writes ô, ơ, ư, à,
    á… with Latin-1 symbols inside words ("c«ng", "c¸c") and ệ, ế… with capitals ("kÕt");
    VNI puts a mark letter after a vowel ("coâng", "vieät"). Neither happens in Norwegian,
    Italian or French."""
    return {
        "tcvn3": sum(bool(_TCVN3_SYMBOL_RE.search(w)) for w in words) / len(words),
        "vni": sum(bool(_VNI_PAIR_RE.search(w)) for w in words) / len(words),
    }


def detect_legacy_encoding(text: str) -> Encoding | None:
    """ "tcvn3" or "vni" when the text reads as Vietnamese only once converted."""
    candidate = _legacy_candidate(unicodedata.normalize("NFC", text))
    words = _accented_words(candidate)
    # A few accented words prove nothing: Norwegian "på" reads as TCVN3 "pồ".
    if len(words) < MIN_ACCENTED_WORDS:
        return None
    evidence = _evidence(words)
    before = vietnamese_score(candidate)
    scores = {name: vietnamese_score(convert(candidate)) for name, convert in _CONVERTERS.items()}
    # An encoding needs its own marks; TCVN3 may do without when its reading is near perfect,
    # as a short text can avoid à, á, ư, ơ, đ ("tæ quèc trùc" is "tổ quốc trực").
    allowed = [
        name
        for name in _CONVERTERS
        if evidence[name] >= MIN_EVIDENCE or (name == "tcvn3" and scores[name] >= 0.9)
    ]
    if not allowed:
        return None
    best = max(allowed, key=lambda name: (scores[name], evidence[name]))
    # Clear margins: the converted text reads as Vietnamese, and much better than the original
    # or with at most half its invalid words (many legacy words look like syllables: "lùc").
    after = scores[best]
    gain = after - before
    if after >= 0.6 and (gain >= 0.25 or (gain >= 0.1 and 1 - after <= (1 - before) / 2)):
        return best
    return None


def convert_legacy(text: str, encoding: Encoding) -> str:
    """Convert the lines that are not Unicode Vietnamese already."""
    convert = _CONVERTERS[encoding]
    return "\n".join(
        convert(line) if not _UNICODE_VIETNAMESE_RE.search(line) else line
        for line in text.split("\n")
    )


def fix_legacy_text(text: str) -> str:
    """Unicode NFC text; legacy TCVN3/VNI parts are converted when detected."""
    text = unicodedata.normalize("NFC", text)
    encoding = detect_legacy_encoding(text)
    return convert_legacy(text, encoding) if encoding else text
