/* Streaming reader for OpenDocument spreadsheets: see ods.h.
 *
 * minizip (zlib's zip reader) opens the archive and unpacks content.xml a
 * block at a time; each block goes to expat, whose callbacks build the row
 * being read.  expat pushes events while ods.h promises a pull interface,
 * so a callback that completes a sheet's start, a row or a sheet's end
 * suspends the parser (XML_StopParser with resumable set), the caller
 * takes what was built, and the next call resumes it.  The whole XML
 * document is never held in memory: only the current block and row. */
#include "config.h"

#include "ofsted-tui/ods.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <minizip/unzip.h>

#include "ofsted-tui/buf.h"

#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"

/* expat names a namespaced element or attribute "URI<sep>local".  A
 * control character cannot occur in an XML 1.0 document, not even as a
 * character reference, so it never clashes with a URI. */
#define NS_SEP '\x01'

#define ODS_MIMETYPE "application/vnd.oasis.opendocument.spreadsheet"

/* Limits far above any real sheet (LibreOffice stops at 16384 columns and
 * 1048576 rows) that keep a hostile file from making us materialise
 * billions of repeated cells or loop over billions of repeated rows. */
#define MAX_COLUMNS 65536L
#define MAX_ROWS (16L * 1048576L)
#define MAX_SPACES 65536L
/* A cell's text, and a row's materialised cells' text together: without
 * these, a few hundred bytes of text:s spaces in a cell repeated across
 * the columns ask for gigabytes. */
#define MAX_CELL_TEXT (1L << 20)
#define MAX_ROW_TEXT (16L << 20)
/* expat keeps one start tag (or comment, ...) whole in its buffer and one
 * entry on its stack per open element; a few kilobytes of deflated zeros
 * could otherwise ask for gigabytes.  Real content.xml nests about 15 deep
 * and its longest tag is a cell's formula. */
#define MAX_DEPTH 256
#define MAX_TOKEN 10000000L
/* Bytes unpacked from content.xml and handed to expat at a time. */
#define BLOCK_SIZE 65536

typedef struct cell_store {
    ot_buf text;
    ot_buf type;
    ot_buf date;
    ot_buf value;
    ot_buf url;
    bool has_type, has_date, has_value, has_url;
} cell_store;

enum ods_state { ODS_BETWEEN_SHEETS, ODS_IN_SHEET, ODS_SHEET_DONE, ODS_END, ODS_FAILED };

/* What made a callback suspend the parser. */
enum ods_event { EV_NONE, EV_SHEET, EV_ROW, EV_SHEET_END };

struct ot_ods {
    /* --- the archive */
    unzFile zip;
    bool entry_open;      /* content.xml is open for reading */
    ZPOS64_T entry_size;  /* its unpacked size, as the archive's directory says */
    ZPOS64_T entry_read;  /* bytes of it unpacked so far */

    /* --- the parser and where its callbacks are in the document */
    XML_Parser xp;
    bool suspended;   /* a callback stopped it: resume before feeding more */
    bool input_done;  /* the last block was fed */
    long unreported;  /* bytes fed since a callback last ran */
    enum ods_event event;
    bool cb_failed;   /* a callback aborted the parse with cb_err */
    ot_error cb_err;
    long place_row;   /* the row that messages from callbacks name, or 0 */
    int depth;        /* open elements */
    int skip_depth;   /* depth of a subtree being skipped, or 0 */
    int table_depth;  /* depth of the open table:table, or 0 */
    int row_depth;    /* depth of the open table:table-row, or 0 */
    int cell_depth;   /* depth of the open cell, or 0 */
    bool rows_wanted; /* in a table: build its rows (else pass over them) */

    /* the cell being parsed */
    cell_store scratch;
    long cell_repeat;
    ot_buf string_value;
    bool has_string_value;
    int paragraphs;
    int p_depth;       /* depth of the open text:p whose text counts, or 0 */
    int p_depth_outer; /* p_depth before the latest text:p began */
    bool at_space;

    /* the row being parsed */
    long row_repeat;
    long pending_empty; /* empty cells not yet materialised */
    size_t row_text;    /* bytes of text in the materialised cells */

    /* --- what the caller sees */
    enum ods_state state;
    ot_error failure; /* once failed, every later call says this again */
    char *sheet;
    long row_no; /* last row number used in the current sheet */
    cell_store *cells; /* materialised cells of the current row */
    size_t n_cells, cap_cells;
    ot_ods_cell *view;
    size_t cap_view;
    ot_ods_row row;
    long repeat_left; /* further copies of the current row still to yield */
};

