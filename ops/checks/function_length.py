"""No function longer than a screen: every function or method in the project's Python files (migrations aside)
spans at most MAX_LINES lines, its decorators and docstring included.

    python ops/checks/function_length.py [--max N]

Prints each offender as ``path:line name (N lines)`` and exits 1 if there is any.
"""

import argparse
import ast
import subprocess
import sys
from pathlib import Path

MAX_LINES = 80
ROOT = Path(__file__).resolve().parents[2]


def python_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if "/migrations/" not in name and (ROOT / name).exists()]


def long_functions(path: Path, limit: int) -> list[tuple[int, str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = node.end_lineno - first + 1
            if length > limit:
                found.append((first, node.name, length))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=MAX_LINES)
    limit = parser.parse_args().max
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {name} ({length} lines)"
        for path in python_files()
        for line, name, length in long_functions(path, limit)
    ]
    for offender in offenders:
        print(offender)
    print(f"{len(offenders)} function(s) over {limit} lines")
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main())
