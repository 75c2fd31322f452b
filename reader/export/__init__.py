"""Exporters: each is a function from a comparison to text or a file. No Qt below this package, except
the PDF writer, which uses Qt's own PDF engine and imports it lazily."""
