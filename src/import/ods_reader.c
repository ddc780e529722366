/* Streaming reader for OpenDocument spreadsheets: see ods.h.
 *
 * libzip opens the archive (it copes with every zip quirk we would
 * otherwise hand-roll) and libxml2's xmlTextReader pulls content.xml
 * through a read callback straight from the compressed entry, so the whole
 * XML document is never held in memory. */
#include "config.h"

#include "ofsted-tui/ods.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "ofsted-tui/buf.h"

#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"

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

typedef struct cell_store {
    ot_buf text;
    ot_buf type;
    ot_buf date;
    ot_buf value;
    ot_buf url;
    bool has_type, has_date, has_value, has_url;
} cell_store;

enum ods_state { ODS_BETWEEN_SHEETS, ODS_IN_SHEET, ODS_SHEET_DONE, ODS_END };

struct ot_ods {
    zip_t *zip;
    zip_file_t *zf;
    bool zip_read_failed;
    ot_buf zip_err;

    xmlTextReaderPtr rd;
    ot_buf xml_err; /* first message from libxml2, with its line */
    bool skip_next; /* advance past the current subtree instead of into it */

    enum ods_state state;
    char *sheet;
    int table_depth;
    long row_no; /* last row number used in the current sheet */

    cell_store scratch; /* the cell being parsed */
    cell_store *cells;  /* materialised cells of the current row */
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

static int zip_read_cb(void *ctx, char *buffer, int len)
{
    ot_ods *o = ctx;
    if (len <= 0)
        return 0;
    zip_int64_t n = zip_fread(o->zf, buffer, (zip_uint64_t)len);
    if (n < 0) {
        o->zip_read_failed = true;
        ot_buf_reset(&o->zip_err);
        ot_buf_puts(&o->zip_err, zip_file_strerror(o->zf));
        return -1;
    }
    return (int)n;
}

static int zip_close_cb(void *ctx)
{
    (void)ctx; /* the entry is closed by ot_ods_free */
    return 0;
}

static void xml_error_cb(void *ctx, xmlErrorPtr e)
{
    ot_ods *o = ctx;
    if (!e || o->xml_err.len > 0)
        return;
    const char *m = e->message ? e->message : "malformed XML";
    size_t len = strlen(m);
    while (len > 0 && (m[len - 1] == '\n' || m[len - 1] == ' '))
        len--;
    ot_buf_printf(&o->xml_err, "content.xml line %d: %.*s", e->line, (int)len, m);
}

/* The first bytes of the file, to tell a damaged zip from something else. */
static bool starts_like_zip(const char *path)
{
    unsigned char head[4];
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
}

static int check_mimetype(ot_ods *o, ot_error *err)
{
    zip_int64_t idx = zip_name_locate(o->zip, "mimetype", 0);
    if (idx < 0) {
        if (zip_name_locate(o->zip, "[Content_Types].xml", 0) >= 0)
            ot_error_set(err, "an Office Open XML (.xlsx) workbook, not an OpenDocument "
                              "spreadsheet: save it as .ods or as CSV");
        else
            ot_error_set(err, "a zip archive but not an OpenDocument spreadsheet "
                              "(it has no mimetype entry)");
        return -1;
    }
    zip_file_t *f = zip_fopen_index(o->zip, (zip_uint64_t)idx, 0);
    if (!f) {
        ot_error_set(err, "cannot read the mimetype entry: %s", zip_strerror(o->zip));
        return -1;
    }
    char mt[128];
    zip_int64_t n = zip_fread(f, mt, sizeof mt - 1);
    if (n < 0) {
        ot_error_set(err, "cannot read the mimetype entry: %s", zip_file_strerror(f));
        zip_fclose(f);
        return -1;
    }
    zip_fclose(f);
    size_t len = (size_t)n;
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

ot_ods *ot_ods_open(const char *path, ot_error *err)
{
    ot_ods *o = calloc(1, sizeof *o);
    if (!o) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    int code = 0;
    o->zip = zip_open(path, ZIP_RDONLY, &code);
    if (!o->zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, code);
        if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS) {
            if (starts_like_zip(path))
                ot_error_set(err, "damaged or truncated zip archive (its table of contents "
                                  "is missing), cannot read it as an .ods spreadsheet");
            else
                ot_error_set(err, "not a zip archive, so not an .ods spreadsheet");
        } else {
            ot_error_set(err, "cannot open: %s", zip_error_strerror(&ze));
        }
        zip_error_fini(&ze);
        free(o);
        return NULL;
    }
    if (check_mimetype(o, err) < 0)
        goto fail;
    o->zf = zip_fopen(o->zip, "content.xml", 0);
    if (!o->zf) {
        ot_error_set(err, "OpenDocument spreadsheet without content.xml: %s",
                     zip_strerror(o->zip));
        goto fail;
    }
    xmlInitParser();
    o->rd = xmlReaderForIO(zip_read_cb, zip_close_cb, o, "content.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_COMPACT);
    if (!o->rd) {
        ot_error_set(err, "cannot start the XML reader for content.xml");
        goto fail;
    }
    xmlTextReaderSetStructuredErrorHandler(o->rd, xml_error_cb, o);
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
    if (o->rd)
        xmlFreeTextReader(o->rd);
    if (o->zf)
        zip_fclose(o->zf);
    if (o->zip)
        zip_discard(o->zip);
    for (size_t i = 0; i < o->cap_cells; i++)
        cell_store_free(&o->cells[i]);
    free(o->cells);
    free(o->view);
    cell_store_free(&o->scratch);
    ot_buf_free(&o->xml_err);
    ot_buf_free(&o->zip_err);
    free(o->sheet);
    free(o);
}

/* --- XML side ------------------------------------------------------------ */

/* Where we are, for messages: "sheet NAME, row N" or "content.xml". */
static void place_prefix(ot_ods *o, ot_error *err, long row)
{
    if (o->sheet && row > 0)
        ot_error_prefix(err, "sheet %s, row %ld", o->sheet, row);
    else if (o->sheet)
        ot_error_prefix(err, "sheet %s", o->sheet);
}

static void read_failed(ot_ods *o, ot_error *err, long row)
{
    if (o->zip_read_failed)
        ot_error_set(err, "content.xml cannot be unpacked (damaged or truncated file?): %s",
                     ot_buf_str(&o->zip_err));
    else if (o->xml_err.len > 0)
        ot_error_set(err, "%s", ot_buf_str(&o->xml_err));
    else
        ot_error_set(err, "content.xml is not well-formed XML");
    place_prefix(o, err, row);
}

/* Advance one node.  Returns 1, 0 at the end of the document, -1 with err
 * set. */
static int advance(ot_ods *o, ot_error *err, long row)
{
    int rc;
    if (o->skip_next) {
        o->skip_next = false;
        rc = xmlTextReaderNext(o->rd);
    } else {
        rc = xmlTextReaderRead(o->rd);
    }
    if (rc < 0 || o->zip_read_failed || o->xml_err.len > 0) {
        read_failed(o, err, row);
        return -1;
    }
    return rc;
}

static bool is_elem(ot_ods *o, const char *ns, const char *name)
{
    const xmlChar *n = xmlTextReaderConstLocalName(o->rd);
    const xmlChar *u = xmlTextReaderConstNamespaceUri(o->rd);
    return n && u && strcmp((const char *)n, name) == 0 && strcmp((const char *)u, ns) == 0;
}

/* A non-negative count attribute such as number-rows-repeated; 1 when
 * absent.  Returns -1 for garbage so the caller can say so. */
static long count_attr(ot_ods *o, const char *name, const char *ns)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(o->rd, (const xmlChar *)name, (const xmlChar *)ns);
    if (!v)
        return 1;
    char *end;
    errno = 0;
    long n = strtol((const char *)v, &end, 10);
    bool bad = errno != 0 || end == (char *)v || *end != '\0' || n < 1;
    xmlFree(v);
    return bad ? -1 : n;
}

