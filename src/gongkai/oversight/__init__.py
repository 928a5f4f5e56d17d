"""A supervisor's view over the reports of every unit below it: the year's roster (who must
report, including units not on the platform) and the board (each unit's status and findings)."""
