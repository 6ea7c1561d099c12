#!/bin/sh
# Runs once, when the PostgreSQL volume is created (after 10-databases.sql): the services' login roles (least
# privilege, docs/operations.md "Database roles"). Each is a member of the NOLOGIN group role its service's migrations
# grant DML to (created here first; the migrations' guarded CREATE ROLE then finds it). POSTGRES_USER owns the
# databases and runs the migrations; the services connect as ani_auth_svc / ani_write_svc, and only the group roles
# (and the owner) may connect to each database.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v auth_password="$ANI_AUTH_DB_PASSWORD" -v write_password="$ANI_WRITE_DB_PASSWORD" <<'SQL'
CREATE ROLE ani_auth_app NOLOGIN;
CREATE ROLE ani_write_app NOLOGIN;
CREATE ROLE ani_auth_svc LOGIN PASSWORD :'auth_password' IN ROLE ani_auth_app;
CREATE ROLE ani_write_svc LOGIN PASSWORD :'write_password' IN ROLE ani_write_app;
REVOKE CONNECT ON DATABASE ani_auth FROM PUBLIC;
REVOKE CONNECT ON DATABASE ani_write FROM PUBLIC;
SQL
