-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 11 on PostgreSQL: the lists' indexes in the lists' order; and a large import
-- builds the dossier table's secondary indexes once after its load instead of updating them row
-- by row, and checks its foreign keys once for the whole table instead of one query per row and
-- key, as the SQLite store already does for its indexes (100,000 rows copied: 6-8 s with the 14
-- indexes and 4 keys in place, 2.7 s with the keys alone, 0.9 s with neither; the indexes then
-- take 2-3 s to build, the keys well under a second to check). Indexes and constraints belong
-- to the table's owner, which no workstation uses: the administrator's import calls two
-- functions, which run as the owner and touch nothing but the dossier table's secondary
-- indexes and foreign keys (the primary key and the unique code, which finds the rows an
-- import updates, stay, as do the checks). Both run inside the import's transaction, so that a
-- refused or failed import leaves every index and key as it was; while it runs, the other
-- workstations' reads of the dossiers wait for its end.

-- The lists sort NULLs first (online dossiers not accepted yet have no receipt or appointment),
-- as SQLite does, then by id (mc-store-queue.c): an index in that order gives a page of a list
-- of a million dossiers without sorting the million (in PostgreSQL's default order, NULLs last,
-- the server read and sorted the whole table for every page: about a second at 1,000,000).
DROP INDEX dossier_due;
CREATE INDEX dossier_due ON dossier (due_at NULLS FIRST, id);
DROP INDEX dossier_received;
CREATE INDEX dossier_received ON dossier (received_at NULLS FIRST, id);
DROP INDEX dossier_status_due;
CREATE INDEX dossier_status_due ON dossier (status, due_at NULLS FIRST, id);
DROP INDEX dossier_applicant;
CREATE INDEX dossier_applicant ON dossier (applicant_folded, id);

-- What a load dropped, until it puts it back; the owner's only. KIND: 'index' (DEFINITION is
-- its CREATE INDEX) or 'foreign key' (DEFINITION is pg_get_constraintdef's text).
CREATE TABLE bulk_index (
  name       text PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('index', 'foreign key')),
  definition text NOT NULL
);

CREATE FUNCTION motcua_bulk_drop_indexes () RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  n integer := 0;
BEGIN
  FOR r IN SELECT c.relname AS name, pg_get_indexdef (i.indexrelid) AS definition
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'public.dossier'::regclass AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY c.relname LOOP
    INSERT INTO bulk_index (name, kind, definition) VALUES (r.name, 'index', r.definition)
      ON CONFLICT (name) DO NOTHING;
    EXECUTE format ('DROP INDEX public.%I', r.name);
    n := n + 1;
  END LOOP;
  FOR r IN SELECT k.conname AS name, pg_get_constraintdef (k.oid) AS definition
             FROM pg_constraint k
            WHERE k.conrelid = 'public.dossier'::regclass AND k.contype = 'f'
            ORDER BY k.conname LOOP
    INSERT INTO bulk_index (name, kind, definition) VALUES (r.name, 'foreign key', r.definition)
      ON CONFLICT (name) DO NOTHING;
    EXECUTE format ('ALTER TABLE public.dossier DROP CONSTRAINT %I', r.name);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;

-- Puts back everything a load dropped (a load that never came back to it too): the indexes
-- built, the foreign keys checked against every row, then the planner's statistics.
CREATE FUNCTION motcua_bulk_restore_indexes () RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  n integer := 0;
BEGIN
  PERFORM set_config ('maintenance_work_mem', '256MB', TRUE);
  FOR r IN SELECT name, kind, definition FROM bulk_index ORDER BY kind DESC, name LOOP
    IF r.kind = 'index' AND to_regclass (format ('public.%I', r.name)) IS NULL THEN
      EXECUTE r.definition;
      n := n + 1;
    ELSIF r.kind = 'foreign key' AND NOT EXISTS (SELECT 1 FROM pg_constraint
                                                   WHERE conrelid = 'public.dossier'::regclass
                                                     AND conname = r.name) THEN
      EXECUTE format ('ALTER TABLE public.dossier ADD CONSTRAINT %I %s', r.name, r.definition);
      n := n + 1;
    END IF;
    DELETE FROM bulk_index WHERE name = r.name;
  END LOOP;
  ANALYZE public.dossier;
  RETURN n;
END
$$;

REVOKE ALL ON FUNCTION motcua_bulk_drop_indexes (), motcua_bulk_restore_indexes () FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'motcua_admin') THEN
    -- Only the administrator imports (mc-import.c checks it too).
    GRANT EXECUTE ON FUNCTION motcua_bulk_drop_indexes (), motcua_bulk_restore_indexes ()
      TO motcua_admin;
  END IF;
END;
$$;
