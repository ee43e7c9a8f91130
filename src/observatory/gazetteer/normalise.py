"""Name keys that fold the transliteration variants of Arabic place names together.

Two keys per name:

- :func:`name_key` (the *light* key): lower case, no diacritics, apostrophes or ayn marks,
  no articles (al-/el-/ad-/ash-/as-/az-/ar-/an-/at-/ez-, also when fused: "Ezzor"),
  "Abu"/"Albu"/"Bu" as one prefix, doubled letters single, ou/oo -> u, ee/ei/ay/ai -> i,
  e -> a, o -> u, q -> k, a final ta marbuta h dropped ("Raqqah" = "Raqqa"), words joined.
  Al-Bukamal = Albu Kamal = Abu Kamal; Rankous = Rankus; Deir ez-Zor = Dayr az Zawr.
- :func:`skeleton_key`: the light key's consonants only (y and w dropped too), a looser
  fallback: Seidnaya = Sednaya, Mliha = Al-Maliha, Huwayja Saqer = Hawijat Saqr.

Keys are built word by word (:func:`word_keys`) so that a text scanner can join the keys of
consecutive words without normalising every n-gram again.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ARTICLES",
    "arabic_fold",
    "ascii_name",
    "fold_word",
    "light_key_cached",
    "name_key",
    "name_keys",
    "skeleton_from_light",
    "skeleton_key",
    "word_keys",
    "word_skeleton",
]

ARTICLES = frozenset(
    {
        "al",
        "el",
        "ad",
        "ed",
        "ash",
        "esh",
        "as",
        "es",
        "az",
        "ez",
        "ar",
        "er",
        "an",
        "en",
        "at",
        "et",
        "ath",
        "adh",
        "ul",
        "il",
        "l",
    }
)

_APOSTROPHES = "'’‘`ʿʾʼʻ´"
_SPLIT = re.compile(r"[\s\-‐‑–—_/.,()]+")
_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
# an article fused with a doubled sun letter: "ezzor", "assukhnah", "arraqqah"
_FUSED_SUN = re.compile(r"^[ae](t|th|d|dh|r|z|s|sh|n|l)\1(.{2,})$")
_FUSED_AL = re.compile(r"^(?:al|el)(.{3,})$")
_VOWELS = frozenset("aeiou")
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")
_ARABIC_CHAR = re.compile("[\u0600-\u06ff]")
_DROP_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_DOUBLED = re.compile(r"(.)\1+", re.S)
_ARABIC_TABLE = str.maketrans("أإآٱةىؤئ", "ااااهيوي")


# letters NFKD does not decompose, as ASCII writers spell them
_LATIN_LETTERS = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ħ": "h",
        "Ħ": "H",
        "ə": "e",
        "Ə": "E",
        "þ": "th",
        "Þ": "Th",
        "–": "-",
        "—": "-",
    }
)
# ayn and hamza marks of transliterated Arabic ("‘Afrīn", "Ra’s al ‘Ayn"): dropped
_AYN_HAMZA = str.maketrans("", "", "‘’ʿʾʼʻ")
# where a plain apostrophe is an ayn or hamza too ("Ma'arrat"), not an elision ("O'Connor")
_ARABIC_COUNTRIES = frozenset(
    [
        "SY",
        "IQ",
        "LB",
        "JO",
        "PS",
        "SA",
        "YE",
        "EG",
        "LY",
        "TN",
        "DZ",
        "MA",
        "MR",
        "AE",
        "QA",
        "KW",
        "BH",
        "OM",
        "SD",
    ]
)


def ascii_name(name: str, *, country: str | None = None) -> str:
    """A place name as ASCII writers (ACLED) spell it: "Ḩarastā" -> "Harasta".

    NFKD without combining marks, a few letters mapped ("ı" -> "i"), ayn and hamza marks
    dropped (a plain apostrophe too in Arabic-speaking countries). A name with nothing
    Latin left (Arabic script) is returned unchanged.
    """
    arabic = country in _ARABIC_COUNTRIES
    if name.isascii() and not (arabic and "'" in name):
        return name
    folded = _strip_marks(name).translate(_LATIN_LETTERS).translate(_AYN_HAMZA)
    if arabic:
        folded = folded.replace("'", "")
    if not folded.isascii():
        folded = "".join(ch for ch in folded if ch.isascii())
    folded = " ".join(folded.split())
    return folded if any(ch.isalpha() for ch in folded) else name


def arabic_fold(word: str) -> str:
    """Arabic-script folding: no diacritics or tatweel, one alef, ta marbuta as ha."""
    word = _ARABIC_DIACRITICS.sub("", word)
    word = word.translate(_ARABIC_TABLE)
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    if word.startswith("وال") and len(word) > 4:  # "and the ..."
        word = word[3:]
    return word


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if decomposed.isascii():
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_arabic(word: str) -> bool:
    return _ARABIC_CHAR.search(word) is not None


def fold_word(word: str) -> str:
    """The light key of one word ("" for an article)."""
    if not word:
        return ""
    if _is_arabic(word):
        return arabic_fold(word)
    w = _strip_marks(word).lower()
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    w = w.translate(_DROP_APOSTROPHES)
    if not w.isalnum():
        w = "".join(ch for ch in w if ch.isalnum())
    if not w or w in ARTICLES:
        return ""
    if w in {"abu", "albu", "abou", "bu", "abo", "aboo"}:
        return "bu"
    if w.startswith("albu") and len(w) > 6:
        w = w[2:]
    elif w.startswith("abu") and len(w) > 6 and w[3] not in _VOWELS:
        w = w[1:]
    m = _FUSED_SUN.match(w)
    if m:
        w = m.group(1) + m.group(2)
    elif w.startswith(("al", "el")) and len(w) > 5 and w[2] not in _VOWELS:
        fused = _FUSED_AL.match(w)
        if fused and w[2] in "bhjkqmfwy":  # moon letters keep the l: Alqamiyeh, Albab
            w = fused.group(1)
    return _fold_letters(w)


def _fold_letters(w: str) -> str:
    w = w.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("ei", "i")
    w = w.replace("ay", "i").replace("ai", "i").replace("ey", "i").replace("aw", "u")
    w = w.replace("ck", "k").replace("q", "k").replace("e", "a").replace("o", "u")
    w = w.replace("iy", "i").replace("uw", "u")
    w = _DOUBLED.sub(r"\1", w)
    if len(w) > 3 and w.endswith("h") and w[-2] in _VOWELS:
        w = w[:-1]
    return w


def word_keys(name: str) -> list[str]:
    """The light keys of a name's words, articles dropped."""
    return [k for k in (fold_word(p) for p in _SPLIT.split(name)) if k]


