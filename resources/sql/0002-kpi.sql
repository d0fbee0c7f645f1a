-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 2: covering indexes for the KPIs of DOMAIN.md §5 (src/core/mc-kpi.c).
-- The KPI queries walk procedures first and, for each, a range of one of these indexes, so they
-- group by procedure without sorting and never read the dossier rows themselves.

-- Received in a period: by receipt time, with everything the received figures count.
CREATE INDEX dossier_kpi_received ON dossier (procedure_id, received_at, status, channel,
                                              digitized_input, fee, paid_online, late_intake,
                                              handler_id);

-- Resolved in a period, and open at its end though resolved later.
CREATE INDEX dossier_kpi_ended ON dossier (procedure_id, ended_at, status, outcome,
                                           digitized_result, received_at, due_at, handler_id);

-- Still open now (no end time): few rows, whatever the size of the database.
CREATE INDEX dossier_kpi_open ON dossier (procedure_id, received_at, due_at, handler_id, status,
                                          ended_at)
  WHERE ended_at IS NULL AND status NOT IN (1, 3, 7, 8);
