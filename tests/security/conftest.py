from tests.intake.conftest import tree  # noqa: F401  the intake unit tree with one account per role
from tests.assessment.conftest import world  # noqa: F401  a city, two counties, windows and an assessment round
