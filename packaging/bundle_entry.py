"""The bundle's entry point: the same as the `reader` command, and the child process that reads one PDF or
Word document (reader.core.reading.isolated starts the bundle itself with CHILD_ARGUMENT: there is no Python to run
``-m reader.core.reading.isolated_child`` with)."""

import sys

from reader.core.reading.isolated_child import CHILD_ARGUMENT, child_main

if sys.argv[1:2] == [CHILD_ARGUMENT]:
    sys.exit(child_main())

from reader.cli import main  # not loaded by a child: it starts faster without

sys.exit(main())
