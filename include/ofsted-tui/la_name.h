/* Matching local-authority names as they are spelt in the wild. */
#ifndef OFSTED_TUI_LA_NAME_H
#define OFSTED_TUI_LA_NAME_H

/* The key under which a name is matched: ASCII letters in lower case,
 * other letters as they are, digits and single spaces; "&" becomes "and";
 * punctuation (".", ",", "'", "’", hyphens) is dropped or spaced; "saint"
 * becomes "st".  Words that only say what kind of body it is are removed
 * by general rules, not per authority: the service or trust anywhere
 * ("children's services", "Children and Families Trust", "Children's
 * Trust", "Children First"); in front, "The", "Council of the", "London
 * Borough of", "Royal Borough of", "Metropolitan Borough of", "Borough of",
 * "City of", "County"; at the end any run of "Council", "Borough", "City",
 * "County", "District", "Metropolitan", "Royal", "of".  So "Bristol, City
 * of", "City of Bristol" and "Bristol City Council" all give "bristol", and
 * "Wakefield Metropolitan District Council" gives "wakefield".
 *
 * Returns a malloc'd key, or NULL when out of memory.  A name that is only
 * such words (e.g. "Council") keeps them rather than becoming "". */
char *ot_la_name_key(const char *name);

/* The short form of a key: what stands before its first " upon ", " on "
 * or " of " ("newcastle upon tyne" -> "newcastle", "east riding of
 * yorkshire" -> "east riding"), for places named without their river or
 * county.  Whether a short form is unique is for the caller (the register)
 * to decide.  Returns a malloc'd string, or NULL when the key has no such
 * word (or out of memory). */
char *ot_la_name_short_key(const char *key);

#endif
