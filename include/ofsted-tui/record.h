/* Records that importers produce and the store consumes.
 *
 * All strings are borrowed: the producer owns them and keeps them alive only
 * for the duration of the sink call that receives the record.  Absent values
 * are NULL (strings) or 0 (numbers), never "" or a made-up default.
 *
 * Keys (framework, area, section) are the lower-case keys listed in
 * DESIGN.md; labels are the words as printed in the source. */
#ifndef OFSTED_TUI_RECORD_H
#define OFSTED_TUI_RECORD_H

#include <stdbool.h>
#include <stddef.h>

/* How a source names a local authority.  The store resolves it through
 * the register of English authorities (db/002_register.sql): by ONS code
 * (current or earlier), then URN, then name key, then web_id; an
 * authority the register does not know is refused unless the store was
 * told to accept new ones (then matched by ONS code, URN or name among
 * those, or created). */
typedef struct ot_authority_rec {
    const char *ons_code; /* "E06000021", or NULL */
    long urn;             /* Ofsted URN, or 0 */
    const char *name;     /* as printed; required */
    const char *region;   /* Ofsted region, or NULL */
    const char *status;   /* "current" / "no longer exists", or NULL */
    /* The number at the end of an Ofsted web link (".../provider/44/N"):
     * a URN, or in the 2025 workbook DfE's three-digit LA code; 0 when
     * none.  A last resort, since links of former authorities point to
     * their successors. */
    long web_id;
} ot_authority_rec;

/* DfE's statistical neighbours of one authority, closest first. */
typedef struct ot_neighbours_rec {
    ot_authority_rec authority;
    const char *const *neighbours; /* ONS codes */
    size_t n;                      /* 1..10 */
    const char *where;             /* place in the source, e.g. "line 4" */
} ot_neighbours_rec;

typedef struct ot_judgement_rec {
    const char *area;        /* key: overall, leaders, help_protection, ... */
    const char *area_label;  /* as printed, or NULL */
    int grade;               /* 1..4, or 0 when printed but not graded */
    const char *grade_label; /* as printed ("Requires improvement to be good") */
} ot_judgement_rec;

typedef struct ot_action_rec {
    int ordinal; /* 1-based, in the report's order */
    const char *text;
} ot_action_rec;

typedef struct ot_finding_rec {
    const char *section;       /* key: an area key, summary, context, ... */
    const char *section_label; /* heading as printed, or NULL */
    int paragraph;             /* number as printed, or 0 for unnumbered text */
    int page;                  /* 1-based PDF page where it starts, or 0 */
    const char *text;          /* whole paragraph, lines joined */
} ot_finding_rec;

/* One inspection or visit with everything a source says about it.  The
 * identity of an inspection is (authority, framework, start_date): a record
 * with the same identity as a stored one updates it.
 *
 * Judgements merge area by area.  When has_report is true the record comes
 * from the report itself: its actions and findings replace the stored ones
 * (an empty list then means "the report has none").  A report that would
 * remove any of them from an inspection already held, drop or regrade a
 * judgement an earlier report gave, or move the inspection to a new
 * authority is refused by the store unless replacing was allowed
 * (ot_store_allow_replace): a damaged copy of a report parses into less. */
typedef struct ot_inspection_rec {
    ot_authority_rec authority;
    const char *framework;  /* key, required */
    const char *start_date; /* YYYY-MM-DD, required */
    const char *end_date;   /* YYYY-MM-DD or NULL */
    const char *published;  /* YYYY-MM-DD or NULL */
    const char *lead_inspector;
    const char *web_link;
    const ot_judgement_rec *judgements;
    size_t n_judgements;
    bool has_report;
    const ot_action_rec *actions;
    size_t n_actions;
    const ot_finding_rec *findings;
    size_t n_findings;
    const char *where; /* place in the source for messages, e.g. "row 14" */
    /* With has_report: which of the report's texts the record carries
     * (OT_TEXT_ACTIONS, OT_TEXT_FINDINGS); 0 for both, as a report does.
     * An export of the actions alone must not empty the findings. */
    unsigned text_parts;
    /* The file the inspection first came from, when the record restores
     * an export (NULL: the file being imported).  Used when the
     * inspection is new: the restored database then names the same
     * source as the one exported. */
    const char *source_name, *source_sha256, *source_kind;
} ot_inspection_rec;

enum { OT_TEXT_ACTIONS = 1, OT_TEXT_FINDINGS = 2 };

#endif
