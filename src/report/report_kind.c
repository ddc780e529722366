/* Recognising the kind of report from page 1 (see the decision order in
 * the formats documentation). */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- kinds --------------------------------------------------------------- */

int rp_classify(const rp_doc *d, const char *text, size_t len, rp_kind *kind,
                    bool *with_lscb, ot_error *err)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    if (len - i >= 5 && (strncasecmp(text + i, "<!doc", 5) == 0 || strncasecmp(text + i, "<html", 5) == 0)) {
        ot_error_set(err, "not an Ofsted local-authority report: an HTML page, not a PDF");
        return -1;
    }
    ot_buf nb = OT_BUF_INIT;
    bool lac = false, reinsp = false, sif = false, lscb = false, ilacs_title = false,
         date = false, any = false;
    for (size_t k = 0; k < d->n && d->lines[k].page <= 1; k++) {
        const rp_line *l = &d->lines[k];
        if (l->blank)
            continue;
        any = true;
        const char *n = rp_norm(&nb, l->s, (size_t)l->len);
        if (strstr(n, "inspection of looked after children") ||
            strstr(n, "inspection of safeguarding and looked after"))
            lac = true;
        if (strstr(n, "re-inspection of services for children"))
            reinsp = true;
        else if (strstr(n, "inspection of services for children in need"))
            sif = true;
        if (strstr(n, "review of the effectiveness of the local safeguarding"))
            lscb = true;
        if (rp_starts(n, "inspection of") &&
            (strstr(n, "children's") || strstr(n, "children and families trust") ||
             strstr(n, "trust") || strstr(n, "children first") || strstr(n, "local")))
            ilacs_title = true;
        if (rp_starts(n, "inspection of") && !strstr(n, "children") && k + 1 < d->n)
            ilacs_title = true; /* wrapped: "Inspection of Cambridgeshire local" */
        if (rp_starts(n, "inspection date"))
            date = true;
    }
    ot_buf_free(&nb);
    *with_lscb = lscb;
    if (!any) {
        ot_error_set(err, "not an Ofsted local-authority report: page 1 has no text");
        return -1;
    }
    if (lac)
        *kind = RP_LAC2013;
    else if (reinsp)
        *kind = RP_SIF_REINSP;
    else if (sif)
        *kind = RP_SIF;
    else if (lscb && date)
        *kind = RP_LSCB;
    else if (ilacs_title && date)
        *kind = RP_ILACS;
    else {
        ot_error_set(err, "not an Ofsted local-authority report: page 1 has no inspection "
                          "title and date");
        return -1;
    }
    return 0;
}

const char *rp_kind_name(rp_kind k, bool with_lscb)
{
    switch (k) {
    case RP_LAC2013:
        return "lac2013";
    case RP_SIF:
        return with_lscb ? "sif_lscb" : "sif";
    case RP_SIF_REINSP:
        return "sif_reinspection";
    case RP_LSCB:
        return "lscb_review";
    case RP_ILACS:
        return "ilacs";
    }
    return "other";
}
