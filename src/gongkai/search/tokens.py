"""What "the document contains the query" means, in plain Python (no Django).

Search is exact substring search over a canonical form of the text:

- every character is put in NFKC form (full-width ＡＢＣ１２３ becomes abc123, ① becomes 1),
  invisible format characters (zero-width space, soft hyphen) are dropped,
- OpenCC t2s turns traditional characters into simplified ones,
- letters are lower-cased,
- every stretch of characters that are neither letters nor digits (punctuation, spaces, line
  breaks) becomes one space, so that 〔2020〕, (2020) and [2020] read the same.

A query term matches a document when the term's canonical form occurs in the document's. The
leading and trailing punctuation of a term is dropped ("“信息公开”" is 信息公开).

The database cannot store every substring, so the index holds, for every run of letters and
digits, its overlapping pairs of characters plus the run's last character ("国办函" gives 国办,
办函, 函). Every character of a run begins one of those tokens, and every pair of neighbours in a
run is one of them, so any term that occurs in a document has all of its tokens in the document's
token set: the index narrows the candidates without ever losing one. For a term of one character
(a prefix match: some token starts with it) or two (the pair itself) that is already the exact
answer; the candidates for a longer term are checked against the stored canonical text. (Phrase
queries over token positions are not used: PostgreSQL caps positions at 16383 and keeps at most
255 of them per lexeme, so a phrase deep in a long document would be silently missed.)

Known edges: OpenCC reads phrases, so a fragment can convert differently alone than in its
sentence (乾 alone is 干, and so is 乾 in 乾燥, but 乾坤 stays); Latin words are matched as
substrings too ("port" finds "report").
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import opencc

MAX_QUERY_CHARS = 100
MAX_TERMS = 10
SNIPPET_CHARS = 120
HIGHLIGHT_MARGIN = 32  # characters clear of a cut in the text, for OpenCC's phrases (see highlight)
FIELD_BREAK = "\n"  # between title, body and extra text: no term can match across it

_T2S = opencc.OpenCC("t2s")
_SEPARATOR = " "
_WHITESPACE = re.compile(r"\s+")  # a snippet is one line


class SearchQueryError(ValueError):
    """A query that cannot be searched; the message is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _CharTable(dict[int, str]):
    """A str.translate table that works each character out once, on first sight."""

    def __init__(self, rule: Callable[[str], str]) -> None:
        super().__init__()
        self._rule = rule

    def __missing__(self, codepoint: int) -> str:
        result = self._rule(chr(codepoint))
        self[codepoint] = result
        return result


def _compatibility(char: str) -> str:
    """NFKC, one character at a time (so that a query and its document agree on every piece)."""
    category = unicodedata.category(char)
    if category == "Cf":  # zero-width space, soft hyphen, byte-order mark: invisible
        return ""
    if category in ("Cc", "Cs"):  # controls (NUL, line breaks) and lone surrogates
        return _SEPARATOR
    return unicodedata.normalize("NFKC", char)


def _fold(char: str) -> str:
    """One character in, one out: a lower-cased letter or digit, or the separator."""
    lower = char.lower()
    if len(lower) != 1:  # 'İ'.lower() is two characters; keep the letter as written
        lower = char
    return lower if lower.isalnum() else _SEPARATOR


_COMPATIBILITY = _CharTable(_compatibility)
_FOLD = _CharTable(_fold)


@lru_cache(maxsize=4096)
def _simplified_char(char: str) -> str:
    converted = str(_T2S.convert(char))
    return converted if len(converted) == 1 else char


def _simplified(text: str) -> str:
    """OpenCC t2s over the whole text (it reads phrases: 乾燥 -> 干燥), one-for-one in length.

    If a conversion ever changed the length, positions could not be mapped back for highlighting,
    so the text is then converted character by character instead.
    """
    converted = str(_T2S.convert(text))
    if len(converted) == len(text):
        return converted
    return "".join(_simplified_char(char) for char in text)


def canonical(text: str) -> str:
    """The canonical form: runs of lower-cased, simplified letters and digits, one space apart."""
    folded = _simplified(text.translate(_COMPATIBILITY)).translate(_FOLD)
    return _SEPARATOR.join(folded.split())


