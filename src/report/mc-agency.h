/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* The names an agency prints, as they were on a given day (docs/domain.md §6, "The administration of
 * 2026"). Since 1 July 2025 a commune answers to the province and its one-stop unit is the
 * public administrative service centre; a document of an earlier day prints the names valid
 * then (the district, "Bộ phận Một cửa"). Two sets of settings hold them: the current one
 * (agency.*), in force from agency.since, and the one before it (agency.before.*).
 *
 * Keys of each set (the earlier set with the prefix "agency.before."):
 *   parent       the parent body in the header, capitals ("UBND THÀNH PHỐ HÀ NỘI"); empty: none
 *   parent_text  the same in running text and under "Nơi nhận" ("Ủy ban nhân dân thành phố Hà Nội")
 *   name         the commune's people's committee in the header ("UBND XÃ TAM HIỆP")
 *   name_text    the same in running text ("Ủy ban nhân dân xã Tam Hiệp")
 *   unit         the one-stop unit as a sentence names it ("Trung tâm Phục vụ hành chính công xã
 *                Tam Hiệp", "Bộ phận Một cửa"); the header prints it in capitals
 *   place        the place of the date line ("Tam Hiệp")
 * A missing *_text is derived from the header form; a missing earlier value is the current one
 * (an older database's names were those of before the reform), its unit "Bộ phận Một cửa".
 * agency.phone (the unit's phone, printed for the contact officer on form 02) and agency.code
 * have no period. */

#define MC_AGENCY_REFORM_DAY "2025-07-01"

typedef struct {
  char *parent;
  char *parent_text;
  char *name;
  char *name_text;
  char *unit;
  char *unit_header;
  char *place;
  char *phone;
} McAgency;

/* The names in force on DAY (0: today). */
McAgency *mc_agency_at               (McStore *store, McDay day);
void      mc_agency_free             (McAgency *agency);
/* The first day of the current names (agency.since, by default 2025-07-01). */
McDay     mc_agency_since            (McStore *store);
/* "UBND XÃ TAM HIỆP" → "Ủy ban nhân dân xã Tam Hiệp": a header's capitals as running text writes
 * them (the level of government in lower case, names in title case). Text that is not all
 * capitals is returned as it is. */
char     *mc_agency_text_from_header (const char *header);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAgency, mc_agency_free)

G_END_DECLS