char *ot_ods_column_name(size_t column, char *buf, size_t size)
{
    char tmp[32];
    size_t n = 0;
    if (size == 0)
        return buf;
    while (column > 0 && n < sizeof tmp) {
        column--;
        tmp[n++] = (char)('A' + column % 26);
        column /= 26;
    }
    size_t i = 0;
    while (n > 0 && i + 1 < size)
        buf[i++] = tmp[--n];
    buf[i] = '\0';
    return buf;
}

/* --- zip side ------------------------------------------------------------ */

/* Words for a failure code of minizip's unz* functions, which may also
 * pass on zlib's. */
static const char *unz_reason(int code)
{
    switch (code) {
    case UNZ_ERRNO:
        return "read error or unexpected end of file";
    case UNZ_BADZIPFILE:
        return "damaged zip archive";
    case UNZ_CRCERROR:
        return "CRC error (the unpacked data does not match its checksum)";
    case Z_DATA_ERROR:
    case Z_STREAM_ERROR:
    case Z_BUF_ERROR:
        return "damaged compressed data";
    case Z_MEM_ERROR:
        return "out of memory";
    default:
        return "internal error of the zip reader";
    }
}

/* Where the entries the reader looks for sit in the archive's directory. */
typedef struct zip_entries {
    bool has_mimetype, has_content, has_content_types;
    unz64_file_pos mimetype, content;
} zip_entries;

static bool entry_is(const unz_file_info64 *info, const char *name, const char *want)
{
    size_t n = strlen(want);
    return info->size_filename == n && memcmp(name, want, n) == 0;
}

/* Walk the archive's directory once, noting the first entry of each name
 * we need.  Returns 0, or -1 when the directory is damaged. */
static int find_entries(unzFile zip, zip_entries *e)
{
    memset(e, 0, sizeof *e);
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(zip, &gi) != UNZ_OK)
        return -1;
    if (gi.number_entry == 0)
        return 0;
    int rc = unzGoToFirstFile(zip);
    while (rc == UNZ_OK) {
        unz_file_info64 info;
        char name[32]; /* enough for the names we compare */
        rc = unzGetCurrentFileInfo64(zip, &info, name, sizeof name, NULL, 0, NULL, 0);
        if (rc != UNZ_OK)
            break;
        if (!e->has_mimetype && entry_is(&info, name, "mimetype"))
            e->has_mimetype = unzGetFilePos64(zip, &e->mimetype) == UNZ_OK;
        else if (!e->has_content && entry_is(&info, name, "content.xml"))
            e->has_content = unzGetFilePos64(zip, &e->content) == UNZ_OK;
        else if (entry_is(&info, name, "[Content_Types].xml"))
            e->has_content_types = true;
        rc = unzGoToNextFile(zip);
    }
    return rc == UNZ_END_OF_LIST_OF_FILE ? 0 : -1;
}

/* Open the entry at pos for reading.  Returns 0 and sets *size to its
 * unpacked size, or -1 with err set to why not (the caller prefixes what
 * it was reading). */
static int open_entry(unzFile zip, unz64_file_pos *pos, ZPOS64_T *size, ot_error *err)
{
    unz_file_info64 info;
    int rc = unzGoToFilePos64(zip, pos);
    if (rc == UNZ_OK)
        rc = unzGetCurrentFileInfo64(zip, &info, NULL, 0, NULL, 0, NULL, 0);
    if (rc != UNZ_OK) {
        ot_error_set(err, "%s", unz_reason(rc));
        return -1;
    }
    if (info.flag & 1) {
        ot_error_set(err, "it is encrypted");
        return -1;
    }
    if (info.compression_method != 0 && info.compression_method != Z_DEFLATED) {
        ot_error_set(err, "it is compressed with method %lu, and only stored and deflated "
                          "entries can be read", info.compression_method);
        return -1;
    }
    rc = unzOpenCurrentFile(zip);
    if (rc != UNZ_OK) {
        ot_error_set(err, "%s", unz_reason(rc));
        return -1;
    }
    *size = info.uncompressed_size;
    return 0;
}

/* What the first bytes of the file say: 1 when they start a zip archive,
 * 0 when not, -1 with err set when the file cannot be read. */
static int starts_like_zip(const char *path, ot_error *err)
{
    unsigned char head[4];
    FILE *f = fopen(path, "rb");
    if (!f) {
        ot_error_set(err, "cannot open: %s", strerror(errno));
        return -1;
    }
    size_t n = fread(head, 1, sizeof head, f);
    int read_errno = ferror(f) ? errno : 0;
    fclose(f);
    if (read_errno) {
        ot_error_set(err, "cannot read: %s", strerror(read_errno));
        return -1;
    }
    return n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
}

