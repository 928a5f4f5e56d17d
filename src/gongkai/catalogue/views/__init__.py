"""Pages of the catalogue: work.py for staff (drafting, sign-off, publication), public.py for the portal."""
