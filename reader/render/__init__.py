"""Qt drawing without a window: the "who copies whom" graph painter the window's panel and the PDF share, and
the PDF writer (Qt's own). Above ``reader.export`` (whose reports and layouts it draws), below ``reader.ui``;
``reader.export.formats`` reaches the PDF writer only inside the call that writes one, so importing the export
layer loads no Qt."""