static int check_mimetype(ot_ods *o, zip_entries *e, ot_error *err)
{
    if (!e->has_mimetype) {
        if (e->has_content_types)
            ot_error_set(err, "an Office Open XML (.xlsx) workbook, not an OpenDocument "
                              "spreadsheet: save it as .ods or as CSV");
        else
            ot_error_set(err, "a zip archive but not an OpenDocument spreadsheet "
                              "(it has no mimetype entry)");
        return -1;
    }
    ZPOS64_T size;
    if (open_entry(o->zip, &e->mimetype, &size, err) < 0) {
        ot_error_prefix(err, "cannot read the mimetype entry");
        return -1;
    }
    char mt[128];
    size_t len = 0;
    int rc = 1;
    while (len < sizeof mt - 1 && rc > 0) {
        rc = unzReadCurrentFile(o->zip, mt + len, (unsigned)(sizeof mt - 1 - len));
        if (rc > 0)
            len += (size_t)rc;
    }
    /* Closing checks the CRC when the whole entry was read. */
    int close_rc = unzCloseCurrentFile(o->zip);
    if (rc < 0 || close_rc != UNZ_OK) {
        ot_error_set(err, "cannot read the mimetype entry: %s", unz_reason(rc < 0 ? rc : close_rc));
        return -1;
    }
    while (len > 0 && (mt[len - 1] == '\n' || mt[len - 1] == '\r' || mt[len - 1] == ' '))
        len--;
    mt[len] = '\0';
    if (strcmp(mt, ODS_MIMETYPE) != 0) {
        /* Keep the message printable whatever the entry held. */
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)mt[i] < 0x20 || (unsigned char)mt[i] >= 0x7f)
                mt[i] = '?';
        ot_error_set(err, "a zip archive but not an OpenDocument spreadsheet "
                          "(its mimetype is '%s', expected '%s')", mt, ODS_MIMETYPE);
        return -1;
    }
    return 0;
}

static void XMLCALL on_start(void *ctx, const XML_Char *name, const XML_Char **atts);
static void XMLCALL on_end(void *ctx, const XML_Char *name);
static void XMLCALL on_text(void *ctx, const XML_Char *s, int len);
static void XMLCALL on_other(void *ctx, const XML_Char *s, int len);

ot_ods *ot_ods_open(const char *path, ot_error *err)
{
    int zip_like = starts_like_zip(path, err);
    if (zip_like < 0)
        return NULL;
    ot_ods *o = calloc(1, sizeof *o);
    if (!o) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    o->zip = unzOpen64(path);
    zip_entries e;
    if (!o->zip || find_entries(o->zip, &e) < 0) {
        if (!zip_like)
            ot_error_set(err, "not a zip archive, so not an .ods spreadsheet");
        else if (!o->zip)
            ot_error_set(err, "damaged or truncated zip archive (its table of contents "
                              "is missing), cannot read it as an .ods spreadsheet");
        else
            ot_error_set(err, "damaged or truncated zip archive (its table of contents "
                              "is unreadable), cannot read it as an .ods spreadsheet");
        goto fail;
    }
    if (check_mimetype(o, &e, err) < 0)
        goto fail;
    if (!e.has_content) {
        ot_error_set(err, "OpenDocument spreadsheet without content.xml");
        goto fail;
    }
    if (open_entry(o->zip, &e.content, &o->entry_size, err) < 0) {
        ot_error_prefix(err, "cannot read content.xml");
        goto fail;
    }
    o->entry_open = true;
    o->xp = XML_ParserCreateNS(NULL, NS_SEP);
    if (!o->xp) {
        ot_error_set(err, "out of memory");
        goto fail;
    }
    XML_SetUserData(o->xp, o);
    XML_SetElementHandler(o->xp, on_start, on_end);
    XML_SetCharacterDataHandler(o->xp, on_text);
    /* Everything else (declarations, comments, references to entities
     * declared in a DTD) goes here and is dropped; a default handler also
     * keeps expat from expanding such entities in text, so a DTD cannot
     * make a small file into a huge one. */
    XML_SetDefaultHandler(o->xp, on_other);
    o->state = ODS_BETWEEN_SHEETS;
    return o;
fail:
    ot_ods_free(o);
    return NULL;
}

static void cell_store_free(cell_store *c)
{
    ot_buf_free(&c->text);
    ot_buf_free(&c->type);
    ot_buf_free(&c->date);
    ot_buf_free(&c->value);
    ot_buf_free(&c->url);
}