def _piece_mark(char: str) -> str:
    """'x' for a character whose NFKC piece is not exactly one character (① is, ㈠ is not)."""
    return "." if len(_COMPATIBILITY[ord(char)]) == 1 else "x"


_PIECES = _CharTable(_piece_mark)
_RUN = re.compile(r"[^ ]+")
_ODD = re.compile(r"x")


@dataclass(frozen=True)
class Mapped:
    """A canonical form that remembers where each of its characters came from.

    Kept as runs and break points rather than one entry per character, so that mapping a long
    document costs a few passes in C, not a Python loop over every character.
    """

    text: str
    run_starts: list[int]  # where each run begins in `text`
    run_sources: list[int]  # ... and in the NFKC form of the original
    run_ends: list[int]  # where each run ends in the NFKC form
    odd_sources: list[int]  # NFKC positions of the pieces that are not one character long
    odd_originals: list[int]  # ... the original characters they came from
    odd_lengths: list[int]  # ... and their lengths (0 for a dropped character)

    def _original(self, source: int) -> int:
        """The original index of the character at `source` in the NFKC form."""
        k = bisect_right(self.odd_sources, source) - 1
        if k < 0:
            return source
        offset = source - self.odd_sources[k]
        if offset < self.odd_lengths[k]:
            return self.odd_originals[k]
        return self.odd_originals[k] + 1 + offset - self.odd_lengths[k]

    def start(self, index: int) -> int:
        """Where canonical character `index` begins in the original text."""
        run = bisect_right(self.run_starts, index) - 1
        offset = index - self.run_starts[run]
        if offset < self.run_ends[run] - self.run_sources[run]:
            return self._original(self.run_sources[run] + offset)
        return self._original(self.run_ends[run])  # the space after a run: the punctuation there

    def end(self, index: int) -> int:
        """Where canonical character `index` ends in the original text."""
        run = bisect_right(self.run_starts, index) - 1
        offset = index - self.run_starts[run]
        if offset < self.run_ends[run] - self.run_sources[run]:
            return self._original(self.run_sources[run] + offset) + 1
        return self._original(self.run_sources[run + 1] - 1) + 1


def canonical_with_map(text: str) -> Mapped:
    """canonical(text), with the way back to the original text, to mark a match where it is."""
    odd_sources: list[int] = []
    odd_originals: list[int] = []
    odd_lengths: list[int] = []
    shift = 0  # NFKC position minus original position, so far
    for found in _ODD.finditer(text.translate(_PIECES)):
        original = found.start()
        length = len(_COMPATIBILITY[ord(text[original])])
        odd_sources.append(original + shift)
        odd_originals.append(original)
        odd_lengths.append(length)
        shift += length - 1
    folded = _simplified(text.translate(_COMPATIBILITY)).translate(_FOLD)
    runs: list[str] = []
    run_starts: list[int] = []
    run_sources: list[int] = []
    run_ends: list[int] = []
    position = 0
    for run in _RUN.finditer(folded):
        runs.append(run.group())
        run_starts.append(position)
        run_sources.append(run.start())
        run_ends.append(run.end())
        position += len(run.group()) + 1
    return Mapped(
        text=_SEPARATOR.join(runs),
        run_starts=run_starts,
        run_sources=run_sources,
        run_ends=run_ends,
        odd_sources=odd_sources,
        odd_originals=odd_originals,
        odd_lengths=odd_lengths,
    )


def document_text(title: str, body: str, extra_text: str = "") -> str:
    """The canonical form of a whole document, one field per line."""
    return FIELD_BREAK.join(canonical(field) for field in (title, body, extra_text))


