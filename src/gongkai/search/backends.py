"""How each database keeps the tokens and narrows a search by them.

Both keep, per document, the set of its tokens (gongkai.search.tokens.tokens) and answer "which
documents have all of these tokens, and one starting with this character": a superset of the
matches, never missing one. For a term of one or two characters that is the exact answer; longer
terms are checked against SearchDocument.canonical in SQL by selectors.search, the same on both.

Every value reaches the database as a query parameter; the FTS5 and tsquery expressions are built
only from tokens, which are letters and digits, and each token is quoted besides.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from .models import SearchDocument
from .tokens import Term, tokens

# A tsvector holds at most 1 MB; a pair of supplementary-plane characters costs 8 bytes plus a
# 4-byte entry. A document with more distinct tokens than this is stored without lexemes and is a
# candidate for every query (the exact check still decides), rather than failing to index.
MAX_LEXEMES = 60_000


class Backend(Protocol):
    def add(self, document_id: int, canonical: str) -> None:
        """Index a document that has no tokens in the index yet."""

    def discard(self, document_id: int, canonical: str) -> None:
        """Take a document's tokens out; `canonical` is what it was indexed with."""

    def clear(self) -> None:
        """Empty the whole token index (before rebuilding it)."""

    def narrow(
        self, documents: QuerySet[SearchDocument], terms: tuple[Term, ...]
    ) -> QuerySet[SearchDocument]:
        """Keep the documents that have every token of every term."""


class SqliteBackend:
    """An FTS5 table of token sets (see the migration): rowid = SearchDocument.id."""

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

    def narrow(
        self, documents: QuerySet[SearchDocument], terms: tuple[Term, ...]
    ) -> QuerySet[SearchDocument]:
        return documents.filter(
            id__in=RawSQL(
                "SELECT rowid FROM search_token_index WHERE search_token_index MATCH %s",
                [fts5_expression(terms)],
            )
        )


def _fts5_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts5_expression(terms: tuple[Term, ...]) -> str:
    """'"国办" AND "办函" AND "信"*': every token as a quoted string, prefixes starred."""
    parts = [_fts5_string(token) for term in terms for token in term.tokens]
    parts += [_fts5_string(term.prefix) + "*" for term in terms if term.prefix]
    return " AND ".join(dict.fromkeys(parts))


class PostgresBackend:
    """A tsvector column `lexemes` with a GIN index (see the migration), built from the token list as
    it is, with no parser or dictionary in between."""

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

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE search_searchdocument SET lexemes = NULL")

    def narrow(
        self, documents: QuerySet[SearchDocument], terms: tuple[Term, ...]
    ) -> QuerySet[SearchDocument]:
        # A document stored without lexemes is checked against the canonical text right here, so
        # that a term decided by its tokens alone is decided for it too.
        unindexed = "".join(" AND strpos(canonical, %s) > 0" for _ in terms)
        return documents.filter(
            RawSQL(
                f"(lexemes @@ %s::tsquery OR (lexemes IS NULL{unindexed}))",
                [tsquery(terms), *(term.text for term in terms)],
                output_field=BooleanField(),
            )
        )


def _tsquery_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(terms: tuple[Term, ...]) -> str:
    """ "'国办' & '办函' & '信':*", in tsquery's input syntax (read literally, no dictionary)."""
    parts = [_tsquery_lexeme(token) for term in terms for token in term.tokens]
    parts += [_tsquery_lexeme(term.prefix) + ":*" for term in terms if term.prefix]
    return " & ".join(dict.fromkeys(parts))


def backend() -> Backend:
    if connection.vendor == "sqlite":
        return SqliteBackend()
    if connection.vendor == "postgresql":
        return PostgresBackend()
    raise NotImplementedError(f"full-text search supports SQLite and PostgreSQL, not {connection.vendor}")
