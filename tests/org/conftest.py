import pytest

from tests.org.helpers import make_tree


@pytest.fixture
def tree(db):
    return make_tree()
