"""Run one file through the intake chain and print what became of it (operators use it to diagnose a scan):
``manage.py intake_file PATH [--json]``: the chain's outcome, the text and the metadata the text suggests
(ocr.suggest). Nothing is stored."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocr import chain
from ocr.suggest import Suggestions, suggest


class Command(BaseCommand):
    help = (
        "Run a file through the intake chain (scan, type, OCR or conversion to PDF, text) and print the outcome and"
        " the suggested fields."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="machine-readable output (no Vietnamese reason)")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        result = chain.run(data, path.name)
        suggestions = suggest(result.text)
        if options["json"]:
            output = {**result.as_json(), "suggestions": suggestions.as_json()}
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self._summary(result))
        self.stdout.write(self._suggested(suggestions))

    def _summary(self, result: chain.IntakeResult) -> str:
        lines = [
            f"run:      {result.run_id}",
            f"outcome:  {result.state}" + (f" ({result.reason_code})" if result.reason_code else ""),
            f"reason:   {result.reason or '-'}",
            f"type:     {result.detected_type or '-'}",
            f"pages:    {result.pages}",
            f"flags:    {', '.join(result.flags) or '-'}",
            f"ocr pdf:  {len(result.ocr_pdf or b'')} bytes",
            f"preview:  {len(result.preview_pdf or b'')} bytes",
            "timings:  " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in result.timings.items()),
            "text:",
            result.text,
        ]
        return "\n".join(lines)

    def _suggested(self, suggestions: Suggestions) -> str:
        found = suggestions.found()
        lines = ["suggested:" + ("" if found else " -")]
        for name, suggestion in found.items():
            value = suggestion.value
            shown = "; ".join(value) if isinstance(value, tuple) else str(value)
            lines.append(f"  {name:<27}{shown}  ({suggestion.confidence:.2f})")
        return "\n".join(lines)
