"""The pages of work direction, one module per part: ``work`` (a work's page and its chain), ``outputs`` (the
handling slip, the books and reports), ``dashboard`` (the figures, "Tình hình giải quyết", and the list behind
each)."""
