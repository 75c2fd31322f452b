"""Aligning sources: groups of passages that say the same thing, links beside them, copied fragments, highlights."""
