/* Drawing helpers shared by the views: colours by role, grades, and text
 * that is safe to send to a terminal. */
#ifndef OT_TUI_DRAW_H
#define OT_TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/framework.h"
#include "ofsted-tui/regex.h"

/* Colour roles.  Grades use a colour-blind-safe palette (Okabe-Ito blue,
 * sky blue, orange, vermillion) and are always drawn with a word or letter
 * too, so no meaning rests on colour alone. */
typedef enum ot_role {
    OT_ROLE_NORMAL,
    OT_ROLE_TITLE,
    OT_ROLE_STATUS,
    OT_ROLE_SELECTED,
    OT_ROLE_HEADER,
    OT_ROLE_DIM,
    OT_ROLE_MATCH,
    OT_ROLE_ERROR,
    OT_ROLE_SAMPLE,
    OT_ROLE_GRADE_1,
    OT_ROLE_GRADE_2,
    OT_ROLE_GRADE_3,
    OT_ROLE_GRADE_4,
    OT_ROLE_COUNT
} ot_role;

/* Set up colours once after initscr: none when NO_COLOR is set or the
 * terminal has none (then attributes like bold and reverse carry roles). */
void ot_draw_init_colors(void);

/* Whether colours are in use. */
bool ot_draw_has_colors(void);

/* The attribute for a role. */
attr_t ot_role_attr(ot_role role);

/* The role of grade 1..4 (OT_ROLE_NORMAL for anything else). */
ot_role ot_grade_role(int grade);


/* The cell for "no data held" (the database holds nothing for that
 * authority and date; see ot_ratings_no_data), distinct from "·", not yet
 * inspected. */
const char *ot_glyph_no_data(void);

/* One-letter code: O, G, R, I, or "·" for none. */
const char *ot_grade_letter(int grade);

/* Draw UTF-8 text at (y, x) in at most max_cols columns with attr.
 * Control characters are shown escaped ("^[" in the DIM role) and invalid
 * bytes as "\xNN"; wide characters count two columns and are never cut in
 * half.  Returns the columns used. */
int ot_draw_text(WINDOW *win, int y, int x, const char *text, int max_cols, attr_t attr);

/* ot_draw_text for text[0, len), which need not be NUL-terminated. */
int ot_draw_textn(WINDOW *win, int y, int x, const char *text, size_t len, int max_cols, attr_t attr);

/* ot_draw_textn with the bytes inside spans drawn in hl.  Spans are sorted
 * byte ranges of a larger string of which text starts at offset base (so a
 * wrapped line can use its paragraph's spans).  Returns columns used. */
int ot_draw_highlighted(WINDOW *win, int y, int x, const char *text, size_t len, int max_cols,
                        attr_t attr, const ot_span *spans, size_t n_spans, size_t base, attr_t hl);

/* Display width of UTF-8 text as ot_draw_text would draw it. */
int ot_text_width(const char *text);

/* Draw text and pad with spaces to exactly cols columns. */
void ot_draw_cell(WINDOW *win, int y, int x, const char *text, int cols, attr_t attr);

/* Draw text as the next column of a table row: ot_draw_cell at (y, *x),
 * then move *x past the column and the space after it.  A column of no
 * width (one the layout left out) draws nothing and leaves *x alone. */
void ot_draw_column(WINDOW *win, int y, int *x, const char *text, int cols, attr_t attr);

#endif
