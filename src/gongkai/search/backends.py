"""How each database keeps the tokens, narrows a search by them and finds a page of matches.

Both keep, per document, the set of its tokens (gongkai.search.tokens.tokens) and answer "which
documents have all of these tokens, and one starting with this character": a superset of the
matches, never missing one. For a term of one or two characters that is the exact answer; longer
terms are checked against SearchDocument.canonical in SQL (INSTR, STRPOS), the same on both.

A page is the first matches newest first, and a count. Sorting every match is what makes a common
word slow over a million documents (公 is in nearly all of them), so `find` counts only up to a
limit (search() then says "more") and stops reading matches once it has the page and the count:

- SQLite reads the matches from the FTS5 index newest id first (documents are indexed as they are
  published, so the newest ids are nearly always the newest dates), then makes sure of the page
  against the publication dates (SqliteBackend._with_late);
- PostgreSQL walks down the newest-first index looking in each document's text while matches come
  often enough, and otherwise lets GIN collect the matches and sorts them. Numbers (索引号, 文号),
  whose pairs of digits are in every document, are narrowed by an index of their windows of four
  characters (migration 0003, number_grams).

Either way the page is the one a sort of every match would give, whatever the order of ids and
dates (tests/search/test_search_pages_past_the_count_limit_match_a_full_sort.py).

Every value reaches the database as a query parameter; the FTS5 and tsquery expressions are built
only from tokens, which are letters and digits, and each token is quoted besides.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex

from . import rum
from .models import SearchDocument
from .tokens import Term, tokens

# A tsvector holds at most 1 MB; a pair of supplementary-plane characters costs 8 bytes plus a
# 4-byte entry. A document with more distinct tokens than this is stored without lexemes and is a
# candidate for every query (the exact check still decides), rather than failing to index.
MAX_LEXEMES = 60_000


@dataclass(frozen=True)
class Scope:
    """The documents a search looks at (its filters); None is no filter."""

    kinds: tuple[str, ...] | None = None
    agency_ids: tuple[int, ...] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def empty(self) -> bool:
        return self.kinds == () or self.agency_ids == ()

    def documents(self) -> QuerySet[SearchDocument]:
        documents = SearchDocument.objects.all()
        if self.kinds is not None:
            documents = documents.filter(kind__in=self.kinds)
        if self.agency_ids is not None:
            documents = documents.filter(agency_id__in=self.agency_ids)
        if self.date_from is not None:
            documents = documents.filter(published_on__gte=self.date_from)
        if self.date_to is not None:
            documents = documents.filter(published_on__lte=self.date_to)
        return documents

    def where(self, contains: str, texts: Sequence[str] = (), alias: str = "d") -> tuple[str, list[Any]]:
        """The same conditions on a row `alias`, as SQL, and that its canonical text contains each
        of `texts` (`contains` is the database's INSTR or STRPOS)."""
        conditions: list[str] = []
        params: list[Any] = []
        for column, values in (("kind", self.kinds), ("agency_id", self.agency_ids)):
            if values is not None:
                conditions.append(f"{alias}.{column} IN ({_placeholders(values)})")
                params += values
        for operator, day in ((">=", self.date_from), ("<=", self.date_to)):
            if day is not None:
                conditions.append(f"{alias}.published_on {operator} %s")
                params.append(connection.ops.adapt_datefield_value(day))
        for text in texts:
            conditions.append(f"{contains}({alias}.canonical, %s) > 0")
            params.append(text)
        return " AND ".join(conditions) or "1 = 1", params


def checked(terms: tuple[Term, ...]) -> list[str]:
    """The terms the token index does not decide alone: their canonical text must be looked for."""
    return [term.text for term in terms if not term.decided_by_tokens]


def every(terms: tuple[Term, ...]) -> list[str]:
    """All the terms: looking for each in the canonical text decides a match without the index
    (the definition, tokens.contains), and is cheaper than the index for one document at a time."""
    return [term.text for term in terms]


@dataclass(frozen=True)
class Found:
    ids: list[int]  # the page's documents, newest first
    total: int  # the matches counted: all of them, or as many as find() was asked to count
    more: bool  # there are more matches than `total`

    @classmethod
    def of_first(cls, ids: list[int], *, offset: int, limit: int, count_up_to: int) -> Found:
        """The page of the first matches in order, up to count_up_to + 1 of them (one more says "more")."""
        return cls(
            ids=ids[offset : offset + limit], total=min(len(ids), count_up_to), more=len(ids) > count_up_to
        )


Match = tuple[int, Any]  # a matching document's id and publication date (None, or as the database returns it)


def newest_first(match: Match) -> tuple[bool, Any, int]:
    """The order of results: by publication date, newest first, undated last; then the later indexed."""
    document_id, published_on = match
    return (published_on is not None, published_on or "", document_id)


def optional_tokens(terms: tuple[Term, ...]) -> list[str]:
    """Tokens only of the longer terms: those terms are looked for in the text anyway, so the index
    need not use every one of their tokens to narrow (a term the tokens decide keeps them all)."""
    decided = {token for term in terms if term.decided_by_tokens for token in term.tokens}
    return sorted({token for term in terms if not term.decided_by_tokens for token in term.tokens} - decided)


def common_tokens(terms: tuple[Term, ...], shares: dict[str, float]) -> frozenset[str]:
    """The optional tokens in COMMON_SHARE or more of the documents ("20" of a year, "11" of an
    organisation code): reading their long lists narrows the candidates hardly at all. Each term
    keeps its rarest token."""
    common = {token for token, share in shares.items() if share >= COMMON_SHARE}
    for term in terms:
        if term.tokens and all(token in common for token in term.tokens):
            common.discard(min(term.tokens, key=shares.__getitem__))
    return frozenset(common)


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


class Backend(Protocol):
    def add(self, document_id: int, canonical: str) -> None:
        """Index a document that has no tokens in the index yet."""

    def discard(self, document_id: int, canonical: str) -> None:
        """Take a document's tokens out; `canonical` is what it was indexed with."""

    def clear(self) -> None:
        """Empty the whole token index (before rebuilding it)."""

    def find(
        self, scope: Scope, terms: tuple[Term, ...], *, offset: int, limit: int, count_up_to: int
    ) -> Found:
        """Matches offset .. offset + limit - 1 newest first, and their number counted up to count_up_to
        (at least offset + limit)."""


COMMON_SHARE = 0.9  # a token in 90 % of the documents narrows too little to be worth reading


# Measured over a million documents (bench/search.py): looking for the terms in one document's
# canonical text costs about 5 µs; reading one more candidate of an FTS5 MATCH and checking it
# against a list of ids, about 0.3 µs.
CHECK_COST, SCAN_COST = 5.0, 0.3
SMALL_SCOPE = 500  # an agency with this few documents: look in each of them
COUNT_SAMPLE = 50_000  # the index's candidates counted to tell a common word from a rarer one
MAX_LATE = 200  # more documents than this to look in one by one: sort every match instead
COMMON_SAMPLE = 2000  # the newest documents looked at to tell a common token
NEWEST_FIRST_INDEX = "search_newest_first"  # SearchDocument.Meta.indexes: (-published_on, -id)
AGENCY_NEWEST_FIRST_INDEX = "search_agency_newest_first"  # (agency_id, -published_on, -id)


class SqliteBackend:
    """An FTS5 table of token sets (see the migration): rowid = SearchDocument.id."""

    def find(
        self, scope: Scope, terms: tuple[Term, ...], *, offset: int, limit: int, count_up_to: int
    ) -> Found:
        """Take the matches with the highest ids, up to count_up_to + 1 of them, then order them.

        FTS5 hands out its matches in rowid order and stops when told, so for a common word this
        reads a thousand candidates, not a million. With an agency filter the candidates are checked
        against the agency's ids; or, when that agency publishes little or the word is common,
        its documents are read and each is looked in, whichever reads less: one agency's newest
        first down its index (the matches met are the page, in order), several agencies' newest
        id first.
        """
        if scope.empty:
            return Found(ids=[], total=0, more=False)
        expression = fts5_expression(terms, self._common_tokens(terms))
        wanted = count_up_to + 1
        if scope.agency_ids is not None and self._looking_in_each(scope.agency_ids, expression, wanted):
            where, params = scope.where("instr", every(terms))
            if len(scope.agency_ids) == 1:
                # One agency: walk its documents down AGENCY_NEWEST_FIRST_INDEX, the order of results
                # (SQLite puts NULL dates last going down), so the first matches met are the answer.
                sql = (
                    f"SELECT d.id FROM search_searchdocument d INDEXED BY {AGENCY_NEWEST_FIRST_INDEX} "
                    f"WHERE {where} ORDER BY d.published_on DESC, d.id DESC LIMIT %s"
                )
                with connection.cursor() as cursor:
                    cursor.execute(sql, [*params, wanted])
                    ids = [pk for (pk,) in cursor.fetchall()]
                return Found.of_first(ids, offset=offset, limit=limit, count_up_to=count_up_to)
            sql = f"SELECT d.id, d.published_on FROM search_searchdocument d WHERE {where} ORDER BY d.id DESC LIMIT %s"
            params.append(wanted)
        else:
            where, where_params = scope.where("instr", checked(terms))
            narrowing = ""
            params = [expression]
            if scope.agency_ids is not None:
                # The unary + keeps SQLite from handing the list to FTS5 to look up one by one.
                narrowing += (
                    " AND +f.rowid IN (SELECT id FROM search_searchdocument "
                    f"WHERE agency_id IN ({_placeholders(scope.agency_ids)}))"
                )
                params += scope.agency_ids
            if scope.date_from is not None or scope.date_to is not None:
                bounds = self._id_bounds(scope)
                if bounds is None:
                    return Found(ids=[], total=0, more=False)
                narrowing += " AND f.rowid BETWEEN %s AND %s"
                params += bounds
            sql = (
                "SELECT d.id, d.published_on FROM search_token_index f "
                "CROSS JOIN search_searchdocument d ON d.id = f.rowid "
                f"WHERE f.search_token_index MATCH %s{narrowing} AND {where} ORDER BY f.rowid DESC LIMIT %s"
            )
            params += [*where_params, wanted]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found: list[Match] = cursor.fetchall()
        if len(found) < wanted:  # every match
            ranked = sorted(found, key=newest_first, reverse=True)
            return Found(ids=[pk for pk, _ in ranked[offset : offset + limit]], total=len(found), more=False)
        first = self._with_late(found, offset + limit, scope, terms)
        if first is None:
            return self._by_sorting(scope, terms, offset=offset, limit=limit, count_up_to=count_up_to)
        return Found(ids=[pk for pk, _ in first[offset:]], total=count_up_to, more=True)

    def _common_tokens(self, terms: tuple[Term, ...]) -> frozenset[str]:
        """common_tokens, by how many of the newest COMMON_SAMPLE documents have each."""
        optional = optional_tokens(terms)
        if len(optional) < 3:
            return frozenset()
        newest = "rowid > (SELECT max(id) FROM search_searchdocument) - %s"
        counts = ", ".join(
            f"(SELECT count(*) FROM search_token_index WHERE search_token_index MATCH %s AND {newest})"
            for _ in optional
        )
        with connection.cursor() as cursor:
            # The documents in that range are taken to be COMMON_SAMPLE (ids deleted make a token
            # look rarer, never more common): counting them would read every one of their rows.
            cursor.execute(
                f"SELECT (SELECT max(id) FROM search_searchdocument), {counts}",
                [*(value for token in optional for value in (_fts5_string(token), COMMON_SAMPLE))],
            )
            highest, *found = cursor.fetchone()
        documents = min(COMMON_SAMPLE, highest or 0)
        shares = {token: count / max(documents, 1) for token, count in zip(optional, found, strict=True)}
        return common_tokens(terms, shares)

    def _looking_in_each(self, agency_ids: tuple[int, ...], expression: str, wanted: int) -> bool:
        """Whether reading the agencies' documents and looking in each costs less than reading the
        index's candidates and keeping the agencies' ones, by the costs measured above.

        How common the terms are is read from the newest COUNT_SAMPLE documents (both ways read the
        newest first): the share of them the index gives as candidates."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM (SELECT 1 FROM search_searchdocument "
                f"WHERE agency_id IN ({_placeholders(agency_ids)}) LIMIT %s)), "
                "(SELECT count(*) FROM search_token_index WHERE search_token_index MATCH %s "
                "AND rowid > (SELECT max(id) FROM search_searchdocument) - %s), "
                "(SELECT max(id) FROM search_searchdocument)",
                [*agency_ids, 10 * COUNT_SAMPLE, expression, COUNT_SAMPLE],
            )
            in_scope, candidates, documents = cursor.fetchone()
        if in_scope <= SMALL_SCOPE:
            return True
        documents = max(documents or 1, in_scope)
        share = candidates / min(COUNT_SAMPLE, documents)  # ids deleted make it look rarer, never commoner
        # Looking in the agency's documents until `wanted` matches, or in all of them; reading the
        # index's candidates until `wanted` of them are the agency's, or all of them.
        looking = min(in_scope, wanted / share if share else in_scope) * CHECK_COST
        reading = min(share * documents, wanted * documents / in_scope) * SCAN_COST
        return bool(looking < reading)

    def _id_bounds(self, scope: Scope) -> tuple[int, int] | None:
        """The lowest and highest id published within the date filter (None: none was)."""
        where, params = Scope(date_from=scope.date_from, date_to=scope.date_to).where("instr")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT min(d.id), max(d.id) FROM search_searchdocument d WHERE {where}", params)
            lowest, highest = cursor.fetchone()
        return None if lowest is None else (lowest, highest)

    def _with_late(
        self, found: list[Match], wanted: int, scope: Scope, terms: tuple[Term, ...]
    ) -> list[Match] | None:
        """The first `wanted` matches of all, given `found`, the matches with the highest ids.

        A match not found has a lower id than every found one, so it belongs before the last of
        the first `wanted` found only if it was published on a later day (on the same day the
        higher id goes first). The documents published after that day with a lower id than every
        found one are few when ids follow publication; each is looked in. None: there are too
        many, or that last one has no date; then every match is sorted.
        """
        ranked = sorted(found, key=newest_first, reverse=True)[:wanted]
        last_day = ranked[-1][1]
        if last_day is None:
            return None
        lowest = min(pk for pk, _ in found)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM search_searchdocument INDEXED BY {NEWEST_FIRST_INDEX} "
                "WHERE published_on > %s AND id < %s LIMIT %s",
                [last_day, lowest, MAX_LATE + 1],
            )
            late = [pk for (pk,) in cursor.fetchall()]
            if len(late) > MAX_LATE:
                return None
            if late:
                where, params = scope.where("instr", every(terms))
                cursor.execute(
                    "SELECT d.id, d.published_on FROM search_searchdocument d "
                    f"WHERE d.id IN ({_placeholders(late)}) AND {where}",
                    [*late, *params],
                )
                ranked = sorted(ranked + cursor.fetchall(), key=newest_first, reverse=True)[:wanted]
        return ranked

    def add(self, document_id: int, canonical: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_token_index (rowid, tokens) VALUES (%s, %s)",
                [document_id, " ".join(tokens(canonical))],
            )

    def discard(self, document_id: int, canonical: str) -> None:
        # A contentless table forgets a row when told exactly what it held.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_token_index (search_token_index, rowid, tokens) VALUES ('delete', %s, %s)",
                [document_id, " ".join(tokens(canonical))],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_token_index (search_token_index) VALUES ('delete-all')")

    def _by_sorting(
        self, scope: Scope, terms: tuple[Term, ...], *, offset: int, limit: int, count_up_to: int
    ) -> Found:
        """The plain way: every match (the index narrows, the canonical text decides), sorted; the
        first count_up_to + 1 kept."""
        documents = scope.documents().filter(
            id__in=RawSQL(
                "SELECT rowid FROM search_token_index WHERE search_token_index MATCH %s",
                [fts5_expression(terms)],
            )
        )
        for number, text in enumerate(checked(terms)):
            found = f"found_{number}"
            documents = documents.alias(**{found: StrIndex("canonical", Value(text))}).filter(
                **{f"{found}__gt": 0}
            )
        ordered = documents.order_by(F("published_on").desc(nulls_last=True), "-id")
        ids = list(ordered.values_list("id", flat=True)[: count_up_to + 1])
        return Found.of_first(ids, offset=offset, limit=limit, count_up_to=count_up_to)


def _fts5_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts5_expression(terms: tuple[Term, ...], leave_out: frozenset[str] = frozenset()) -> str:
    """'"国办" AND "办函" AND "信"*': every token as a quoted string, prefixes starred; without
    `leave_out` (tokens that narrow too little to be worth reading)."""
    parts = [_fts5_string(token) for term in terms for token in term.tokens if token not in leave_out]
    parts += [_fts5_string(term.prefix) + "*" for term in terms if term.prefix]
    return " AND ".join(dict.fromkeys(parts))


@contextmanager
def _planner(cursor: Any, **settings: str) -> Iterator[None]:
    """PostgreSQL settings for this transaction only, put back after (a failure rolls them back
    with the savepoint)."""
    with transaction.atomic():
        before = []
        for setting, value in settings.items():
            cursor.execute("SELECT current_setting(%s), set_config(%s, %s, true)", [setting, setting, value])
            before.append(cursor.fetchone()[0])
        yield
        for setting, value in zip(settings, before, strict=True):
            cursor.execute("SELECT set_config(%s, %s, true)", [setting, value])


def _without_table_scans(cursor: Any) -> Any:
    """Let GIN collect the matches: the planner, misled by a common token among rare ones, would
    otherwise read the whole table."""
    return _planner(cursor, enable_seqscan="off")


SHORT_WALK = 500  # documents walked to see how often a query matches among the newest
LONG_WALK = 8_000  # ... and at most walked for the page: about 7 µs each (bench/search.py)
CANDIDATES = 8  # the index's candidates looked in, per match wanted, before looking in every one
RAREST_GRAMS = 3  # number grams looked up in the index, the rarest
RUM_WORK_MEM = "32MB"  # RUM sorts a phrase's 90,000 matches in memory (4 MB, the default, spills to disk)


class PostgresBackend:
    """A tsvector column `lexemes` with a GIN index (see the migration), built from the token list as
    it is, with no parser or dictionary in between."""

    def __init__(self) -> None:
        self._grams: dict[tuple[Term, ...], list[str]] = {}  # the number grams looked up (_rarest_grams)
        self._known: dict[str, float | None] = {}  # lexemes' shares read from the statistics (_shares)
        self._rum: bool | None = None  # whether the RUM index serves (rum.present), asked once

    def add(self, document_id: int, canonical: str) -> None:
        lexemes = tokens(canonical)
        with connection.cursor() as cursor:
            if len(lexemes) > MAX_LEXEMES:
                cursor.execute("UPDATE search_searchdocument SET lexemes = NULL WHERE id = %s", [document_id])
            else:
                cursor.execute(
                    "UPDATE search_searchdocument SET lexemes = array_to_tsvector(%s::text[]) WHERE id = %s",
                    [lexemes, document_id],
                )

    def discard(self, document_id: int, canonical: str) -> None:
        """Nothing to do: the lexemes go with the row, or are overwritten by add."""

    def find(
        self, scope: Scope, terms: tuple[Term, ...], *, offset: int, limit: int, count_up_to: int
    ) -> Found:
        """Walk down the newest documents while matches come often enough, else let GIN collect them.

        The index (published_on DESC, id DESC) is the order of results, so the matches met walking
        down it are in order already: for a common word the first thousand or so documents walked
        are the answer. Each document walked is looked in (STRPOS on its canonical text, cheaper
        than reading its lexemes from TOAST), so a short walk first tells a common word from a
        rarer one, whose matches GIN collects and PostgreSQL sorts.
        """
        if scope.empty:
            return Found(ids=[], total=0, more=False)
        wanted, first = count_up_to + 1, offset + limit
        scope_sql, scope_params = scope.where("strpos")
        looked_in, texts = Scope().where("strpos", every(terms), alias="w")
        # The newest documents in scope, in order, walking down the index; an agency's walk down
        # theirs (search_agency_newest_first) without their text, fetched for the walked ones by id.
        window = (
            "SELECT d.id, d.canonical FROM search_searchdocument d "
            f"WHERE d.published_on IS NOT NULL AND {scope_sql} "
            "ORDER BY d.published_on DESC, d.id DESC LIMIT %s"
        )
        if scope.agency_ids is not None:
            window = (
                "SELECT n.id, t.canonical FROM (SELECT d.id, d.published_on FROM search_searchdocument d "
                f"WHERE d.published_on IS NOT NULL AND {scope_sql} "
                "ORDER BY d.published_on DESC, d.id DESC LIMIT %s) n "
                "JOIN search_searchdocument t ON t.id = n.id ORDER BY n.published_on DESC, n.id DESC"
            )
        leave_out = self._common_lexemes(tuple(map(_without_number_tokens, terms)))

        def matching(exact: bool = True, where: str = "1 = 1") -> tuple[str, list[Any]]:
            return self._matching(scope, terms, leave_out, exact=exact, where=where)

        def page(found: Sequence[Any], total: int) -> Found:
            ids = [row[0] for row in found[offset:first]]
            return Found(ids=ids, total=min(total, count_up_to), more=total > count_up_to)

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT w.id, {looked_in} FROM ({window}) w", [*texts, *scope_params, SHORT_WALK])
            walked = cursor.fetchall()
            found = [row for row in walked if row[1]]
            if len(walked) < SHORT_WALK:  # every dated document in scope; the undated follow
                if scope.date_from is None and scope.date_to is None:
                    undated, undated_params = matching(where="d.published_on IS NULL")
                    cursor.execute(
                        f"SELECT m.id FROM ({undated}) m ORDER BY m.id DESC LIMIT %s",
                        [*undated_params, wanted],
                    )
                    found += cursor.fetchall()
                return page(found, len(found))
            # The walk so far is the first matches, in order. Walk on if, at the rate met so far,
            # a long walk would count to the limit, or would at least fill the page.
            expected = len(found) * LONG_WALK // SHORT_WALK
            if expected >= wanted or (len(found) < first <= expected):
                cursor.execute(
                    f"SELECT w.id FROM ({window}) w WHERE {looked_in} LIMIT %s",
                    [*scope_params, LONG_WALK, *texts, wanted if expected >= wanted else first],
                )
                found = cursor.fetchall()
                if len(found) == wanted:
                    return page(found, wanted)
            if len(found) >= first:  # the page is right; an index counts
                counted = self._count_in_rum(scope, terms, wanted)
                if counted is not None:
                    return page(found, counted)
                with _without_table_scans(cursor):
                    matches, params = matching()
                    cursor.execute(
                        f"SELECT count(*) FROM (SELECT 1 FROM ({matches}) m LIMIT %s) c", [*params, wanted]
                    )
                    (total,) = cursor.fetchone()
                return page(found, total)
            with _without_table_scans(cursor):
                found = self._first_matches(scope, terms, leave_out, wanted)
            return page(found, len(found))

    def _first_matches(
        self,
        scope: Scope,
        terms: tuple[Term, ...],
        leave_out: frozenset[str],
        wanted: int,
    ) -> list[Any]:
        """The first `wanted` matches in scope, in order (each row's first column its id): the RUM
        index hands them out in order (_in_order), or GIN collects the candidates and PostgreSQL
        sorts them."""
        in_order = self._in_order(scope, terms, wanted)
        if in_order is not None:
            return in_order
        with connection.cursor() as cursor:
            checks = checked(terms)
            if checks:
                # Sort the index's candidates and look in the text of the first ones only:
                # looking in every candidate's text, read from TOAST, is what costs.
                candidate_sql, params = self._matching(scope, terms, leave_out, exact=False)
                looked, checks = Scope().where("strpos", checks, alias="t")
                # In order, so that looking in the texts stops at the `wanted`-th match.
                cursor.execute(
                    "SELECT n.id, n.candidates FROM (SELECT m.id, m.published_on, count(*) OVER () AS candidates "
                    f"FROM ({candidate_sql}) m ORDER BY m.published_on DESC NULLS LAST, m.id DESC LIMIT %s) n "
                    f"JOIN search_searchdocument t ON t.id = n.id WHERE {looked} "
                    "ORDER BY n.published_on DESC NULLS LAST, n.id DESC LIMIT %s",
                    [*params, CANDIDATES * wanted, *checks, wanted],
                )
                found: list[Any] = cursor.fetchall()
                # The first `wanted` matches are among the candidates looked in, or every
                # candidate was looked in (none found: not known, every candidate is looked in below).
                if len(found) == wanted or (found and found[0][1] <= CANDIDATES * wanted):
                    return found
            matches, params = self._matching(scope, terms, leave_out, exact=True)
            cursor.execute(
                f"SELECT m.id FROM ({matches}) m ORDER BY m.published_on DESC NULLS LAST, m.id DESC LIMIT %s",
                [*params, wanted],
            )
            return list(cursor.fetchall())

    def _rum_serves(self, scope: Scope, terms: tuple[Term, ...]) -> str | None:
        """The tsquery to ask the RUM index (_rarest_query), or None where it does not serve: not
        created, an agency filter (the agencies' own index is narrower), a number (its windows
        narrow, and GIN holds them), no lexeme to look up."""
        if scope.agency_ids is not None or self._rarest_grams(terms):
            return None
        lexemes = self._rarest_query(terms)
        if not lexemes:
            return None
        if self._rum is None:
            with connection.cursor() as cursor:
                self._rum = rum.present(cursor)
        return lexemes if self._rum else None

    def _count_in_rum(self, scope: Scope, terms: tuple[Term, ...], wanted: int) -> int | None:
        """The matches counted up to `wanted` from the RUM index (no order asked: it hands out its
        candidates as it finds them), or None where it does not serve. Faster than GIN's bitmap,
        whose heap pages past work_mem turn lossy and have every row's lexemes read again."""
        lexemes = self._rum_serves(scope, terms)
        if lexemes is None:
            return None
        indexed, indexed_params = scope.where("strpos", checked(terms))
        unindexed, unindexed_params = scope.where("strpos", every(terms))
        with connection.cursor() as cursor:
            with _planner(cursor, enable_seqscan="off", enable_bitmapscan="off", work_mem=RUM_WORK_MEM):
                cursor.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM search_searchdocument d "
                    f"WHERE d.lexemes @@ %s::tsquery AND {indexed} LIMIT %s) c",
                    [lexemes, *indexed_params, wanted],
                )
                (counted,) = cursor.fetchone()
            # Documents stored without lexemes (too many tokens: MAX_LEXEMES) are in no index.
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM search_searchdocument d "
                f"WHERE d.lexemes IS NULL AND {unindexed} LIMIT %s) c",
                [*unindexed_params, wanted],
            )
            (unindexed_count,) = cursor.fetchone()
        return int(min(wanted, counted + unindexed_count))

    def _in_order(self, scope: Scope, terms: tuple[Term, ...], wanted: int) -> list[Any] | None:
        """The first `wanted` matches over all agencies, read from the RUM index in the order of
        results (gongkai/search/rum.py): each candidate handed out is looked in until `wanted` match,
        so a phrase common only in old years reads its thousand newest matches, not its ninety
        thousand candidates. None where the index does not serve (_rum_serves)."""
        lexemes = self._rum_serves(scope, terms)
        if lexemes is None:
            return None
        with connection.cursor() as cursor:
            indexed, indexed_params = scope.where("strpos", checked(terms))
            unindexed, unindexed_params = scope.where("strpos", every(terms))
            # Only the index: no table scan, no bitmap of GIN's, no sort; and the memory for RUM to
            # sort its matches by search_order without spilling them to disk.
            with _planner(
                cursor,
                enable_seqscan="off",
                enable_bitmapscan="off",
                enable_sort="off",
                work_mem=RUM_WORK_MEM,
            ):
                cursor.execute(
                    "SELECT d.id, d.search_order FROM search_searchdocument d "
                    f"WHERE d.lexemes @@ %s::tsquery AND {indexed} ORDER BY d.search_order <=> %s LIMIT %s",
                    [lexemes, *indexed_params, rum.ORDER_TOP, wanted],
                )
                found: list[Any] = cursor.fetchall()
            # Documents stored without lexemes (too many tokens: MAX_LEXEMES) are in no index.
            cursor.execute(
                "SELECT d.id, d.search_order FROM search_searchdocument d "
                f"WHERE d.lexemes IS NULL AND {unindexed} ORDER BY d.search_order DESC LIMIT %s",
                [*unindexed_params, wanted],
            )
            found += cursor.fetchall()
        found.sort(key=lambda row: row[1], reverse=True)
        return found[:wanted]

    def _rarest_query(self, terms: tuple[Term, ...]) -> str:
        """Every token of a term the tokens decide, and only the rarest token of a longer term,
        whose text is looked for anyway: what RUM is asked, and GIN within agencies.

        RUM reads the whole posting list of each token it is given (GIN skips through them), so
        reading 许可 (33 % of the documents) and 行政 (75 %) beside 政许 (24 %) costs more than
        looking in the few more candidates they would have ruled out (bench/search.py: 行政许可 2024
        in 93 ms instead of 148). Within agencies it is the planner's estimate: five tokens of
        新冠肺炎疫情 make it expect one candidate where GIN gives 88,000, and it reads all of them
        from the table to keep the agency's; for one token it expects thousands and intersects
        GIN's bitmap with the agency index's (the busiest agency: 199 ms → 22 ms)."""
        shares = self._shares(optional_tokens(terms))
        parts: list[str] = []
        for term in terms:
            if term.decided_by_tokens or not term.tokens:
                parts += [_tsquery_lexeme(token) for token in term.tokens]
                parts += [_tsquery_lexeme(term.prefix) + ":*"] if term.prefix else []
            else:  # a token missing from the statistics is rarer than all of those listed
                parts.append(_tsquery_lexeme(min(term.tokens, key=lambda token: shares.get(token, 0.0))))
        return " & ".join(dict.fromkeys(parts))

    def _matching(
        self,
        scope: Scope,
        terms: tuple[Term, ...],
        leave_out: frozenset[str],
        *,
        exact: bool,
        where: str = "1 = 1",
        where_params: Sequence[Any] = (),
    ) -> tuple[str, list[Any]]:
        """The id and date of every document in scope (and `where`) that has every term's tokens in
        its lexemes (and, if `exact`, contains the longer terms), or, stored without lexemes,
        contains every term. Two selects, not one with OR: with OR, PostgreSQL looks in every
        candidate's lexemes again, read from TOAST, after GIN has found them."""
        scope_sql, scope_params = scope.where("strpos")
        indexed, indexed_params = Scope().where("strpos", checked(terms) if exact else [])
        unindexed, unindexed_params = Scope().where("strpos", every(terms))
        select = f"SELECT d.id, d.published_on FROM search_searchdocument d WHERE {scope_sql} AND {where}"
        # A number's digit pairs are in nearly every document: its windows of four narrow instead.
        grams = self._rarest_grams(terms)
        without_numbers = tuple(map(_without_number_tokens, terms))
        if scope.agency_ids is not None:
            lexemes = self._rarest_query(without_numbers)
        else:
            lexemes = tsquery(without_numbers, leave_out)
        narrowing, narrowing_params = ["d.lexemes @@ %s::tsquery"], [lexemes]
        if not lexemes:
            narrowing, narrowing_params = ["d.lexemes IS NOT NULL"], []
        indexed_select_params: list[Any] = [*scope_params, *where_params, *narrowing_params]
        if grams:
            narrowing.append("search_number_grams(d.canonical) @> %s::text[]")
            indexed_select_params.append(grams)
        indexed_select_params += indexed_params
        return (
            f"{select} AND {' AND '.join(narrowing)} AND {indexed} "
            f"UNION ALL {select} AND d.lexemes IS NULL AND {unindexed}",
            [*indexed_select_params, *scope_params, *where_params, *unindexed_params],
        )

    def _rarest_grams(self, terms: tuple[Term, ...]) -> list[str]:
        """The terms' number grams in the fewest documents, RAREST_GRAMS of them, by the shares
        PostgreSQL's statistics give them (a gram not among the most common is rarer than all of
        those): GIN reads every posting of each gram it is given, and " 000" or "2024" are in a
        third of the documents. Any of a term's grams narrows without losing a match."""
        grams = sorted({gram for term in terms for gram in _number_grams_looked_up(term)})
        if len(grams) <= RAREST_GRAMS:
            return grams
        if terms not in self._grams:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT e.gram, e.share FROM pg_stats s, "
                    "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(gram, share) "
                    "WHERE s.schemaname = current_schema() AND s.tablename = 'search_number_grams_gin' "
                    "AND e.gram = ANY(%s)",
                    [grams],
                )
                shares = dict(cursor.fetchall())
            self._grams[terms] = sorted(grams, key=lambda gram: (shares.get(gram, 0.0), gram))[:RAREST_GRAMS]
        return self._grams[terms]

    def _common_lexemes(self, terms: tuple[Term, ...]) -> frozenset[str]:
        """common_tokens, by the share of documents PostgreSQL's statistics give each lexeme."""
        optional = optional_tokens(terms)
        if len(optional) < 3:
            return frozenset()
        return common_tokens(terms, self._shares(optional))

    def _shares(self, lexemes: list[str]) -> dict[str, float]:
        """The share of documents having each lexeme, for those among the most common in
        PostgreSQL's statistics (the others are rarer than all of those); asked once per query."""
        wanted = [lexeme for lexeme in lexemes if lexeme not in self._known]
        if wanted:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT e.lexeme, e.share FROM pg_stats s, "
                    "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(lexeme, share) "
                    "WHERE s.schemaname = current_schema() AND s.tablename = 'search_searchdocument' "
                    "AND s.attname = 'lexemes' AND e.lexeme = ANY(%s)",
                    [wanted],
                )
                found = dict(cursor.fetchall())
            self._known.update({lexeme: found.get(lexeme) for lexeme in wanted})
        return {lexeme: share for lexeme in lexemes if (share := self._known[lexeme]) is not None}

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE search_searchdocument SET lexemes = NULL")


