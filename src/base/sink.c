/* What every caller of a sink shares: formatting a warning for it. */
#include "config.h"

#include <stdarg.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/sink.h"

void ot_sink_warnf(ot_sink *sink, const char *where, const char *fmt, ...)
{
    if (!sink || !sink->ops || !sink->ops->warning)
        return;
    ot_buf msg = OT_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    ot_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    sink->ops->warning(sink, where, ot_buf_str(&msg));
    ot_buf_free(&msg);
}
