"""`make bench`: throughput figures, each beside a floor (the same work by the simplest means)."""
