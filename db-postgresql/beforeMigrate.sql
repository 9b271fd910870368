-- PostgreSQL only, before every migrate (so it must be idempotent). V1 was released for H2 and declares
-- turns.text as CLOB, a type PostgreSQL does not have; V1 can never be edited (its checksum is recorded in every
-- existing H2 database), so on PostgreSQL CLOB is made a name for TEXT. V2 turns the column into VARCHAR anyway.
DO $$
BEGIN
    CREATE DOMAIN clob AS TEXT;
EXCEPTION
    WHEN duplicate_object THEN NULL;
END
$$;
