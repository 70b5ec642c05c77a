"""Process settings of a long-lived application process (a gunicorn worker, a Celery worker, a benchmark).

Python's cyclic garbage collector walks every tracked object of the oldest generation now and then; in a worker
that holds Django, the project's modules and their caches (hundreds of thousands of objects made once at start),
such a walk pauses a request for tens of milliseconds — the worst tail of the list benchmarks (p95 346 ms with the
collector, 109 without, at a million documents). ``settle_heap`` moves what start-up made into the permanent
generation, which the collector no longer walks; what requests make is collected as before."""

import gc


def settle_heap() -> None:
    """Call once the application is loaded: collect what start-up left, then freeze the rest."""
    gc.collect()
    gc.freeze()
