import pytest


@pytest.fixture(autouse=True)
def _no_office_suite_unless_asked(request, settings):
    """Signing converts the Word file to PDF with LibreOffice (seconds each); the tests of the
    sign-off do not need it. The tests of the conversion ask for it with @pytest.mark.soffice."""
    if request.node.get_closest_marker("soffice") is None:
        settings.SOFFICE_BINARY = "fazhi-no-such-soffice"
