"""Provenance: who had each passage first, who copies whom, what two sources share, what each text shows,
and the overview of many sources."""
