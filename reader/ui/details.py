"""The details of the selected group: which sources carry it, verbatim or reworded, with the words that
differ."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.core.alignment.align import Alignment, Group, Member
from reader.core.alignment.verdicts import links_of, member_span
from reader.core.provenance.who_first import origin_sentence, provenance, quote_label
from reader.export.fragments import diff_html, first_note, group_quoted, quoted
from reader.ui.passage_words import (
    detail_kind,
    how_related,
    member_sentence,
    quoted_sentence,
    repeat_sentence,
)
from reader.ui.theme import Theme

PLACEHOLDER = (
    "<p style='color:{muted}'>Click a passage to see which sources carry it, verbatim or reworded, "
    "and the words that differ.</p>"
)


class DetailsPanel(QTextBrowser):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.setOpenLinks(False)
        self.setObjectName("detailsPanel")
        self.setAccessibleName("Passage details")
        self.clear_details()

    def clear_details(self) -> None:
        self.setHtml(PLACEHOLDER.format(muted=self.theme.muted.name()))

    def show_group(self, alignment: Alignment, group_id: int, order: list[int]) -> None:
        group = alignment.group_by_id[group_id]
        theme = self.theme
        css = (
            f"ins {{ background: {theme.changed.name()}; text-decoration: underline; }}"
            f"del {{ color: {theme.muted.name()}; text-decoration: line-through; }}"
            f".meta {{ color: {theme.muted.name()}; }}"
        )
        labels = alignment.labels
        parts = [f"<style>{css}</style><h3>{escape(_heading(group, labels))}</h3>"]
        if group.repeats is not None:
            parts.append(f"<p class='meta'>{escape(repeat_sentence(alignment, group, labels))}</p>")
        parts.extend(_rejected_html(alignment, group, labels))
        origin = provenance(alignment).origins.get(group_id)
        if origin is not None:
            sentence = origin_sentence(origin, labels, provenance(alignment).published)
            quoted = group_quoted(alignment, group)
            sentence += f" {quoted}" if quoted else ""
            parts.append(f"<p class='meta'>{escape(sentence)}</p>")
        members = sorted(
            group.members, key=lambda m: order.index(m.source) if m.source in order else m.source
        )
        if any(member.diff and member.classification != "identical" for member in members):
            parts.append(
                "<p class='meta'>Below, <ins>underlined</ins>: words a passage has that the one it is "
                "compared with does not; <del>struck through</del>: that one's words it does not have.</p>"
            )
        for member in members:
            source = alignment.sources[member.source]
            said = [escape(member_sentence(alignment, group, member, labels))]
            both = quoted_sentence(alignment, member, labels)
            if both:
                said.append(escape(both))
            if _confirmed(alignment, group, member):
                said.append("You confirmed this link: it counts as sure.")
            first = first_note(alignment, member, group)
            heading = f"<b>{escape(labels[member.source])}</b>"
            if source.outlet:  # else the label is the title's first words
                heading += f" <span class='meta'>· {escape(source.title)}</span>"
            if first:
                heading += f" <span class='meta'>· {escape(first)}</span>"
            parts.append(
                f"<p>{heading}<br><span class='meta'>{' '.join(said)}</span><br>{diff_html(alignment, member)}"
                f"{_differing_html(alignment, member, labels)}</p>"
            )
        also = [
            (member, link, other, alignment.sources[other].text[start:end])
            for member in members
            for link, other, start, end in alignment.links_from(member)
        ]
        if also:
            parts.append("<h4>Also linked to other passages</h4><ul>")
            for member, link, other, words in also:
                how = how_related(link.classification, link.similarity, link.confidence, labels[other])
                parts.append(
                    f"<li>{escape(labels[member.source])}'s passage is also {escape(how)}: “{escape(words)}”</li>"
                )
            parts.append("</ul>")
        copied = [f for f in alignment.fragments if group_id in (f.group_a, f.group_b)]
        if copied:
            parts.append("<h4>Runs of 8 or more words copied word for word</h4><ul>")
            for f in copied:
                text = alignment.sources[f.source_a].text[f.a_start : f.a_end]
                names = f"{labels[f.source_a]} and {labels[f.source_b]}"
                speakers = provenance(alignment).quoted_fragment(f)
                quoted = "" if speakers is None else f": {quote_label(speakers)}, not copying"
                parts.append(
                    f"<li>“{escape(text)}” ({f.words} words, in {escape(names)}){escape(quoted)}</li>"
                )
            parts.append("</ul>")
        self.setHtml("".join(parts))


def _heading(group: Group, labels: Sequence[str]) -> str:
    count = len(group.members)
    if group.kind == "unique":
        return f"Only in {labels[group.reference]}"
    if group.kind == "repeated":
        return f"Told again by {labels[group.reference]}"
    described = {
        "verbatim": "the same words",
        "reworded": "one an edited copy of another",
        "paraphrase": "the same fact, partly in other words",
    }
    linked = [member for member in group.members if member.compared_with is not None]
    if linked and all(member.possible for member in linked):
        return f"In {count} sources: possibly the same fact, in other words"
    return f"In {count} sources: {described[group.kind]}"


def _differing_html(alignment: Alignment, member: Member, labels: Sequence[str]) -> str:
    """The details of ``member`` that differ from its comparand's ("A number: “3” here, “4” in WIRED")."""
    if not member.discrepancies or member.compared_with is None:
        return ""
    other = labels[member.compared_with]
    items = "".join(
        f"<li>{escape(detail_kind(d.kind))} differs: {escape(quoted(d.b_text))} here, "
        f"{escape(quoted(d.a_text))} in {escape(other)}</li>"
        for d in member.discrepancies
    )
    return f"<ul class='discrepancies'>{items}</ul>"


def _confirmed(alignment: Alignment, group: Group, member: Member) -> bool:
    """Whether the user confirmed the link of ``member`` to its comparand."""
    judged = alignment.judged
    if judged is None:
        return False
    return any(
        judged.verdict_of(member_span(one), member_span(other)) == "confirmed"
        for one, other in links_of(alignment, group)
        if member in (one, other)
    )


def _rejected_html(alignment: Alignment, group: Group, labels: Sequence[str]) -> list[str]:
    """The links of this group's passages that the user rejected: shown, never silently gone."""
    judged = alignment.judged
    if judged is None:
        return []
    parts = []
    for member in group.members:
        for link in judged.rejected_at(member.source, member.start):
            other = link.second if link.first.source == member.source else link.first
            text = alignment.sources[other.source].text[other.start : other.end]
            parts.append(
                f"<p class='meta'><s>Linked to {escape(labels[other.source])}: “{escape(text)}”</s> "
                "— rejected by you: the link counts in no share, copying or differing detail.</p>"
            )
    return parts
