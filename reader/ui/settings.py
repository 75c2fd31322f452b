"""Settings, each declared once with its default, persisted with QSettings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from reader.core.align import DEFAULT_THRESHOLD, AlignOptions
from reader.core.normalize import Normalization
from reader.core.spans import as_flag


class Settings:
    """Typed access to the persisted settings of the window."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    # -- the last comparison -------------------------------------------------------------------------------
    @property
    def files(self) -> list[str]:
        return _strings(self.store.value("comparison/files", []))

    @files.setter
    def files(self, paths: list[str]) -> None:
        self.store.setValue("comparison/files", list(paths))

    @property
    def display_order(self) -> list[str]:
        return _strings(self.store.value("comparison/order", []))

    @display_order.setter
    def display_order(self, paths: list[str]) -> None:
        self.store.setValue("comparison/order", list(paths))

    @property
    def hidden(self) -> list[str]:
        return _strings(self.store.value("comparison/hidden", []))

    @hidden.setter
    def hidden(self, paths: list[str]) -> None:
        self.store.setValue("comparison/hidden", list(paths))

    # -- alignment options ---------------------------------------------------------------------------------
    @property
    def options(self) -> AlignOptions:
        value = self.store.value
        return AlignOptions.from_dict(
            {
                "granularity": value("options/granularity"),
                "threshold": value("options/threshold", DEFAULT_THRESHOLD),
                "normalization": {name: value(f"options/{name}") for name in Normalization.__slots__},
            }
        )

    @options.setter
    def options(self, options: AlignOptions) -> None:
        self.store.setValue("options/granularity", options.granularity)
        self.store.setValue("options/threshold", options.threshold)
        for name, enabled in options.normalization.to_dict().items():
            self.store.setValue(f"options/{name}", enabled)

    # -- exports -----------------------------------------------------------------------------------------------
    @property
    def export_folder(self) -> str | None:
        """The folder the last export went to."""
        value = self.store.value("export/folder", None)
        return value if isinstance(value, str) and value else None

    @export_folder.setter
    def export_folder(self, folder: str) -> None:
        self.store.setValue("export/folder", folder)

    # -- view ----------------------------------------------------------------------------------------------
    @property
    def sync_scrolling(self) -> bool:
        return as_flag(self.store.value("view/sync_scrolling", True), True)

    @sync_scrolling.setter
    def sync_scrolling(self, enabled: bool) -> None:
        self.store.setValue("view/sync_scrolling", enabled)

    @property
    def comfortable_measure(self) -> bool:
        return as_flag(self.store.value("view/comfortable_measure", True), True)

    @comfortable_measure.setter
    def comfortable_measure(self, on: bool) -> None:
        self.store.setValue("view/comfortable_measure", on)

    @property
    def point_size(self) -> float | None:
        value = self.store.value("view/point_size", None)
        if not isinstance(value, int | float | str):
            return None
        try:
            return float(value)
        except ValueError:
            return None

    @point_size.setter
    def point_size(self, size: float | None) -> None:
        if size is not None:
            self.store.setValue("view/point_size", size)

    def window_state(self, name: str) -> QByteArray | None:
        value = self.store.value(f"window/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, name: str, state: QByteArray) -> None:
        self.store.setValue(f"window/{name}", state)

    def sync(self) -> None:
        self.store.sync()


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return []
