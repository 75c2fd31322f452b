"""Settings, each declared once with its key, type and default, persisted with QSettings.

In the manner of MusicBrainz Picard's options: ``Settings`` lists one ``Option`` per setting, and each option is
the setting's accessor (``settings.sync_scrolling`` reads it, ``settings.sync_scrolling = False`` stores it).
The keys and the stored values are those Reader has always written, so existing users' settings read back.
"""

from __future__ import annotations

from typing import Any, Generic, Self, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

from reader.core.alignment.align import AlignOptions
from reader.core.text.normalize import Normalization
from reader.core.text.spans import as_flag

T = TypeVar("T")


class Option(Generic[T]):
    """One setting: where it is stored, its default, and how a stored value reads back. The default is given
    whenever the stored value is missing or unusable (settings files are edited by hand, and outlive
    versions)."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def read(self, store: QSettings) -> T:
        return self.convert(store.value(self.key))

    def write(self, store: QSettings, value: T) -> None:
        store.setValue(self.key, value)

    def convert(self, value: object) -> T:
        """The setting from a stored value (None when nothing is stored)."""
        raise NotImplementedError

    @overload
    def __get__(self, settings: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, settings: Settings, owner: type[Any]) -> T: ...

    def __get__(self, settings: Settings | None, owner: type[Any]) -> Self | T:
        return self if settings is None else self.read(settings.store)

    def __set__(self, settings: Settings, value: T) -> None:
        self.write(settings.store, value)


class BoolOption(Option[bool]):
    def convert(self, value: object) -> bool:
        return as_flag(value, self.default)


class ListOption(Option[list[str]]):
    """A list of strings (paths); an INI file hands a one-item list back as a string."""

    def __init__(self, key: str) -> None:
        super().__init__(key, [])

    def convert(self, value: object) -> list[str]:
        if isinstance(value, str):
            return [value] if value else []
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        return list(self.default)

    def write(self, store: QSettings, value: list[str]) -> None:
        store.setValue(self.key, list(value))


class TextOption(Option[str | None]):
    """A string; an empty one reads as the default."""

    def convert(self, value: object) -> str | None:
        return value if isinstance(value, str) and value else self.default


class FloatOption(Option[float | None]):
    """A number; setting None leaves what is stored."""

    def convert(self, value: object) -> float | None:
        if not isinstance(value, int | float | str):
            return self.default
        try:
            return float(value)
        except ValueError:
            return self.default

    def write(self, store: QSettings, value: float | None) -> None:
        if value is not None:
            store.setValue(self.key, value)


class BytesOption(Option[QByteArray | None]):
    """Qt's own state of a window (geometry, docks and toolbars), as Qt saved it."""

    def __init__(self, key: str) -> None:
        super().__init__(key, None)

    def convert(self, value: object) -> QByteArray | None:
        return value if isinstance(value, QByteArray) else self.default


class AlignOptionsOption(Option[AlignOptions]):
    """The alignment options, one key each under ``key``: granularity, threshold and each normalization
    flag. Their defaults and limits are ``AlignOptions``' own."""

    def __init__(self, key: str) -> None:
        super().__init__(key, AlignOptions())

    def read(self, store: QSettings) -> AlignOptions:
        value = store.value
        return AlignOptions.from_dict(
            {
                "granularity": value(f"{self.key}/granularity"),
                "threshold": value(f"{self.key}/threshold"),
                "normalization": {name: value(f"{self.key}/{name}") for name in Normalization.__slots__},
            }
        )

    def write(self, store: QSettings, value: AlignOptions) -> None:
        store.setValue(f"{self.key}/granularity", value.granularity)
        store.setValue(f"{self.key}/threshold", value.threshold)
        for name, enabled in value.normalization.to_dict().items():
            store.setValue(f"{self.key}/{name}", enabled)


class Settings:
    """Typed access to the persisted settings of the window: the table of options."""

    # the last comparison
    files = ListOption("comparison/files")
    display_order = ListOption("comparison/order")
    hidden = ListOption("comparison/hidden")
    # alignment options
    options = AlignOptionsOption("options")
    # exports
    export_folder = TextOption("export/folder", None)  # the folder the last export went to
    # view
    sync_scrolling = BoolOption("view/sync_scrolling", True)
    comfortable_measure = BoolOption("view/comfortable_measure", True)
    point_size = FloatOption("view/point_size", None)  # None: the system's font size
    # the library and who writes in it
    display_name = TextOption("identity/display_name", None)  # None: READER_AUTHOR, else the system user
    library = TextOption("library/address", None)  # chosen in the window; never with a password
    recent_libraries = ListOption("library/recent")  # the same, the last few chosen

    def __init__(self, store: QSettings) -> None:
        self.store = store

    @classmethod
    def table(cls) -> dict[str, Option[Any]]:
        """Every option, by the attribute that reads it."""
        return {name: value for name, value in vars(cls).items() if isinstance(value, Option)}

    def window_state(self, name: str) -> QByteArray | None:
        return BytesOption(f"window/{name}").read(self.store)

    def set_window_state(self, name: str, state: QByteArray) -> None:
        BytesOption(f"window/{name}").write(self.store, state)

    def sync(self) -> None:
        self.store.sync()