void ot_ods_free(ot_ods *o)
{
    if (!o)
        return;
    if (o->xp)
        XML_ParserFree(o->xp);
    if (o->entry_open)
        unzCloseCurrentFile(o->zip);
    if (o->zip)
        unzClose(o->zip);
    for (size_t i = 0; i < o->cap_cells; i++)
        cell_store_free(&o->cells[i]);
    free(o->cells);
    free(o->view);
    cell_store_free(&o->scratch);
    ot_buf_free(&o->string_value);
    ot_error_clear(&o->cb_err);
    ot_error_clear(&o->failure);
    free(o->sheet);
    free(o);
}

/* --- building cells and rows --------------------------------------------- */

/* Where we are, for messages: "sheet NAME, row N" or "content.xml". */
static void place_prefix(ot_ods *o, ot_error *err, long row)
{
    if (o->sheet && row > 0)
        ot_error_prefix(err, "sheet %s, row %ld", o->sheet, row);
    else if (o->sheet)
        ot_error_prefix(err, "sheet %s", o->sheet);
}

/* An attribute's value by namespace URI and local name, or NULL. */
static const char *attr(const XML_Char **atts, const char *ns, const char *local)
{
    size_t n = strlen(ns);
    for (; atts[0]; atts += 2)
        if (strncmp(atts[0], ns, n) == 0 && atts[0][n] == NS_SEP && strcmp(atts[0] + n + 1, local) == 0)
            return atts[1];
    return NULL;
}

/* A non-negative count attribute such as number-rows-repeated; 1 when
 * absent.  Returns -1 for garbage so the caller can say so. */
static long count_attr(const XML_Char **atts, const char *name, const char *ns)
{
    const char *v = attr(atts, ns, name);
    if (!v)
        return 1;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    bool bad = errno != 0 || end == v || *end != '\0' || n < 1;
    return bad ? -1 : n;
}

/* Copy an attribute into a buffer; returns whether it was present. */
static bool attr_into(const XML_Char **atts, const char *name, const char *ns, ot_buf *b)
{
    const char *v = attr(atts, ns, name);
    ot_buf_reset(b);
    if (!v)
        return false;
    ot_buf_puts(b, v);
    return true;
}

/* The URL of a =HYPERLINK("url"; "text") formula, when the first argument
 * is a string literal (doubled quotes inside it stand for one). */
static bool hyperlink_url(const char *formula, ot_buf *out)
{
    const char *p = formula;
    for (; *p; p++) {
        if (strncasecmp(p, "HYPERLINK", 9) == 0) {
            p += 9;
            break;
        }
    }
    if (!*p)
        return false;
    while (*p == ' ')
        p++;
    if (*p++ != '(')
        return false;
    while (*p == ' ')
        p++;
    if (*p++ != '"')
        return false;
    ot_buf_reset(out);
    for (; *p; p++) {
        if (*p == '"') {
            if (p[1] != '"')
                return out->len > 0;
            p++;
        }
        ot_buf_putc(out, *p);
    }
    return false;
}

/* Append XML text with ODF's white-space rule: runs of space, tab, CR and
 * LF count as one space, and white space at the start of a paragraph is
 * dropped (literal spaces come as text:s elements instead).  The text may
 * come in pieces: *at_space carries the state from one to the next. */
static void append_collapsed(ot_buf *b, const char *s, size_t len, bool *at_space)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (!*at_space)
                ot_buf_putc(b, ' ');
            *at_space = true;
        } else {
            ot_buf_putc(b, c);
            *at_space = false;
        }
    }
}

static void cell_reset(cell_store *c)
{
    ot_buf_reset(&c->text);
    c->has_type = c->has_date = c->has_value = c->has_url = false;
}

static int ensure_cells(ot_ods *o, size_t n, ot_error *err)
{
    if (n <= o->cap_cells)
        return 0;
    size_t cap = o->cap_cells ? o->cap_cells : 16;
    while (cap < n)
        cap *= 2;
    cell_store *nc = realloc(o->cells, cap * sizeof *nc);
    if (!nc) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    memset(nc + o->cap_cells, 0, (cap - o->cap_cells) * sizeof *nc);
    o->cells = nc;
    o->cap_cells = cap;
    return 0;
}

static int copy_buf(ot_buf *dst, const ot_buf *src)
{
    ot_buf_reset(dst);
    return ot_buf_append(dst, src->data ? src->data : "", src->len);
}

