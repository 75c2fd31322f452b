"""Aligning sources: groups of passages that say the same thing, links beside them, copied fragments, the
user's verdicts on links, and what changed between two versions of a source."""
