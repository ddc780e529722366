/* Matching local-authority names as they are spelt in the wild. */
#ifndef OFSTED_TUI_LA_NAME_H
#define OFSTED_TUI_LA_NAME_H

/* The key under which a name is matched: ASCII letters in lower case,
 * other letters as they are, digits and single spaces; "&" becomes "and"; punctuation (".", ",", "'", "’",
 * hyphens) is dropped or spaced; "upon" keeps its case-folded form; words
 * that only say what kind of body it is ("city council", "county council",
 * "council", "metropolitan borough", "royal borough of", "london borough of",
 * a leading "city of" or trailing ", city of" / ", county of",
 * "children's services") are removed.  So "Bristol, City of", "City of
 * Bristol" and "Bristol City Council" all give "bristol".
 *
 * Returns a malloc'd key, or NULL when out of memory.  A name that is only
 * such words (e.g. "Council") keeps them rather than becoming "". */
char *ot_la_name_key(const char *name);

#endif
