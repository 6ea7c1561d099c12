"""Least privilege in deployment (issue 15, 8), on the running e2e stack (`harness.LeastPrivilegeStack`).

Every service runs as its own PostgreSQL login role (a member of the group role its migrations grant DML to) and its
own Redis ACL user (deploy/redis/users.acl). Here: the services really are connected as those; as each role, the
audit table can be read and appended to but not rewritten, erased or truncated, DDL is refused, the other service's
database is out of reach; as each Redis user, what lies outside its rights is refused. The rest of the suite passing
on this stack is the proof that the rights suffice.
"""

# ruff: noqa: S608 - SQL here is composed only from the table names of this module.
from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
import pytest_asyncio
from redis.asyncio import Redis
from redis.exceptions import NoPermissionError, ResponseError

from ani_common.db import PrivilegedDatabaseRoleError, assert_runtime_role, create_engine
from ani_common.readmodels import keys
from ani_common.tokens import REVOCATION_KEY
from scripts.devstack.stack import Stack
from tests.e2e.conftest import GatewayClient
from tests.e2e.harness import GROUP_ROLES, REDIS_USERS, LeastPrivilegeStack

#: The audit table of each service database: append-only for the service.
AUDIT_TABLES = {"auth": "auth_events", "write": "audit_logs"}
#: A table of each database the service rewrites freely.
DML_TABLES = {"auth": "users", "write": "anime"}
OTHER = {"auth": "write", "write": "auth"}


@pytest.fixture
def lp(stack: Stack) -> LeastPrivilegeStack:
    assert isinstance(stack, LeastPrivilegeStack), "the e2e stack runs as the least-privilege roles"
    return stack


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


@pytest_asyncio.fixture
async def redis_as(lp: LeastPrivilegeStack) -> AsyncIterator[dict[str, Redis]]:
    clients = {name: Redis.from_url(lp.redis_user_url(name)) for name in REDIS_USERS}
    clients["default"] = Redis(host="127.0.0.1", port=lp.redis_port)
    try:
        yield clients
    finally:
        for client in clients.values():
            await client.aclose()


# ---------------------------------------------------------------------------------------------------- PostgreSQL
async def test_the_services_are_connected_as_their_own_roles(lp: LeastPrivilegeStack, gw: GatewayClient) -> None:
    # Auth uses its database on a login; write-api's projector holds a LISTEN connection all the time.
    login = await gw.post("/api/v1/auth/login", json={"email": "nobody@example.org", "password": "not a password"})
    assert login.status_code == 401
    admin = await asyncpg.connect(_dsn(lp.admin_database_url()))
    try:
        for service in GROUP_ROLES:
            users = {
                row["usename"]
                for row in await admin.fetch(
                    "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                    lp.database_name(service),
                )
            }
            assert users == {lp.login_role(service)}, (service, users)
    finally:
        await admin.close()


@pytest.mark.parametrize("service", sorted(GROUP_ROLES))
async def test_a_runtime_role_is_neither_superuser_nor_owner(lp: LeastPrivilegeStack, service: str) -> None:
    connection = await asyncpg.connect(_dsn(lp.role_database_url(service)))
    try:
        role = await connection.fetchrow(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        assert role is not None
        assert not any(role.values())
        owned = await connection.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"
        )
        assert owned == 0
        assert await connection.fetchval("SELECT pg_has_role(current_user, $1, 'MEMBER')", GROUP_ROLES[service])
    finally:
        await connection.close()


@pytest.mark.parametrize("service", sorted(GROUP_ROLES))
async def test_the_production_start_up_check_accepts_the_runtime_role_and_refuses_the_owner(
    lp: LeastPrivilegeStack, service: str
) -> None:
    runtime = create_engine(lp.role_database_url(service), pool_size=1, max_overflow=0)
    owner = create_engine(lp.owner_database_url(service), pool_size=1, max_overflow=0)
    try:
        await assert_runtime_role(runtime)
        with pytest.raises(PrivilegedDatabaseRoleError, match="is a superuser") as refused:
            await assert_runtime_role(owner)
        assert "owns tables of the schema" in str(refused.value)
    finally:
        await runtime.dispose()
        await owner.dispose()


@pytest.mark.parametrize("service", sorted(GROUP_ROLES))
async def test_the_audit_table_is_append_only_for_the_service(lp: LeastPrivilegeStack, service: str) -> None:
    table = AUDIT_TABLES[service]
    connection = await asyncpg.connect(_dsn(lp.role_database_url(service)))
    try:
        await connection.fetchval(f"SELECT count(*) FROM {table}")  # readable
        privileges = {
            privilege: await connection.fetchval("SELECT has_table_privilege($1, $2)", table, privilege)
            for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
        }
        assert privileges == {
            "SELECT": True,
            "INSERT": True,
            "UPDATE": False,
            "DELETE": False,
            "TRUNCATE": False,
            "REFERENCES": False,
            "TRIGGER": False,
        }
        for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}", f"TRUNCATE {table}"):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await connection.execute(statement)
        # A rewrite of any other table is the service's ordinary work (in a transaction rolled back: no change).
        async with connection.transaction():
            await connection.execute(f"UPDATE {DML_TABLES[service]} SET id = id WHERE false")
    finally:
        await connection.close()


