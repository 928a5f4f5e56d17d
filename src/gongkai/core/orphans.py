"""Stored files that no row names any more, under one folder of the storage.

An upload's file is written before its row commits (the catalogue's attachments, a case's
records); when a server stops between the two, or a row is deleted with the rows that hold it,
the file stays behind. Each app's prune command lists its folder and what its rows name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.files.storage import default_storage


def _walk(folder: str) -> list[str]:
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names.extend(_walk(f"{folder}/{sub}"))
    return names


def orphan_files(folder: str, known: Iterable[str], older_than: dt.datetime) -> list[str]:
    """The files under `folder` that no name in `known` is, written before `older_than` (a file
    just written may belong to a row about to commit)."""
    names = set(known)
    return [
        name
        for name in _walk(folder)
        if name not in names and default_storage.get_modified_time(name) < older_than
    ]
