"""Checks on two passages: the same fact in other words, the same claim or not, who speaks, whom they quote,
and the details (numbers, names, dates) that differ."""
