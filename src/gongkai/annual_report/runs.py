"""Digits that ran together: a row's values written without separators (「行政许可1208」,
「本年新收205012028」), as text extracted from an HTML table or a PDF often comes.

A run is cut into the row's values only where the table's own identities leave exactly one way
to do it: in table 三 the six applicant columns sum to the total; in table 四 each group's four
outcomes sum to its total. A number never starts with 0 unless it is 0. Where no identity
binds the columns (table 二), only a run with one digit per column has a single reading.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_DIGITS = 7  # a count in a report table has at most this many digits
MAX_RUN = 60


def identities(table_key: str, columns: int) -> tuple[tuple[tuple[int, ...], int], ...]:
    """(the columns that add up, the column holding their sum) for a table's rows."""
    if table_key == "applications" and columns == 7:
        return (((0, 1, 2, 3, 4, 5), 6),)
    if table_key == "appeals" and columns == 15:
        return (((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14))
    return ()


def splits(
    digits: str, count: int, sums: Sequence[tuple[tuple[int, ...], int]], limit: int = 2
) -> list[list[int]]:
    """Up to `limit` ways to cut `digits` into `count` numbers that satisfy every identity."""
    if (
        not digits.isdigit()
        or not count
        or len(digits) > MAX_RUN
        or not count <= len(digits) <= count * MAX_DIGITS
    ):
        return []
    checks: dict[int, list[tuple[tuple[int, ...], int]]] = {}
    for parts, total in sums:
        checks.setdefault(max(*parts, total), []).append((parts, total))
    found: list[list[int]] = []
    values: list[int] = []

    def walk(position: int) -> None:
        index = len(values)
        if index == count:
            if position == len(digits):
                found.append(list(values))
            return
        left = count - index
        for length in range(1, MAX_DIGITS + 1):
            rest = len(digits) - position - length
            if rest < left - 1 or rest > (left - 1) * MAX_DIGITS:
                continue
            piece = digits[position : position + length]
            if length > 1 and piece[0] == "0":
                break
            values.append(int(piece))
            if all(sum(values[i] for i in parts) == values[total] for parts, total in checks.get(index, ())):
                walk(position + length)
            values.pop()
            if len(found) >= limit:
                return

    walk(0)
    return found
