-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 22 on PostgreSQL: a first large load builds the words' key once.
--
-- After 0021 the loaded rows' words are inserted in one sorted statement at the load's end, but
-- into the key of dossier_word, row by row: 10.6 s of a million-row import. When the database
-- holds no dossier yet (a commune's first import, the demo), the owner's function that drops
-- the dossier table's secondary indexes for the load (0011) now drops that key too, and the one
-- that puts them back builds it in one sort (about 2 s); the words are inserted before it
-- (mc_store_bulk_rebuild), distinct, as the key will require. The planner gets the words'
-- statistics too. The functions keep their owner, their SECURITY DEFINER and their grants.

CREATE OR REPLACE FUNCTION motcua_bulk_drop_indexes () RETURNS integer
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
  -- A first load (no dossier yet, so no update in it, and the table locked by the drops above):
  -- the words' key goes too, and is built once at the end over the words the load indexes in
  -- one statement (mc_store_bulk_rebuild).
  IF to_regclass ('public.dossier_word_pkey') IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM public.dossier)
     AND NOT EXISTS (SELECT 1 FROM public.dossier_word) THEN
    INSERT INTO bulk_index (name, kind, definition)
      VALUES ('dossier_word_pkey', 'index',
              'ALTER TABLE public.dossier_word ADD CONSTRAINT dossier_word_pkey '
              'PRIMARY KEY (word, dossier_id)')
      ON CONFLICT (name) DO NOTHING;
    ALTER TABLE public.dossier_word DROP CONSTRAINT dossier_word_pkey;
    n := n + 1;
  END IF;
  RETURN n;
END
$$;

-- Puts back everything a load dropped (a load that never came back to it too): the indexes
-- built, the foreign keys checked against every row, then the planner's statistics.
CREATE OR REPLACE FUNCTION motcua_bulk_restore_indexes () RETURNS integer
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
  ANALYZE public.dossier_word;
  RETURN n;
END
$$;
