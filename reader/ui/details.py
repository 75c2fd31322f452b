"""The details of the selected group: which sources carry it, verbatim or reworded, with the words that
differ."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.core.align import Alignment, Group, Member
from reader.core.provenance import origin_sentence, quote_label
from reader.core.verdicts import links_of, member_span
from reader.export.fragments import (
    diff_html,
    discrepancies_html,
    group_quoted,
    link_notes,
    member_label,
    quoted_note,
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
        count = len(group.members)
        described = {
            "verbatim": "verbatim in all",
            "reworded": "reworded",
            "paraphrase": "the same fact, partly in other words",
        }
        if group.kind == "unique":
            heading = "Found in one source only"
        elif group.kind == "repeated":
            heading = "Told again: other sources report it"
        else:
            heading = f"In {count} sources: {described[group.kind]}"
        parts = [f"<style>{css}</style><h3>{escape(heading)}</h3>"]
        labels = [s.outlet or s.name for s in alignment.sources]
        if group.repeats is not None:
            where = alignment.group_by_id[group.repeats]
            own = labels[group.reference]
            names = ", ".join(labels[m.source] for m in where.members if m.source != group.reference)
            parts.append(
                f"<p class='meta'>{escape(own)} says this a second time: its other passage is in g{where.id}, "
                f"where {escape(names)} report it too. A group holds one passage per source.</p>"
            )
        parts.extend(_rejected_html(alignment, group, labels))
        origin = alignment.provenance.origins.get(group_id)
        if origin is not None:
            sentence = origin_sentence(origin, labels, alignment.provenance.published)
            quoted = group_quoted(alignment, group)
            sentence += f" {quoted}" if quoted else ""
            parts.append(f"<p class='meta'>{escape(sentence)}</p>")
        members = sorted(
            group.members, key=lambda m: order.index(m.source) if m.source in order else m.source
        )
        for member in members:
            source = alignment.sources[member.source]
            notes = [escape(member_label(member, group))]
            if member.moved:
                notes.append("moved")
            both = quoted_note(alignment, member)
            if both:
                notes.append(escape(both))
            if member.found_by is not None:
                sure = f"confidence {member.confidence:.2f}"
                if _confirmed(alignment, group, member):
                    sure = "confidence 1.00, confirmed by you"
                notes.append(f"found by {member.found_by}, {sure}")
            if member.compared_with is not None and member.classification in ("reworded", "paraphrase"):
                notes.append(f"compared with {escape(alignment.sources[member.compared_with].name)}")
            parts.append(
                f"<p><b>{escape(source.title)}</b><br><span class='meta'>{escape(source.name)} · "
                f"{' · '.join(notes)}</span><br>{diff_html(alignment, member)}"
                f"{discrepancies_html(alignment, member)}</p>"
            )
        also = [(member, *note) for member in members for note in link_notes(alignment, member)]
        if also:
            parts.append("<h4>Also linked to passages in other groups</h4><ul>")
            for member, place, words in also:
                parts.append(f"<li>{escape(labels[member.source])}, {escape(place)}: “{escape(words)}”</li>")
            parts.append("</ul>")
        copied = [f for f in alignment.fragments if group_id in (f.group_a, f.group_b)]
        if copied:
            parts.append("<h4>Copied word for word into other passages</h4><ul>")
            for f in copied:
                text = alignment.sources[f.source_a].text[f.a_start : f.a_end]
                names = f"{alignment.sources[f.source_a].name} and {alignment.sources[f.source_b].name}"
                speakers = alignment.provenance.quoted_fragment(f)
                quoted = "" if speakers is None else f": {quote_label(speakers)}, not copying"
                parts.append(f"<li>“{escape(text)}” ({f.words} words, {escape(names)}){escape(quoted)}</li>")
            parts.append("</ul>")
        self.setHtml("".join(parts))


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


def _rejected_html(alignment: Alignment, group: Group, labels: list[str]) -> list[str]:
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
