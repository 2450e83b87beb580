"""Charts rendered to PNG bytes with matplotlib (imported lazily by each chart: it is slow to load)."""

import os

# Headless everywhere: no display, no GUI toolkit, safe in worker threads.
os.environ.setdefault("MPLBACKEND", "Agg")
