/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Not written yet. */
#include "config.h"
int main (void) { return 0; }
