import subprocess


def test_tesseract_has_vietnamese():
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=True).stdout.split()
    assert "vie" in langs