NUMBER_GRAM = 4
_NUMBER_RUN = re.compile(f"[0-9 ]{{{NUMBER_GRAM},}}")


def number_grams(text: str) -> list[str]:
    """Every NUMBER_GRAM characters in a row of `text` that are all ASCII digits or spaces, sorted:
    what the index search_number_grams_gin holds of a document's canonical text (migration 0003,
    the same function in SQL). A text containing a term contains every one of the term's."""
    runs = [match.group() for match in _NUMBER_RUN.finditer(text)]
    return sorted({run[i : i + NUMBER_GRAM] for run in runs for i in range(len(run) - NUMBER_GRAM + 1)})


def _number_grams_looked_up(term: Term) -> list[str]:
    """A term's number grams if it is a longer number (a 索引号, a 文号); a year alone ("2024", one
    gram in a third of the documents) is looked up by its tokens, as any word."""
    grams = number_grams(term.text)
    return grams if len(grams) > 1 else []


def _digits(token: str) -> bool:
    return token.isascii() and token.isdigit()


def _without_number_tokens(term: Term) -> Term:
    """A term with number grams, for the lexeme index: without its tokens of digits alone, which
    are in nearly every document (the number index narrows instead, the canonical text decides)."""
    if not _number_grams_looked_up(term):
        return term
    prefix = None if term.prefix is None or _digits(term.prefix) else term.prefix
    return replace(term, tokens=tuple(token for token in term.tokens if not _digits(token)), prefix=prefix)


def _tsquery_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(terms: tuple[Term, ...], leave_out: frozenset[str] = frozenset()) -> str:
    """ "'国办' & '办函' & '信':*", in tsquery's input syntax (read literally, no dictionary); without
    `leave_out` (tokens that narrow too little to be worth reading)."""
    parts = [_tsquery_lexeme(token) for term in terms for token in term.tokens if token not in leave_out]
    parts += [_tsquery_lexeme(term.prefix) + ":*" for term in terms if term.prefix]
    return " & ".join(dict.fromkeys(parts))


def backend() -> Backend:
    if connection.vendor == "sqlite":
        return SqliteBackend()
    if connection.vendor == "postgresql":
        return PostgresBackend()
    raise NotImplementedError(f"full-text search supports SQLite and PostgreSQL, not {connection.vendor}")
