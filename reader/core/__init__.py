"""Reader's engine: pure Python, no Qt anywhere below this package. Data flows one way: files -> sources ->
passages -> alignment -> who had it first, with annotations anchored beside the sources.

One package per job, each importing only those above it in this list:

- ``text``: what every job shares: paragraphs and sentences, comparison keys, spans, word differences,
  dates, word tables and the rules of written English Reader reads by (months, names, sentence starts).
- ``reading``: files and web pages into ``Source`` records (text, offsets back to the file, title, outlet,
  byline, date), untrusted documents read in a child process, fetching and snapshots.
- ``checks``: on two passages: the same fact in other words, the same claim or not, who speaks, the
  details (numbers, names, dates) that differ, and quotations.
- ``anchoring``: selectors, and annotations kept on the right words when a source's text changes.
- ``alignment``: the N-way alignment (``align``), its records, the run that every stage takes, links,
  copied fragments, the user's verdicts on links, and what changed between two versions of a source.
- ``provenance``: who had each passage first, who copies whom, credits, what two sources share, what
  each text shows (highlights), and the overview of many sources.

``progress`` (progress and Cancel) and ``atomic`` (writing a file so a failure never destroys the
previous one) are plumbing every job uses. ``tests/test_layers.py`` checks the order.
"""