/* Copy an attribute into a buffer; returns whether it was present. */
static bool attr_into(ot_ods *o, const char *name, const char *ns, ot_buf *b)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(o->rd, (const xmlChar *)name, (const xmlChar *)ns);
    ot_buf_reset(b);
    if (!v)
        return false;
    ot_buf_puts(b, (const char *)v);
    xmlFree(v);
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
 * dropped (literal spaces come as text:s elements instead). */
static void append_collapsed(ot_buf *b, const char *s, bool *at_space)
{
    for (; *s; s++) {
        char c = *s;
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

/* Parse one table:table-cell (or covered cell) whose start tag is the
 * current node, into o->scratch. */
static int parse_cell(ot_ods *o, ot_error *err, long row)
{
    cell_store *c = &o->scratch;
    cell_reset(c);
    c->has_type = attr_into(o, "value-type", NS_OFFICE, &c->type);
    if (attr_into(o, "date-value", NS_OFFICE, &c->date)) {
        /* Keep the date part of "2023-07-10T00:00:00". */
        const char *d = ot_buf_str(&c->date);
        if (c->date.len >= 10 && d[4] == '-' && d[7] == '-') {
            c->date.len = 10;
            c->date.data[10] = '\0';
            c->has_date = true;
        }
    }
    c->has_value = attr_into(o, "value", NS_OFFICE, &c->value);
    {
        ot_buf f = OT_BUF_INIT;
        if (attr_into(o, "formula", NS_TABLE, &f) && hyperlink_url(ot_buf_str(&f), &c->url))
            c->has_url = true;
        ot_buf_free(&f);
    }
    bool has_string_value = false;
    ot_buf string_value = OT_BUF_INIT;
    has_string_value = attr_into(o, "string-value", NS_OFFICE, &string_value);

    int paragraphs = 0;
    if (!xmlTextReaderIsEmptyElement(o->rd)) {
        int cell_depth = xmlTextReaderDepth(o->rd);
        int p_depth = -1; /* depth of the open text:p, or -1 */
        bool at_space = true;
        for (;;) {
            int rc = advance(o, err, row);
            if (rc <= 0) {
                if (rc == 0) {
                    ot_error_set(err, "content.xml ends inside a cell (truncated?)");
                    place_prefix(o, err, row);
                }
                ot_buf_free(&string_value);
                return -1;
            }
            int type = xmlTextReaderNodeType(o->rd);
            int depth = xmlTextReaderDepth(o->rd);
            if (type == XML_READER_TYPE_END_ELEMENT && depth == cell_depth)
                break;
            if (type == XML_READER_TYPE_ELEMENT) {
                bool empty = xmlTextReaderIsEmptyElement(o->rd);
                if (is_elem(o, NS_OFFICE, "annotation") || is_elem(o, NS_TEXT, "note")) {
                    if (!empty)
                        o->skip_next = true; /* comments are not cell text */
                } else if (is_elem(o, NS_TEXT, "p") || is_elem(o, NS_TEXT, "h")) {
                    if (paragraphs++ > 0)
                        ot_buf_putc(&c->text, '\n');
                    at_space = true;
                    if (!empty)
                        p_depth = depth;
                } else if (is_elem(o, NS_TEXT, "s")) {
                    long n = count_attr(o, "c", NS_TEXT);
                    if (n < 0 || n > MAX_SPACES)
                        n = 1;
                    for (long i = 0; i < n; i++)
                        ot_buf_putc(&c->text, ' ');
                    at_space = false;
                } else if (is_elem(o, NS_TEXT, "tab")) {
                    ot_buf_putc(&c->text, '\t');
                    at_space = false;
                } else if (is_elem(o, NS_TEXT, "line-break")) {
                    ot_buf_putc(&c->text, '\n');
                    at_space = true;
                } else if (is_elem(o, NS_TEXT, "a") && !c->has_url) {
                    c->has_url = attr_into(o, "href", NS_XLINK, &c->url);
                }
            } else if (type == XML_READER_TYPE_END_ELEMENT) {
                if (depth == p_depth)
                    p_depth = -1;
            } else if (p_depth >= 0 &&
                       (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                        type == XML_READER_TYPE_WHITESPACE ||
                        type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
                const xmlChar *v = xmlTextReaderConstValue(o->rd);
                if (v)
                    append_collapsed(&c->text, (const char *)v, &at_space);
            }
            if (c->text.len > (size_t)MAX_CELL_TEXT) {
                ot_error_set(err, "a cell of more than %ld bytes of text; the sheet is damaged",
                             MAX_CELL_TEXT);
                place_prefix(o, err, row);
                ot_buf_free(&string_value);
                return -1;
            }
        }
    }
    /* A cell without paragraphs still shows its value. */
    if (paragraphs == 0) {
        if (has_string_value)
            ot_buf_puts(&c->text, ot_buf_str(&string_value));
        else if (c->has_date)
            ot_buf_puts(&c->text, ot_buf_str(&c->date));
        else if (c->has_value)
            ot_buf_puts(&c->text, ot_buf_str(&c->value));
    }
    ot_buf_free(&string_value);
    return 0;
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

/* Parse the table:table-row whose start tag is current.  Sets *rows to its
 * repeat count; the materialised cells end up in o->cells. */
static int parse_row(ot_ods *o, long *rows, ot_error *err)
{
    long first = o->row_no + 1;
    long rep = count_attr(o, "number-rows-repeated", NS_TABLE);
    if (rep < 0) {
        ot_error_set(err, "bad table:number-rows-repeated");
        place_prefix(o, err, first);
        return -1;
    }
    *rows = rep;
    o->n_cells = 0;
    if (xmlTextReaderIsEmptyElement(o->rd))
        return 0;
    int row_depth = xmlTextReaderDepth(o->rd);
    long pending_empty = 0; /* empty cells not yet materialised */
    size_t row_text = 0;    /* bytes of text in the materialised cells */
    for (;;) {
        int rc = advance(o, err, first);
        if (rc <= 0) {
            if (rc == 0) {
                ot_error_set(err, "content.xml ends inside a row (truncated?)");
                place_prefix(o, err, first);
            }
            return -1;
        }
        int type = xmlTextReaderNodeType(o->rd);
        int depth = xmlTextReaderDepth(o->rd);
        if (type == XML_READER_TYPE_END_ELEMENT && depth == row_depth)
            return 0;
        if (type != XML_READER_TYPE_ELEMENT || depth != row_depth + 1)
            continue;
        if (!is_elem(o, NS_TABLE, "table-cell") && !is_elem(o, NS_TABLE, "covered-table-cell")) {
            if (!xmlTextReaderIsEmptyElement(o->rd))
                o->skip_next = true;
            continue;
        }
        long crep = count_attr(o, "number-columns-repeated", NS_TABLE);
        if (crep < 0) {
            ot_error_set(err, "bad table:number-columns-repeated");
            place_prefix(o, err, first);
            return -1;
        }
        if (parse_cell(o, err, first) < 0)
            return -1;
        cell_store *c = &o->scratch;
        bool empty = c->text.len == 0 && !c->has_url && !c->has_date && !c->has_value;
        if (empty) {
            /* Saturate: trailing padding may add up to anything. */
            pending_empty = crep > MAX_COLUMNS - pending_empty ? MAX_COLUMNS : pending_empty + crep;
            continue;
        }
        if ((long)o->n_cells + pending_empty + crep > MAX_COLUMNS) {
            ot_error_set(err, "a value beyond column %ld; the sheet is damaged", MAX_COLUMNS);
            place_prefix(o, err, first);
            return -1;
        }
        size_t cell_text = c->text.len + c->url.len + c->type.len + c->date.len + c->value.len;
        if (cell_text > ((size_t)MAX_ROW_TEXT - row_text) / (size_t)crep) {
            ot_error_set(err, "a row of more than %ld bytes of text; the sheet is damaged",
                         MAX_ROW_TEXT);
            place_prefix(o, err, first);
            return -1;
        }
        row_text += cell_text * (size_t)crep;
        for (; pending_empty > 0; pending_empty--)
            if (put_cell(o, NULL, err) < 0)
                return -1;
        for (long i = 0; i < crep; i++)
            if (put_cell(o, c, err) < 0)
                return -1;
    }
}

int ot_ods_next_sheet(ot_ods *o, const char **name, ot_error *err)
{
    if (o->state == ODS_END)
        return 0;
    /* Finish the current sheet, unread rows and all. */
    if (o->state == ODS_IN_SHEET) {
        for (;;) {
            int rc = advance(o, err, 0);
            if (rc < 0)
                return -1;
            if (rc == 0) {
                ot_error_set(err, "content.xml ends inside the sheet (truncated?)");
                place_prefix(o, err, 0);
                return -1;
            }
            int type = xmlTextReaderNodeType(o->rd);
            if (type == XML_READER_TYPE_END_ELEMENT &&
                xmlTextReaderDepth(o->rd) == o->table_depth && is_elem(o, NS_TABLE, "table"))
                break;
            /* Rows are skipped whole rather than walked cell by cell. */
            if (type == XML_READER_TYPE_ELEMENT && is_elem(o, NS_TABLE, "table-row") &&
                !xmlTextReaderIsEmptyElement(o->rd))
                o->skip_next = true;
        }
    }
    free(o->sheet);
    o->sheet = NULL;
    o->repeat_left = 0;
    for (;;) {
        int rc = advance(o, err, 0);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            o->state = ODS_END;
            return 0;
        }
        if (xmlTextReaderNodeType(o->rd) != XML_READER_TYPE_ELEMENT)
            continue;
        if (!is_elem(o, NS_TABLE, "table"))
            continue;
        xmlChar *n = xmlTextReaderGetAttributeNs(o->rd, (const xmlChar *)"name",
                                                 (const xmlChar *)NS_TABLE);
        o->sheet = strdup(n ? (const char *)n : "");
        if (n)
            xmlFree(n);
        if (!o->sheet) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        o->table_depth = xmlTextReaderDepth(o->rd);
        o->row_no = 0;
        o->state = xmlTextReaderIsEmptyElement(o->rd) ? ODS_SHEET_DONE : ODS_IN_SHEET;
        *name = o->sheet;
        return 1;
    }
}

int ot_ods_next_row(ot_ods *o, const ot_ods_row **row, ot_error *err)
{
    if (o->state != ODS_IN_SHEET)
        return 0;
    if (o->repeat_left > 0) {
        o->repeat_left--;
        o->row.number++;
        *row = &o->row;
        return 1;
    }
    for (;;) {
        int rc = advance(o, err, o->row_no + 1);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            ot_error_set(err, "content.xml ends inside the sheet (truncated?)");
            place_prefix(o, err, o->row_no + 1);
            return -1;
        }
        int type = xmlTextReaderNodeType(o->rd);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(o->rd) == o->table_depth &&
            is_elem(o, NS_TABLE, "table")) {
            o->state = ODS_SHEET_DONE;
            return 0;
        }
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        /* Rows may sit inside header-rows or row-group elements, which we
         * simply walk into; anything else inside the table is skipped. */
        if (is_elem(o, NS_TABLE, "table-header-rows") || is_elem(o, NS_TABLE, "table-rows") ||
            is_elem(o, NS_TABLE, "table-row-group"))
            continue;
        if (!is_elem(o, NS_TABLE, "table-row")) {
            if (!xmlTextReaderIsEmptyElement(o->rd))
                o->skip_next = true;
            continue;
        }
        long rows;
        if (parse_row(o, &rows, err) < 0)
            return -1;
        long first = o->row_no + 1;
        if (rows > MAX_ROWS - o->row_no) {
            if (o->n_cells == 0) {
                o->row_no = MAX_ROWS; /* padding past the end: nothing to read */
                continue;
            }
            ot_error_set(err, "a row repeated beyond row %ld; the sheet is damaged", MAX_ROWS);
            place_prefix(o, err, first);
            return -1;
        }
        o->row_no += rows;
        if (o->n_cells == 0)
            continue;
        if (build_view(o, err) < 0)
            return -1;
        o->row.number = first;
        o->repeat_left = rows - 1;
        *row = &o->row;
        return 1;
    }
}
