"""Yearly serials per agency (registration numbers, 索引号): one locked counter row per agency and year.

A serial is claimed with SELECT ... FOR UPDATE inside the caller's transaction: two claims wait for
each other and never take the same number, and a rolled-back transaction gives nothing away. The
serial is a number, not text: 100,000 follows 99,999.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, models, transaction

from .models import Agency


class YearlyCounter(models.Model):
    """The last serial an agency gave in a year."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField("年份")
    last_serial = models.PositiveIntegerField("已用流水号", default=0)

    objects: models.Manager[YearlyCounter] = models.Manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="%(app_label)s_one_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last_serial}"


def claim_serial(
    counters: type[YearlyCounter], agency: Agency, year: int, *, start: Callable[[], int] = lambda: 0
) -> int:
    """The agency's next serial of the year, its counter locked until the transaction ends.

    `start`: the last serial already given when the year's counter does not exist yet."""
    counter = counters.objects.select_for_update().filter(agency=agency, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counters.objects.create(agency=agency, year=year, last_serial=start())
        except IntegrityError:
            pass  # another transaction created it first; lock theirs
        counter = counters.objects.select_for_update().get(agency=agency, year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial
