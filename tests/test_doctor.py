"""`bulletin doctor` on a machine set up by ./dev: everything needed for PDFs is there."""

from click.testing import CliRunner

from bulletin.cli import main
from bulletin.doctor import Check, healthy


def test_doctor_reports_this_machine():
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    for name in ("WeasyPrint", "Pango", "HarfBuzz font subsetting", "Simplified Chinese font"):
        assert name in result.output
    assert "Noto Sans CJK SC" in result.output or "Source Han Sans SC" in result.output
    assert "PDF output will work." in result.output


def test_a_missing_requirement_is_unhealthy():
    checks = [Check("Pango", True, "1.50"), Check("Simplified Chinese font", False, "none", "fix")]
    assert not healthy(checks)
    assert healthy([Check("Latin font", False, "none", required=False)])
