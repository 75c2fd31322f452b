"""Checks on linked passages: the same claim or not, who speaks, and the details (numbers, names, dates) that differ."""
