"""Agencies (行政机关) in a tree, and the people who work in them with their roles."""
