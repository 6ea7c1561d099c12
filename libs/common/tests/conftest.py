from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def redis_db_base() -> int:
    return 14
