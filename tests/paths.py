"""Where the checkout's files are, for tests in any folder."""

from __future__ import annotations

from pathlib import Path

#: The root of the checkout.
ROOT = Path(__file__).resolve().parent.parent
#: The runnable examples and their data.
EXAMPLES = ROOT / "examples"
#: Files the tests read (schemas of other systems …).
TEST_DATA = ROOT / "tests" / "data"
