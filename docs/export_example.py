"""Export the sample story with a few annotations to HTML and render it to docs/export.png.

python docs/export_example.py        # needs Debian's chromium for the picture
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.alignment.align import align  # noqa: E402
from reader.core.reading.sources import read_source  # noqa: E402
from reader.export.formats import export  # noqa: E402
from reader.export.report import ExportOptions, build_report  # noqa: E402
from reader.store import Library, NewTarget  # noqa: E402


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    alignment = align([read_source(p) for p in sorted((ROOT / "seeds").glob("*.txt"))])
    library = Library.open(folder / "library.sqlite3")
    ids = {i: library.import_source(source).source_id for i, source in enumerate(alignment.sources)}
    text = alignment.sources[0].text
    quote = "Musk: It is standard practice to use other AI s to validate your AI."
    start = text.index(quote)
    library.add_annotation(
        [NewTarget(ids[0], start, start + len(quote))],
        ["disputed"],
        "He said *validate*, not *train*: the headline overstates it.",
    )
    for prefix, tag, note in (
        ("Michael Kratsios", "verified", "Matches the April 2026 OSTP memo."),
        ("Distillation is a technique", "quote", "WIRED's explanation, copied by two outlets."),
    ):
        group = next(g for g in alignment.groups if alignment.member_text(g.members[0]).startswith(prefix))
        library.add_annotation([NewTarget(ids[m.source], m.start, m.end) for m in group.members], [tag], note)
    html = folder / "export.html"
    export(build_report(alignment, library, ExportOptions(annotated_only=True)), html)
    chromium = shutil.which("chromium")
    if chromium is None:
        print(html)
        return
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={folder / 'chromium'}", "--window-size=1500,1500", "--hide-scrollbars",
         f"--screenshot={ROOT / 'docs' / 'export.png'}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    print(ROOT / "docs" / "export.png")


if __name__ == "__main__":
    main()
