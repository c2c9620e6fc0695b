# A pytest fixture: one mox localserve for the test session, emptied before each test.
import pytest

from mox_localserve import MoxLocalserve


@pytest.fixture(scope="session")
def mox_server():
    with MoxLocalserve() as mox:
        yield mox


@pytest.fixture
def mox(mox_server):
    mox_server.clear()
    return mox_server
