-- Runs once, when the PostgreSQL volume is created: one database per service (ADR 0002), UTF-8 with a
-- locale whose lower()/upper() fold non-ASCII letters (catalog search over Cyrillic titles relies on it).
CREATE DATABASE ani_auth ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0;
CREATE DATABASE ani_write ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0;
