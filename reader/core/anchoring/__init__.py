"""Anchoring: text-quote and text-position selectors, and annotations kept on the right words when a source's
text changes (or an honest orphan, with the evidence)."""
