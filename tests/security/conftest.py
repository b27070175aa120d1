from tests.intake.conftest import tree  # noqa: F401  the intake unit tree with one account per role
