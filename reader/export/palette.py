"""The highlight colours, shared by the window's light theme and the exports (Okabe-Ito based)."""

VERBATIM = "#dce2ea"  # a grey that still shows on a bright screen
REWORDED = "#fbe7b8"
CHANGED = "#f0b54a"
UNIQUE = "#d6ebf8"
PARAPHRASE = "#cdeee2"  # Okabe-Ito bluish green, light: the same fact in other words
POSSIBLE = "#e8f8f2"  # the same, faded into white (45%): a link by meaning possibly the same
FRAGMENT = "#009e73"  # its full strength: the underline of words copied into another sentence
DISCREPANCY = "#d55e00"  # vermillion: the wavy underline of a detail that differs
QUOTED = "#7a6f8f"  # a quiet grey-violet: the dotted underline of words two sources both quote
MUTED = "#5d6470"
TEXT = "#1d1f23"
