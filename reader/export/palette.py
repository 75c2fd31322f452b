"""The highlight colours, shared by the window's light theme and the exports (Okabe-Ito based)."""

VERBATIM = "#e6eaef"
REWORDED = "#fbe7b8"
CHANGED = "#f0b54a"
UNIQUE = "#d6ebf8"
MUTED = "#5d6470"
TEXT = "#1d1f23"