static int put_cell(ot_ods *o, const cell_store *src, ot_error *err)
{
    if (ensure_cells(o, o->n_cells + 1, err) < 0)
        return -1;
    cell_store *d = &o->cells[o->n_cells++];
    cell_reset(d);
    if (src) {
        if (copy_buf(&d->text, &src->text) < 0 || copy_buf(&d->type, &src->type) < 0 ||
            copy_buf(&d->date, &src->date) < 0 || copy_buf(&d->value, &src->value) < 0 ||
            copy_buf(&d->url, &src->url) < 0) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        d->has_type = src->has_type;
        d->has_date = src->has_date;
        d->has_value = src->has_value;
        d->has_url = src->has_url;
    }
    return 0;
}

static int build_view(ot_ods *o, ot_error *err)
{
    if (o->n_cells > o->cap_view) {
        ot_ods_cell *v = realloc(o->view, o->n_cells * sizeof *v);
        if (!v) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        o->view = v;
        o->cap_view = o->n_cells;
    }
    for (size_t i = 0; i < o->n_cells; i++) {
        cell_store *c = &o->cells[i];
        ot_ods_cell *v = &o->view[i];
        v->text = ot_buf_str(&c->text);
        v->text_len = c->text.len;
        v->type = c->has_type ? ot_buf_str(&c->type) : NULL;
        v->date = c->has_date ? ot_buf_str(&c->date) : NULL;
        v->value = c->has_value ? ot_buf_str(&c->value) : NULL;
        v->url = c->has_url ? ot_buf_str(&c->url) : NULL;
    }
    o->row.cells = o->view;
    o->row.n_cells = o->n_cells;
    return 0;
}

/* --- expat's callbacks --------------------------------------------------- */

/* Whether an element's expat name is NS's LOCAL. */
static bool is_elem(const XML_Char *name, const char *ns, const char *local)
{
    size_t n = strlen(ns);
    return strncmp(name, ns, n) == 0 && name[n] == NS_SEP && strcmp(name + n + 1, local) == 0;
}

/* Stop the parse for good: a callback has set o->cb_err. */
static void abort_parse(ot_ods *o)
{
    place_prefix(o, &o->cb_err, o->place_row);
    o->cb_failed = true;
    XML_StopParser(o->xp, XML_FALSE);
}

/* Suspend the parse so that the caller can take what ev completed.  Only
 * one event is reported per suspension: the end of an empty table:table
 * that follows its start (expat delivers it before suspending) leaves
 * table_depth at 0 for the caller to see. */
static void report(ot_ods *o, enum ods_event ev)
{
    if (o->event != EV_NONE)
        return;
    o->event = ev;
    XML_StopParser(o->xp, XML_TRUE);
}

static void cell_start(ot_ods *o, const XML_Char **atts, int depth)
{
    long crep = count_attr(atts, "number-columns-repeated", NS_TABLE);
    if (crep < 0) {
        ot_error_set(&o->cb_err, "bad table:number-columns-repeated");
        abort_parse(o);
        return;
    }
    cell_store *c = &o->scratch;
    cell_reset(c);
    c->has_type = attr_into(atts, "value-type", NS_OFFICE, &c->type);
    if (attr_into(atts, "date-value", NS_OFFICE, &c->date)) {
        /* Keep the date part of "2023-07-10T00:00:00". */
        const char *d = ot_buf_str(&c->date);
        if (c->date.len >= 10 && d[4] == '-' && d[7] == '-') {
            c->date.len = 10;
            c->date.data[10] = '\0';
            c->has_date = true;
        }
    }
    c->has_value = attr_into(atts, "value", NS_OFFICE, &c->value);
    const char *formula = attr(atts, NS_TABLE, "formula");
    if (formula && hyperlink_url(formula, &c->url))
        c->has_url = true;
    o->has_string_value = attr_into(atts, "string-value", NS_OFFICE, &o->string_value);
    o->cell_repeat = crep;
    o->cell_depth = depth;
    o->paragraphs = 0;
    o->p_depth = 0;
    o->at_space = true;
}

static void check_cell_text(ot_ods *o)
{
    if (o->scratch.text.len > (size_t)MAX_CELL_TEXT) {
        ot_error_set(&o->cb_err, "a cell of more than %ld bytes of text; the sheet is damaged",
                     MAX_CELL_TEXT);
        abort_parse(o);
    }
}

/* An element inside a cell: paragraphs, spaces, tabs, links; comments are
 * not cell text. */
