from django.apps import AppConfig


class OcrConfig(AppConfig):
    """The intake chain (no models): registered so that its diagnostic command (intake_file) is found."""

    name = "ocr"
    verbose_name = "Intake"
