"""Under the passage details: the selected passage's links, and the user's word on one of them (confirm,
reject, or take the word back). The bar only asks (``judge_requested``); the window writes the verdict to
the library as an undo step and shows the comparison again with it applied."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reader.core.alignment.align import Alignment, Member
from reader.core.alignment.verdicts import Span, Verdict, links_of, member_span

if TYPE_CHECKING:
    from reader.ui.comparison import ComparisonView

Link = tuple[Span, Span, Verdict | None]  # the two ends (members' spans) and the user's word, if any


def selected_passage(view: ComparisonView) -> tuple[int, int] | None:
    """The source and start of the selected passage (in the focused pane when it has one), to select it
    again once the groups change."""
    alignment, selected = view.alignment, view.selected
    group = alignment.group_by_id.get(selected) if alignment is not None and selected is not None else None
    if group is None:
        return None
    member = (group.member(view.focus_source) if view.focus_source is not None else None) or group.members[0]
    return member.source, member.start


def how_linked(member: Member) -> str:
    """The link in a few words, for the list of links: "the same words", "edited: 61% of the words line
    up", "the same fact: 87% likely"."""
    if member.classification == "identical":
        return "the same words"
    if member.classification == "reworded":
        return f"edited: {member.similarity:.0%} of the words line up"
    if member.possible:
        return f"possibly the same fact: {member.confidence:.0%} likely"
    return f"the same fact: {member.confidence:.0%} likely"


class LinkVerdictBar(QWidget):
    """The links of the group shown in the details panel, in a list, with Confirm, Reject and Clear."""

    judge_requested = Signal(object, object, object)  # first Span, second Span, Verdict (None: clear it)
    link_chosen = Signal(object, object)  # the user chose a link in the list: its two Spans

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkVerdicts")
        self.links: list[Link] = []
        self.choice = QComboBox()
        self.choice.setAccessibleName("Link")
        self.choice.setToolTip("The link of the selected passage to confirm or reject")
        label = QLabel("&Link:")
        label.setBuddy(self.choice)
        self.confirm = QPushButton("&Confirm")
        self.confirm.setToolTip("These passages report the same thing: keep the link, sure (Ctrl+Shift+K)")
        self.reject = QPushButton("&Reject")
        self.reject.setToolTip(
            "These passages do not say the same thing: the link is dropped from shares, who copies whom, "
            "differing details and exports (Ctrl+Shift+J)"
        )
        self.clear = QPushButton("C&lear")
        self.clear.setToolTip("Take back your word on this link: Reader's own finding applies again")
        # Short words beside "Link:", so that the side panel is narrow on a small screen (the buttons
        # set its least width); their full names are for screen readers.
        for button, name in (
            (self.confirm, "Confirm link"),
            (self.reject, "Reject link"),
            (self.clear, "Clear verdict"),
        ):
            button.setAccessibleName(name)
        self.state = QLabel()
        self.state.setObjectName("linkVerdictState")
        self.state.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.choice, 1)
        buttons = QHBoxLayout()
        for button in (self.confirm, self.reject, self.clear):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 2, 6, 4)
        column.addLayout(top)
        column.addLayout(buttons)
        column.addWidget(self.state)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.choice.activated.connect(self._activated)
        self.confirm.clicked.connect(lambda: self.ask("confirmed"))
        self.reject.clicked.connect(lambda: self.ask("rejected"))
        self.clear.clicked.connect(lambda: self.ask(None))
        self.show_links([])

    def show_group(self, alignment: Alignment, group_id: int, focus: int | None = None) -> None:
        """The links of group ``group_id`` (those of the passage in source ``focus`` first), and, for a
        passage standing alone because the user rejected its links, those rejected links."""
        group = alignment.group_by_id.get(group_id)
        if group is None:
            self.show_links([])
            return
        judged = alignment.judged
        names = alignment.labels
        found: list[tuple[Link, str]] = []
        for member, other in links_of(alignment, group):
            first, second = member_span(member), member_span(other)
            verdict = judged.verdict_of(first, second) if judged is not None else None
            text = f"{names[member.source]} ↔ {names[other.source]}: {how_linked(member)}"
            found.append(((first, second, verdict), text))
        if judged is not None:
            for member in group.members:
                for link in judged.rejected_at(member.source, member.start):
                    this, that = (
                        (link.first, link.second)
                        if link.first.source == member.source
                        else (link.second, link.first)
                    )
                    text = f"{names[this.source]} ↔ {names[that.source]}"
                    found.append(((this, that, "rejected"), text))
        if focus is not None:
            found.sort(key=lambda pair: focus not in (pair[0][0].source, pair[0][1].source))
        self.show_links(found)

    def show_links(self, found: list[tuple[Link, str]]) -> None:
        self.links = [link for link, _ in found]
        self.choice.blockSignals(True)
        self.choice.clear()
        for (_first, _second, verdict), text in found:
            said = {"confirmed": " — confirmed by you", "rejected": " — rejected by you", None: ""}[verdict]
            self.choice.addItem(text + said)
        self.choice.blockSignals(False)
        self.choice.setEnabled(bool(found))
        self._chosen()

    def current(self) -> Link | None:
        index = self.choice.currentIndex()
        return self.links[index] if 0 <= index < len(self.links) else None

    def _chosen(self) -> None:
        link = self.current()
        verdict = link[2] if link is not None else None
        self.confirm.setEnabled(link is not None and verdict != "confirmed")
        self.reject.setEnabled(link is not None and verdict != "rejected")
        self.clear.setEnabled(verdict is not None)
        if link is None:
            self.state.setText("This passage has no link to confirm or reject.")
        elif verdict == "rejected":
            self.state.setText("You rejected this link: it counts nowhere, and its passages stand alone.")
        elif verdict == "confirmed":
            self.state.setText("You confirmed this link: it counts as sure.")
        else:
            self.state.setText("Reader's own finding: confirm it, or reject it if the passages differ.")

    def _activated(self) -> None:
        link = self.current()
        if link is not None:
            self.link_chosen.emit(link[0], link[1])

    def ask(self, verdict: Verdict | None) -> bool:
        """Ask for ``verdict`` on the chosen link (the window's Confirm and Reject actions come here too);
        False when there is no link, or it has that word already."""
        link = self.current()
        if link is None or link[2] == verdict:
            return False
        self.judge_requested.emit(link[0], link[1], verdict)
        return True
