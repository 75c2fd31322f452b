import subprocess
import sys


def test_engine_and_headless_commands_load_no_qt() -> None:
    code = (
        "import sys, reader.core.align, reader.core.sources, reader.export.alignment_json, reader.export.summary, reader.store;"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