static void cell_child_start(ot_ods *o, const XML_Char *name, const XML_Char **atts, int depth)
{
    cell_store *c = &o->scratch;
    if (is_elem(name, NS_OFFICE, "annotation") || is_elem(name, NS_TEXT, "note")) {
        o->skip_depth = depth;
    } else if (is_elem(name, NS_TEXT, "p") || is_elem(name, NS_TEXT, "h")) {
        if (o->paragraphs++ > 0)
            ot_buf_putc(&c->text, '\n');
        o->at_space = true;
        o->p_depth_outer = o->p_depth;
        o->p_depth = depth;
    } else if (is_elem(name, NS_TEXT, "s")) {
        long n = count_attr(atts, "c", NS_TEXT);
        if (n < 0 || n > MAX_SPACES)
            n = 1;
        for (long i = 0; i < n; i++)
            ot_buf_putc(&c->text, ' ');
        o->at_space = false;
    } else if (is_elem(name, NS_TEXT, "tab")) {
        ot_buf_putc(&c->text, '\t');
        o->at_space = false;
    } else if (is_elem(name, NS_TEXT, "line-break")) {
        ot_buf_putc(&c->text, '\n');
        o->at_space = true;
    } else if (is_elem(name, NS_TEXT, "a") && !c->has_url) {
        c->has_url = attr_into(atts, "href", NS_XLINK, &c->url);
    }
    check_cell_text(o);
}

/* The cell is complete: add it to the row, runs of empty cells left
 * pending so that trailing padding is never materialised. */
static void cell_end(ot_ods *o)
{
    cell_store *c = &o->scratch;
    long crep = o->cell_repeat;
    o->cell_depth = 0;
    /* A cell without paragraphs still shows its value. */
    if (o->paragraphs == 0) {
        if (o->has_string_value)
            ot_buf_puts(&c->text, ot_buf_str(&o->string_value));
        else if (c->has_date)
            ot_buf_puts(&c->text, ot_buf_str(&c->date));
        else if (c->has_value)
            ot_buf_puts(&c->text, ot_buf_str(&c->value));
    }
    bool empty = c->text.len == 0 && !c->has_url && !c->has_date && !c->has_value;
    if (empty) {
        /* Saturate: trailing padding may add up to anything. */
        o->pending_empty = crep > MAX_COLUMNS - o->pending_empty ? MAX_COLUMNS
                                                                 : o->pending_empty + crep;
        return;
    }
    if ((long)o->n_cells + o->pending_empty + crep > MAX_COLUMNS) {
        ot_error_set(&o->cb_err, "a value beyond column %ld; the sheet is damaged", MAX_COLUMNS);
        abort_parse(o);
        return;
    }
    size_t cell_text = c->text.len + c->url.len + c->type.len + c->date.len + c->value.len;
    if (cell_text > ((size_t)MAX_ROW_TEXT - o->row_text) / (size_t)crep) {
        ot_error_set(&o->cb_err, "a row of more than %ld bytes of text; the sheet is damaged",
                     MAX_ROW_TEXT);
        abort_parse(o);
        return;
    }
    o->row_text += cell_text * (size_t)crep;
    for (; o->pending_empty > 0; o->pending_empty--)
        if (put_cell(o, NULL, &o->cb_err) < 0) {
            abort_parse(o);
            return;
        }
    for (long i = 0; i < crep; i++)
        if (put_cell(o, c, &o->cb_err) < 0) {
            abort_parse(o);
            return;
        }
}

static void row_start(ot_ods *o, const XML_Char **atts, int depth)
{
    long rep = count_attr(atts, "number-rows-repeated", NS_TABLE);
    if (rep < 0) {
        ot_error_set(&o->cb_err, "bad table:number-rows-repeated");
        abort_parse(o);
        return;
    }
    o->row_repeat = rep;
    o->row_depth = depth;
    o->n_cells = 0;
    o->pending_empty = 0;
    o->row_text = 0;
}

static void XMLCALL on_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
    ot_ods *o = ctx;
    o->unreported = 0;
    if (o->cb_failed)
        return;
    int depth = ++o->depth;
    if (depth > MAX_DEPTH) {
        ot_error_set(&o->cb_err, "content.xml line %llu: elements nested more than %d deep",
                     (unsigned long long)XML_GetCurrentLineNumber(o->xp), MAX_DEPTH);
        abort_parse(o);
        return;
    }
    if (o->skip_depth)
        return;
    if (o->cell_depth) {
        cell_child_start(o, name, atts, depth);
    } else if (o->row_depth) {
        /* Only cells count in a row; anything else is skipped whole. */
        if (is_elem(name, NS_TABLE, "table-cell") || is_elem(name, NS_TABLE, "covered-table-cell"))
            cell_start(o, atts, depth);
        else
            o->skip_depth = depth;
    } else if (o->table_depth) {
        if (!o->rows_wanted)
            return;
        /* Rows may sit inside header-rows or row-group elements, which we
         * simply walk into; anything else inside the table is skipped. */
        if (is_elem(name, NS_TABLE, "table-row"))
            row_start(o, atts, depth);
        else if (!is_elem(name, NS_TABLE, "table-header-rows") &&
                 !is_elem(name, NS_TABLE, "table-rows") &&
                 !is_elem(name, NS_TABLE, "table-row-group"))
            o->skip_depth = depth;
    } else if (is_elem(name, NS_TABLE, "table")) {
        const char *n = attr(atts, NS_TABLE, "name");
        free(o->sheet);
        o->sheet = strdup(n ? n : "");
        if (!o->sheet) {
            ot_error_set(&o->cb_err, "out of memory");
            abort_parse(o);
            return;
        }
        o->table_depth = depth;
        o->rows_wanted = true;
        report(o, EV_SHEET);
    }
}

