/* Expanders for the lists of the interface kept as X-macros (request.h,
 * views.h), whose rows are X(IDENT, "second", "third") or, in views.h,
 * X(IDENT, "second", "third", "fourth"), with IDENT the enumerator's full
 * name: each takes one column of every row, so a list's enum and its
 * string tables are spelt the same way everywhere. */
#ifndef OT_TUI_XLIST_H
#define OT_TUI_XLIST_H

#define OT_XLIST_IDENT(ident, ...) ident,
#define OT_XLIST_SECOND(ident, second, ...) second,
#define OT_XLIST_THIRD(ident, second, ...) OT_XLIST_HEAD_(__VA_ARGS__, )
#define OT_XLIST_FOURTH(ident, second, third, fourth) fourth,

/* The first of its arguments: the third column, whether a row has three
 * columns or four. */
#define OT_XLIST_HEAD_(first, ...) first,

#endif
