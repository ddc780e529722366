/* A one-line text input for the bottom bar (the `/` of find), with UTF-8
 * editing: characters, not bytes, are inserted, deleted and stepped over. */
#ifndef OT_TUI_PROMPT_H
#define OT_TUI_PROMPT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/buf.h"

typedef struct ot_prompt {
    const char *lead; /* drawn before the text, e.g. "/" (not owned) */
    ot_buf text;      /* UTF-8 */
    size_t cursor;    /* byte offset, always on a character boundary */
} ot_prompt;

/* What a key did. */
typedef enum ot_prompt_result {
    OT_PROMPT_IGNORED, /* not an editing key */
    OT_PROMPT_MOVED,   /* the cursor moved; the text is the same */
    OT_PROMPT_EDITED,  /* the text changed */
    OT_PROMPT_ACCEPT,  /* Enter */
    OT_PROMPT_CANCEL,  /* Esc, Ctrl-G, or Backspace on an empty line */
} ot_prompt_result;

/* Start empty with lead (a static string). */
void ot_prompt_init(ot_prompt *p, const char *lead);
void ot_prompt_free(ot_prompt *p);

/* Apply one key: when is_char, key is a character (a wchar_t value, from
 * get_wch), else a curses key code.  Keys: characters insert; Backspace,
 * Delete and Ctrl-D, Ctrl-W (word) and Ctrl-U (to the start) delete;
 * Left/Right, Home/End and Ctrl-A/Ctrl-E move; Enter accepts; Esc and
 * Ctrl-G cancel. */
ot_prompt_result ot_prompt_key(ot_prompt *p, int key, bool is_char);

/* Draw lead and text at (y, x) in width columns with attr, scrolled so the
 * cursor shows; returns the cursor's screen column. */
int ot_prompt_draw(const ot_prompt *p, WINDOW *win, int y, int x, int width, attr_t attr);

#endif
