"""The pages of work direction, one module per part: ``work`` (a work's page and its chain), ``dashboard`` (the
figures, "Tình hình giải quyết", and the list behind each)."""
