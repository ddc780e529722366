/* Import Ofsted's statistics workbook as published (.ods).
 *
 * Sheets are recognised by name (Cover, Contents and Notes are skipped),
 * and a sheet with an unfamiliar name is still searched for a known table
 * so that a renamed sheet in a later edition is not lost. */
#include "config.h"

#include <stdlib.h>

#include "ofsted-tui/ods.h"
#include "ofsted-tui/workbook.h"

int ot_import_ods(const char *path, ot_sink *sink, ot_error *err)
{
    ot_ods *ods = ot_ods_open(path, err);
    if (!ods)
        return -1;
    ot_wb *wb = ot_wb_new(sink);
    ot_wb_cell *cells = NULL;
    size_t cap = 0;
    int rc = -1, tables = 0, r;
    const char *sheet;
    if (!wb) {
        ot_error_set(err, "out of memory");
        goto out;
    }
    while ((r = ot_ods_next_sheet(ods, &sheet, err)) == 1) {
        ot_wb_kind kind;
        if (ot_wb_sheet_role(sheet, &kind) == OT_WB_SHEET_SKIP)
            continue;
        if (ot_wb_table_begin(wb, sheet, kind, err) < 0)
            goto out;
        const ot_ods_row *row;
        while ((r = ot_ods_next_row(ods, &row, err)) == 1) {
            if (row->n_cells > cap) {
                ot_wb_cell *nc = realloc(cells, row->n_cells * sizeof *nc);
                if (!nc) {
                    ot_error_set(err, "out of memory");
                    goto out;
                }
                cells = nc;
                cap = row->n_cells;
            }
            for (size_t i = 0; i < row->n_cells; i++) {
                cells[i].text = row->cells[i].text;
                cells[i].date = row->cells[i].date;
                cells[i].url = row->cells[i].url;
            }
            if (ot_wb_table_row(wb, row->number, cells, row->n_cells, err) < 0)
                goto out;
        }
        bool found;
        if (r < 0 || ot_wb_table_end(wb, &found, err) < 0)
            goto out;
        tables += found;
    }
    if (r < 0)
        goto out;
    if (tables == 0) {
        ot_buf acc = OT_BUF_INIT;
        ot_wb_describe_tables(&acc);
        ot_error_set(err, "no sheet holds a table of the inspection outcomes workbook; "
                          "expected sheets:%s", ot_buf_str(&acc));
        ot_buf_free(&acc);
        goto out;
    }
    rc = ot_wb_emit(wb, err);
out:
    free(cells);
    ot_wb_free(wb);
    ot_ods_free(ods);
    return rc;
}
