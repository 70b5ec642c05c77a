"""The pages of work direction, one module per part: ``work`` (a work's page, its chain and the actions on its
parts), ``leader`` (submitting, the leader's queue, the direction form, the routes), ``mine`` ("Việc của tôi",
its header count and home block), ``tasks`` (giving tasks and sub-tasks, "Việc đã giao"), ``delegation`` (ủy
quyền), ``preferences`` (what one receives), ``outputs`` (the handling slip, the books and reports),
``dashboard`` (the figures, "Tình hình giải quyết", and the list behind each)."""
