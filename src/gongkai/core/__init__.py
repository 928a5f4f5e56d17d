"""The platform every app stands on: what day it is, how an action is refused, how a page runs an
action, the shape of an audit event, and how a versioned row is locked.

Layers, from the bottom (import-linter checks them, `make lint`):

- pure cores, no Django: ``gongkai.annual_report`` (the report as data), ``gongkai.clock`` (the
  working-day arithmetic), ``gongkai.search.tokens``;
- ``gongkai.core`` (this package): the platform;
- ``gongkai.agencies``: agencies, staff, roles, yearly counters;
- the domain apps: ``applications`` (依申请公开), ``catalogue`` (主动公开), ``registers`` (第二十条登记簿),
  ``search``; no app imports another app's views;
- ``gongkai.web``: the site (settings, URLs, the portal shell, the workbench navigation);
- ``gongkai.demo``: the demo data, imported by nothing but its command and the tests.
"""
