-- The desk's queues over a million dossiers: every sort of the table reads an index in order (so
-- a page of ids is a LIMIT, not a sort of the whole table), and a search by phone or ID number is
-- a lookup.
CREATE INDEX IF NOT EXISTS dossier_due ON dossier(due_at);
CREATE INDEX IF NOT EXISTS dossier_received ON dossier(received_at);
CREATE INDEX IF NOT EXISTS dossier_phone ON dossier(applicant_phone);
CREATE INDEX IF NOT EXISTS dossier_id_number ON dossier(applicant_id_number);
-- Counting a status by channel (the table's filters) without reading the rows.
CREATE INDEX IF NOT EXISTS dossier_status_channel ON dossier(status, channel);
