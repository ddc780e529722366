/* Expanders for the lists of the interface kept as X-macros (request.h,
 * views.h), whose rows are X(IDENT, "second", "third") with IDENT the
 * enumerator's full name: each takes one column of every row, so a list's
 * enum and its string tables are spelt the same way everywhere. */
#ifndef OT_TUI_XLIST_H
#define OT_TUI_XLIST_H

#define OT_XLIST_IDENT(ident, second, third) ident,
#define OT_XLIST_SECOND(ident, second, third) second,
#define OT_XLIST_THIRD(ident, second, third) third,

#endif