static void XMLCALL on_end(void *ctx, const XML_Char *name)
{
    (void)name; /* depths tell which element ends */
    ot_ods *o = ctx;
    o->unreported = 0;
    if (o->cb_failed)
        return;
    int depth = o->depth--;
    if (o->skip_depth) {
        if (depth == o->skip_depth)
            o->skip_depth = 0;
    } else if (o->cell_depth) {
        if (depth == o->cell_depth) {
            cell_end(o);
        } else if (depth == o->p_depth) {
            /* An empty-element tag <text:p/> ends with a byte count of 0:
             * such a paragraph leaves the one around it counting, as a
             * paragraph with content does not. */
            o->p_depth = XML_GetCurrentByteCount(o->xp) == 0 ? o->p_depth_outer : 0;
        }
    } else if (o->row_depth) {
        if (depth == o->row_depth) {
            o->row_depth = 0;
            report(o, EV_ROW);
        }
    } else if (o->table_depth && depth == o->table_depth) {
        o->table_depth = 0;
        report(o, EV_SHEET_END);
    }
}

static void XMLCALL on_text(void *ctx, const XML_Char *s, int len)
{
    ot_ods *o = ctx;
    o->unreported = 0;
    if (o->cb_failed || !o->cell_depth || o->skip_depth || !o->p_depth)
        return;
    append_collapsed(&o->scratch.text, s, (size_t)len, &o->at_space);
    check_cell_text(o);
}

static void XMLCALL on_other(void *ctx, const XML_Char *s, int len)
{
    (void)s;
    (void)len;
    ot_ods *o = ctx;
    o->unreported = 0;
}

/* --- driving the parser -------------------------------------------------- */

/* Set err for a parse that failed, naming the place. */
static void parse_failed(ot_ods *o, ot_error *err, long row)
{
    if (o->cb_failed) {
        ot_error_set(err, "%s", ot_error_msg(&o->cb_err));
        return;
    }
    enum XML_Error code = XML_GetErrorCode(o->xp);
    bool cut = code == XML_ERROR_NO_ELEMENTS || code == XML_ERROR_UNCLOSED_TOKEN ||
               code == XML_ERROR_PARTIAL_CHAR || code == XML_ERROR_UNCLOSED_CDATA_SECTION;
    if (cut && o->cell_depth)
        ot_error_set(err, "content.xml ends inside a cell (truncated?)");
    else if (cut && o->row_depth)
        ot_error_set(err, "content.xml ends inside a row (truncated?)");
    else if (cut && o->table_depth)
        ot_error_set(err, "content.xml ends inside the sheet (truncated?)");
    else if (cut && o->entry_size > 0)
        ot_error_set(err, "content.xml ends before the end of the document (truncated?)");
    else
        ot_error_set(err, "content.xml line %llu: %s",
                     (unsigned long long)XML_GetCurrentLineNumber(o->xp), XML_ErrorString(code));
    place_prefix(o, err, row);
}

/* Unpack the next block of content.xml into the parser.  Returns 0, or -1
 * with err set. */
static int feed(ot_ods *o, ot_error *err, long row, enum XML_Status *status)
{
    void *buf = XML_GetBuffer(o->xp, BLOCK_SIZE);
    if (!buf) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    int n = unzReadCurrentFile(o->zip, buf, BLOCK_SIZE);
    const char *why = NULL;
    if (n < 0) {
        why = unz_reason(n);
    } else if (n == 0) {
        /* The end: the directory's size and checksum must agree. */
        int rc = unzCloseCurrentFile(o->zip);
        o->entry_open = false;
        if (o->entry_read != o->entry_size)
            why = "it is shorter than the archive's directory says";
        else if (rc != UNZ_OK)
            why = unz_reason(rc);
        o->input_done = true;
    }
    if (why) {
        ot_error_set(err, "content.xml cannot be unpacked (damaged or truncated file?): %s", why);
        place_prefix(o, err, row);
        return -1;
    }
    o->entry_read += (ZPOS64_T)n;
    o->unreported += n;
    *status = XML_ParseBuffer(o->xp, n, n == 0);
    return 0;
}

