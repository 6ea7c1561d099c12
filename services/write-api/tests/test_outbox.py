from __future__ import annotations

from typing import Any

CLAIM = """
SELECT id, topic, payload FROM outbox
WHERE processed_at IS NULL ORDER BY id LIMIT $1
FOR UPDATE SKIP LOCKED
"""


async def test_pending_rows_are_claimed_in_order_through_the_partial_index(pg: Any) -> None:
    await pg.execute(
        "INSERT INTO outbox (topic, payload, processed_at) "
        "SELECT 'catalog_changed', '{}'::jsonb, CASE WHEN i % 2 = 0 THEN now() END FROM generate_series(1, 10) i"
    )
    expected = [row["id"] for row in await pg.fetch("SELECT id FROM outbox WHERE processed_at IS NULL ORDER BY id")]
    claimed = await pg.fetch(CLAIM, 3)
    assert [row["id"] for row in claimed] == expected[:3]
    pending = await pg.fetchval("SELECT count(*) FROM outbox WHERE processed_at IS NULL")
    assert pending == 5
    await pg.execute("SET LOCAL enable_seqscan = off")
    plan = "\n".join(row[0] for row in await pg.fetch("EXPLAIN " + CLAIM.replace("$1", "3")))
    assert "ix_outbox_pending" in plan
