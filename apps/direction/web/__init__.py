"""The pages of work direction, one module per part: ``work`` (a work's page, its chain and the actions on its
parts), ``tasks`` (giving tasks and sub-tasks, "Việc đã giao"), ``outputs`` (the handling slip, the books and
reports), ``dashboard`` (the figures, "Tình hình giải quyết", and the list behind each)."""