/* Run the parser until a callback reports an event (left in o->event) or
 * the document ends.  row is the row that messages name (0 for none).
 * Returns 1 for an event, 0 at the end of the document, -1 with err set. */
static int pump(ot_ods *o, ot_error *err, long row)
{
    o->event = EV_NONE;
    o->place_row = row;
    while (o->event == EV_NONE) {
        enum XML_Status status;
        if (o->suspended) {
            o->suspended = false;
            status = XML_ResumeParser(o->xp);
        } else if (o->input_done) {
            return 0;
        } else if (feed(o, err, row, &status) < 0) {
            return -1;
        }
        if (status == XML_STATUS_ERROR) {
            parse_failed(o, err, row);
            return -1;
        }
        o->suspended = status == XML_STATUS_SUSPENDED;
        if (o->unreported > MAX_TOKEN) {
            ot_error_set(err, "content.xml line %llu: a tag or comment of more than %ld bytes; "
                              "the file is damaged",
                         (unsigned long long)XML_GetCurrentLineNumber(o->xp), MAX_TOKEN);
            place_prefix(o, err, row);
            return -1;
        }
    }
    return 1;
}

/* Remember a failure so that every later call reports it again. */
static int remember_failure(ot_ods *o, ot_error *err)
{
    if (o->state != ODS_FAILED) {
        o->state = ODS_FAILED;
        ot_error_set(&o->failure, "%s", ot_error_msg(err));
    } else {
        ot_error_set(err, "%s", ot_error_msg(&o->failure));
    }
    return -1;
}

int ot_ods_next_sheet(ot_ods *o, const char **name, ot_error *err)
{
    if (o->state == ODS_FAILED)
        return remember_failure(o, err);
    if (o->state == ODS_END)
        return 0;
    /* Finish the current sheet, unread rows and all. */
    if (o->state == ODS_IN_SHEET) {
        o->rows_wanted = false;
        while (o->table_depth) {
            int rc = pump(o, err, 0);
            if (rc < 0)
                return remember_failure(o, err);
            if (rc == 0) {
                ot_error_set(err, "content.xml ends inside the sheet (truncated?)");
                place_prefix(o, err, 0);
                return remember_failure(o, err);
            }
        }
    }
    free(o->sheet);
    o->sheet = NULL;
    o->repeat_left = 0;
    int rc = pump(o, err, 0);
    if (rc < 0)
        return remember_failure(o, err);
    if (rc == 0) {
        o->state = ODS_END;
        return 0;
    }
    /* The only event between sheets is a sheet's start. */
    o->row_no = 0;
    o->state = o->table_depth ? ODS_IN_SHEET : ODS_SHEET_DONE;
    *name = o->sheet;
    return 1;
}

int ot_ods_next_row(ot_ods *o, const ot_ods_row **row, ot_error *err)
{
    if (o->state == ODS_FAILED)
        return remember_failure(o, err);
    if (o->state != ODS_IN_SHEET)
        return 0;
    if (o->repeat_left > 0) {
        o->repeat_left--;
        o->row.number++;
        *row = &o->row;
        return 1;
    }
    for (;;) {
        long first = o->row_no + 1;
        int rc = pump(o, err, first);
        if (rc < 0)
            return remember_failure(o, err);
        if (rc == 0) {
            ot_error_set(err, "content.xml ends inside the sheet (truncated?)");
            place_prefix(o, err, first);
            return remember_failure(o, err);
        }
        if (o->event == EV_SHEET_END) {
            o->state = ODS_SHEET_DONE;
            return 0;
        }
        /* EV_ROW: its materialised cells are in o->cells. */
        long rows = o->row_repeat;
        if (rows > MAX_ROWS - o->row_no) {
            if (o->n_cells == 0) {
                o->row_no = MAX_ROWS; /* padding past the end: nothing to read */
                continue;
            }
            ot_error_set(err, "a row repeated beyond row %ld; the sheet is damaged", MAX_ROWS);
            place_prefix(o, err, first);
            return remember_failure(o, err);
        }
        o->row_no += rows;
        if (o->n_cells == 0)
            continue;
        if (build_view(o, err) < 0)
            return remember_failure(o, err);
        o->row.number = first;
        o->repeat_left = rows - 1;
        *row = &o->row;
        return 1;
    }
}
