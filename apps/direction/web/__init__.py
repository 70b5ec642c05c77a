"""The pages of work direction, one module per part: ``work`` (a work's page, its chain and the actions on its
parts), ``tasks`` (giving tasks and sub-tasks, "Việc đã giao")."""
