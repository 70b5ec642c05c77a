"""The pages of work direction, one module per part: ``work`` (a work's page and its chain)."""