def name_keys(name: str, cache: dict[str, tuple[str, str]] | None = None) -> tuple[str, str]:
    """Light key and skeleton key of a name at once; ``cache`` memoises per word."""
    light: list[str] = []
    skel: list[str] = []
    for part in _SPLIT.split(name):
        hit = cache.get(part) if cache is not None else None
        if hit is None:
            folded = fold_word(part)
            hit = (folded, word_skeleton(folded) if folded else "")
            if cache is not None:
                cache[part] = hit
        if hit[0]:
            light.append(hit[0])
            skel.append(hit[1])
    return "".join(light), "".join(skel)


def light_key_cached(name: str, cache: dict[str, str]) -> str:
    """:func:`name_key` with ``cache`` memoising the light key of each word."""
    out: list[str] = []
    for part in _SPLIT.split(name):
        hit = cache.get(part)
        if hit is None:
            hit = cache[part] = fold_word(part)
        if hit:
            out.append(hit)
    return "".join(out)


def name_key(name: str) -> str:
    """The light key of a whole name ("" when nothing is left)."""
    return "".join(word_keys(name))


def skeleton_from_light(light: str) -> str:
    """Consonants of a light key (vowels, y and w dropped; Arabic: long vowels dropped)."""
    if _is_arabic(light):
        return "".join(ch for ch in light if ch not in "اويه")
    return "".join(ch for ch in light if ch not in "aeiouyw")


def word_skeleton(light_word: str) -> str:
    """The skeleton of one word's light key ("Hawijat" -> "hj", like "Huwayja")."""
    # the construct-state t ("Hawijat Saqr") is not part of the name
    if len(light_word) > 4 and light_word.endswith("at"):
        light_word = light_word[:-1]
    return skeleton_from_light(light_word)


def skeleton_key(name: str) -> str:
    """The consonant skeleton of a name: a looser key for fallbacks."""
    return "".join(word_skeleton(k) for k in word_keys(name))
