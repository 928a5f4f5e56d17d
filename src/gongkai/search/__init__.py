"""Full-text search in Chinese, exact to the character, on SQLite and on PostgreSQL.

- tokens.py     what "contains" means: the canonical form, the index tokens, query terms and
                highlighted snippets (plain Python, no Django)
- backends.py   how each database stores and narrows by the tokens (FTS5 / tsvector + GIN)
- actions.py    index_document, remove_document, rebuild_index
- selectors.py  search -> SearchPage of Hits, newest first
"""
