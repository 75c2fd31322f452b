"""Provenance: who had each passage first, who copies whom, what two sources share, the overview of many sources."""
