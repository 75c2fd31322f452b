"""Reader: compare several write-ups of one story."""

__version__ = "0.1.0"
