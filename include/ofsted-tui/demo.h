/* Clearly fictional sample data, so a new user sees the tool working
 * before they have real files.  The same seed always gives the same data. */
#ifndef OFSTED_TUI_DEMO_H
#define OFSTED_TUI_DEMO_H

#include <stddef.h>

#include "ofsted-tui/sink.h"

/* Push invented authorities with inspections from 2006 to 2026 (an older
 * framework graded "Adequate", SIF, ILACS standard and short, focused and
 * monitoring visits, a reformed 2026 report) into sink.  The caller wraps
 * it in begin_file/end_file.  Returns 0 or -1 with err set. */
int ot_demo_generate(ot_sink *sink, unsigned long seed, ot_error *err);

/* How many authorities the demo makes. */
size_t ot_demo_authority_count(void);

#endif
