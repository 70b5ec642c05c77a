"""How the outgoing app plugs into the web shell: its menu entry and the sections of the role home panels."""


def register() -> None:
    pass