def _run_tokens(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def tokens(canonical_text: str) -> list[str]:
    """The index tokens of a canonical text: each run's overlapping pairs and its last character.

    Distinct, in order of first appearance. Works from the canonical text alone (split on spaces
    and line breaks), so the tokens of a stored document can always be worked out again.
    """
    found: dict[str, None] = {}
    for run in canonical_text.split():
        for token in _run_tokens(run):
            found[token] = None
    return list(found)


@dataclass(frozen=True)
class Term:
    """One space-separated part of a query; a document must contain every term."""

    text: str  # canonical form: must occur in the document's canonical text
    tokens: tuple[str, ...]  # every document containing the term has all of these tokens
    prefix: str | None  # ... and a token starting with this character (one-character runs)

    @property
    def decided_by_tokens(self) -> bool:
        """One or two letters or digits: having the token (or the prefix) is containing the term."""
        return len(self.text) <= 2 and _SEPARATOR not in self.text


def _term(text: str) -> Term:
    runs = text.split()
    wanted: dict[str, None] = {}
    prefix: str | None = None
    for number, run in enumerate(runs):
        last = number == len(runs) - 1
        if len(run) == 1 and last:
            # The document's run may go on after this character (then a pair starting with it
            # is indexed) or stop here (then the character itself is): a prefix match.
            prefix = run
            continue
        pairs = [run[i : i + 2] for i in range(len(run) - 1)]
        for token in pairs if last else [*pairs, run[-1]]:
            # A run followed by punctuation in the query must end there in the document too.
            wanted[token] = None
    return Term(text=text, tokens=tuple(wanted), prefix=prefix)


def parse_query(query: str) -> tuple[Term, ...]:
    """The terms of a query, or SearchQueryError with a message for the person searching."""
    stripped = query.strip()
    if not stripped:
        raise SearchQueryError("请输入要检索的字词。")
    if len(stripped) > MAX_QUERY_CHARS:
        raise SearchQueryError(f"检索词过长：最多 {MAX_QUERY_CHARS} 个字。")
    parts = stripped.split()
    if len(parts) > MAX_TERMS:
        raise SearchQueryError(f"检索词过多：最多 {MAX_TERMS} 个，以空格分隔。")
    texts = dict.fromkeys(text for text in (canonical(part) for part in parts) if text)
    if not texts:
        raise SearchQueryError("检索词须包含汉字、字母或数字。")
    return tuple(_term(text) for text in texts)


def contains(canonical_text: str, terms: tuple[Term, ...]) -> bool:
    """The definition the databases must agree with: every term occurs in the canonical text."""
    return all(term.text in canonical_text for term in terms)


def _escape(segment: str) -> str:
    return html.escape(_WHITESPACE.sub(" ", segment))


def highlight(text: str, query: str, *, size: int = SNIPPET_CHARS) -> str:
    """An HTML-escaped excerpt of about `size` characters of the original text, around the first
    match, with <mark> around every match in it. Without a match: the beginning of the text.

    Matching is the search's own (simplified/traditional, full-width, case and punctuation do not
    matter), but the excerpt shows the text as it was written.

    Only as much of the text is mapped as the excerpt needs: a beginning twice the excerpt (and
    the margin below), then four times that, and so on. Mapping is local (a character, or a
    phrase of a few for OpenCC), so the beginning maps as the whole text does except near its
    cut, which the excerpt must then stay clear of by HIGHLIGHT_MARGIN characters and the
    longest term.
    """
    try:
        needles = [term.text for term in parse_query(query)]
    except SearchQueryError:
        needles = []
    if not needles:
        return _excerpt(text, 0, min(len(text), size), [])
    margin = HIGHLIGHT_MARGIN + 4 * max(map(len, needles))
    length = 2 * size + margin
    while True:
        whole = length >= len(text)
        mapped = canonical_with_map(text if whole else text[:length])
        found = [position for position in (mapped.text.find(needle) for needle in needles) if position >= 0]
        if found:
            first = min(found)  # no match of any term begins before this one
            end = min(len(text), max(0, mapped.start(first) - size // 3) + size)
            if whole or end + margin <= length:
                break
        elif whole:
            return _excerpt(text, 0, min(len(text), size), [])
        length *= 4
    start = max(0, end - size)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        # Bounded: only matches that begin inside the window are looked at.
        position = mapped.text.find(needle, first)
        while position >= 0 and mapped.start(position) < end:
            span_start = max(start, mapped.start(position))
            span_end = min(end, mapped.end(position + len(needle) - 1))
            if span_start < span_end:
                spans.append((span_start, span_end))
            position = mapped.text.find(needle, position + 1)
    return _excerpt(text, start, end, spans)


def _excerpt(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    merged: list[tuple[int, int]] = []
    for span_start, span_end in sorted(spans):
        if merged and span_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span_end))
        else:
            merged.append((span_start, span_end))
    parts = ["…"] if start > 0 else []
    cursor = start
    for span_start, span_end in merged:
        parts.append(_escape(text[cursor:span_start]))
        parts.append(f"<mark>{_escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(_escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts)
