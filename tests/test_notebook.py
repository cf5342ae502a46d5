"""The analyst notebook (examples/analyst.ipynb) executes top to bottom without errors."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from tests.paths import ROOT

NOTEBOOK = ROOT / "examples" / "analyst.ipynb"


def test_analyst_notebook_runs_top_to_bottom() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    html = [o["data"]["text/html"] for c in code for o in c.outputs
            if o.get("output_type") == "execute_result" and "text/html" in o.get("data", {})]
    assert any("208/KH-UBND" in h for h in html), "the plan did not display as HTML"
    assert any("SYNTHETIC DATA" in h for h in html), "the main job did not display as HTML"
    svg = [o for c in code for o in c.outputs if "image/svg+xml" in o.get("data", {})]
    assert svg, "the attainment chart did not display"
