"""`make bench`: throughput figures, each beside a floor (the same work by the simplest means)."""

from __future__ import annotations

import argparse
import os

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"


def database_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every bench that runs on both databases takes: which ones, the PostgreSQL server
    to make its bench database on (DATABASE_URL when it names one), and the hidden --worker by
    which the bench runs itself again in a process per database (Django picks its database once)."""
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument(
        "--postgres-url",
        default=(os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ["DATABASE_URL"])
        or DEFAULT_POSTGRES_URL,
        help="a PostgreSQL database to connect to while making the bench's own database",
    )
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
