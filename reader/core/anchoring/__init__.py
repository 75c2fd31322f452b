"""Anchoring: annotations kept on the right words when a source's text changes, and what changed between versions."""
