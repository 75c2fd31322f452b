"""The exports show the window's emphasis with the window's words: the key of ``palette.KEY`` in the HTML
(drawn with the same fills and lines), in the Markdown report and in the PDF made from it."""

import re
import unicodedata
from pathlib import Path

from reader.core.alignment.align import align
from reader.core.reading.sources import read_source, source_from_text
from reader.export.formats import export
from reader.export.html import to_html
from reader.export.palette import KEY, LIGHT
from reader.export.report import build_report
from tests.export.test_exports import pdf_text
from tests.export.test_relation_exports import CLAUSE, FIRST, SECOND


def _rules(html: str) -> dict[str, str]:
    style = html[html.index("<style>") + 7 : html.index("</style>")]
    return {m.group(1).strip(): m.group(2).strip() for m in re.finditer(r"([^{}]+)\{([^{}]*)\}", style)}


def test_html_pdf_and_markdown_carry_the_window_s_key_and_styles(tmp_path: Path, seed_paths) -> None:
    report = build_report(align([read_source(p) for p in seed_paths]), None)
    for name in ("r.html", "r.md", "r.pdf"):
        export(report, str(tmp_path / name))
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    legend = re.search(r"<p class='legend'>(.*?)</p>", html)
    assert legend is not None
    entries = re.findall(r"<span class='(\w+)' title='[^']*'>([^<]*)</span>", legend.group(1))
    assert [(kind, label.replace("&amp;", "&")) for kind, label in entries] == [
        (s.kind, s.label) for s in KEY
    ]
    rules = _rules(html)
    # Copying filled with the window's colours; the quiet marks are lines; additions plain.
    assert f"background: {LIGHT.verbatim}" in rules["td.verbatim .passage"]
    assert f"background: {LIGHT.reworded}" in rules["td.reworded .passage"]
    assert f"background: {LIGHT.changed}" in rules[".passage .changed"]
    assert rules["td.paraphrase .passage"].startswith(
        f"text-decoration: underline solid 1.5px {LIGHT.paraphrase}"
    )
    assert rules["td.possible .passage"].startswith(
        f"text-decoration: underline dashed 1.5px {LIGHT.possible}"
    )
    assert "background" not in rules["td.paraphrase .passage"] + rules["td.possible .passage"]
    assert not any(selector.startswith("td.unique") for selector in rules)
    assert "wavy" in rules[".legend .discrepancy"] and "dotted" in rules[".legend .quoted"]
    assert "<td class='unique'>" in html and "<td class='verbatim'>" in html
    # The marks over words are in the passages, as in the window.
    assert "<span class='changed'>" in html and "<span class='quoted'>" in html
    relations = to_html(
        build_report(
            align([source_from_text(FIRST, "/tmp/first.txt"), source_from_text(SECOND, "/tmp/second.txt")]),
            None,
        )
    )
    assert f"<span class='fragment'>{CLAUSE}</span>" in relations
    assert "<span class='discrepancy'>$62 million</span>" in relations
    assert "wavy" in rules[".passage .discrepancy"] and "font-weight: 600" in rules[".passage .fragment"]
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    key = next(line for line in markdown.splitlines() if line.startswith("Key: "))
    assert [f"*{s.label}*" in key for s in KEY] == [True] * len(KEY)
    assert "### Shared verbatim" in markdown and "## Found in one source only" in markdown
    _pages, text = pdf_text(tmp_path / "r.pdf")
    flat = " ".join(unicodedata.normalize("NFKC", text).split())  # a PDF's "ﬀ" ligature is "ff"
    assert all(style.label in flat for style in KEY)