@pytest.mark.parametrize("service", sorted(GROUP_ROLES))
async def test_ddl_is_refused_to_the_runtime_role(lp: LeastPrivilegeStack, service: str) -> None:
    connection = await asyncpg.connect(_dsn(lp.role_database_url(service)))
    try:
        for statement in (
            "CREATE TABLE lp_probe (id int)",
            f"ALTER TABLE {DML_TABLES[service]} ADD COLUMN lp_probe int",
            f"DROP TABLE {DML_TABLES[service]}",
            f"CREATE INDEX lp_probe ON {DML_TABLES[service]} (id)",
            "CREATE SCHEMA lp_probe",
            "UPDATE alembic_version SET version_num = version_num",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await connection.execute(statement)
    finally:
        await connection.close()


@pytest.mark.parametrize("service", sorted(GROUP_ROLES))
async def test_a_runtime_role_cannot_reach_the_other_services_database(lp: LeastPrivilegeStack, service: str) -> None:
    other = OTHER[service]
    url = lp.role_database_url(other, role=lp.login_role(service), password=lp.credentials()[f"pg_{service}"])
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied for database"):
        await asyncpg.connect(_dsn(url))


# ---------------------------------------------------------------------------------------------------- Redis
async def test_the_services_are_connected_as_their_own_redis_users(
    lp: LeastPrivilegeStack, redis_as: dict[str, Redis]
) -> None:
    clients = await redis_as["ops"].client_list()
    users = {client["user"] for client in clients}
    assert {"ani-auth", "ani-write", "ani-read"} <= users
    assert users <= {"ani-auth", "ani-write", "ani-read", "ani-ops"}, users


async def assert_refused(client: Redis, *commands: tuple[str | bytes | int, ...]) -> None:
    for command in commands:
        with pytest.raises(NoPermissionError):
            await client.execute_command(*command)  # type: ignore[no-untyped-call]


async def test_anonymous_redis_clients_can_only_ping(redis_as: dict[str, Redis]) -> None:
    anonymous = redis_as["default"]
    assert await anonymous.ping()
    await assert_refused(anonymous, ("GET", keys.CATALOG_VERSION), ("SET", "anything", b"1"), ("FLUSHDB",))


async def test_read_api_reads_but_never_writes_the_read_models(redis_as: dict[str, Redis]) -> None:
    read = redis_as["read"]
    assert await read.exists(keys.CATALOG_VERSION)  # the seeded catalog, readable
    await read.zrangebyscore(REVOCATION_KEY, "-inf", "+inf")
    await assert_refused(
        read,
        ("SET", keys.anime_detail("lp-probe"), b"{}"),
        ("DEL", keys.CATALOG_VERSION),
        ("HSET", keys.CATALOG_ITEMS, "lp-probe", b"{}"),
        ("INCR", keys.CATALOG_VERSION),
        ("DEL", keys.user_library(1, keys.DEFAULT_PROVIDER)),
        ("ZADD", REVOCATION_KEY, 1, "user:1"),
        ("SET", "ratelimit:lp-probe", b"1"),
        ("FLUSHDB",),
        ("KEYS", "*"),
        ("CONFIG", "GET", "*"),
    )
    # Its catalog query cache is the one thing it writes.
    assert await read.set(keys.catalog_query_cache(0, "lp-probe"), b"1", ex=5)
    # A script may read the models but not write them: each command a script runs is checked against the user.
    with pytest.raises(ResponseError, match="can't access"):
        await read.eval("return redis.call('DEL', KEYS[1])", 1, keys.CATALOG_VERSION)
    assert await read.eval("return redis.call('EXISTS', KEYS[1])", 1, keys.CATALOG_VERSION) == 1


async def test_auth_touches_its_own_keys_only(redis_as: dict[str, Redis]) -> None:
    auth = redis_as["auth"]
    await auth.zrangebyscore(REVOCATION_KEY, "-inf", "+inf")
    await assert_refused(
        auth,
        ("GET", keys.CATALOG_VERSION),
        ("HGETALL", keys.anime_detail("lp-probe")),
        ("SET", keys.anime_detail("lp-probe"), b"{}"),
        ("DEL", keys.user_library(1, keys.DEFAULT_PROVIDER)),
        ("FLUSHDB",),
        ("KEYS", "*"),
        ("PUBLISH", "anything", b"1"),
    )


async def test_write_api_writes_the_read_models_but_only_reads_the_revocations(redis_as: dict[str, Redis]) -> None:
    write = redis_as["write"]
    probe = keys.anime_detail("lp-probe")
    assert await write.set(probe, b"{}", ex=5)
    assert await write.delete(probe) == 1
    await write.zrangebyscore(REVOCATION_KEY, "-inf", "+inf")
    await assert_refused(
        write,
        ("ZADD", REVOCATION_KEY, 1, "user:1"),
        ("DEL", REVOCATION_KEY),
        ("GET", "auth:login:lp-probe"),
        ("FLUSHDB",),
        ("KEYS", "*"),
        ("CONFIG", "GET", "*"),
        ("ACL", "LIST"),
    )
