"""Forms of the applications app, one module per side of the site (public, work)."""
