/* The body of a SIMD prefilter kernel, written once and compiled once per
 * instruction set: textscan_kernels.c defines these, then includes this
 * file (which undefines them again).
 *
 *   KERNEL           the function's name
 *   KERNEL_TARGET    its target attribute
 *   SPLAT            a vector type with one byte in every lane
 *   BLOCK            64 bytes of text held in vectors of that type
 *   SPLAT_OF(b)      a SPLAT of byte b
 *   LOAD(p)          the BLOCK of the 64 bytes at p
 *   EQ(blk, f, b)    the 64-bit mask of blk: bit j set when blk[j] | f == b
 *
 * Each 64-byte block is loaded once and compared with every anchor byte;
 * the masks are then shifted by each anchor's offset, so that bit j of a
 * literal's mask says whether both its anchors sit where a match starting
 * at byte j would have them.  Reading one block ahead, the loop stops 128
 * bytes before the end and find_scalar does the rest. */

KERNEL_TARGET static size_t KERNEL(const struct plan *pl, const unsigned char *t, size_t len, size_t from,
                                   size_t to)
{
    SPLAT f1[MAX_LITS], f2[MAX_LITS], b1[MAX_LITS], b2[MAX_LITS];
    uint64_t e1[MAX_LITS], e2[MAX_LITS];
    size_t o1[MAX_LITS], o2[MAX_LITS];
    size_t nl = pl->nlit;
    size_t c = from;

    if (c >= to || c + 128 > len)
        return c < to ? find_scalar(pl, t, len, c, to) : NONE;
    /* A literal in nearly every paragraph ("e") is found a few bytes after
     * the last paragraph ended: look there before setting up the blocks,
     * which would cost more than the search. */
    size_t head = find_scalar(pl, t, len, c, c + HEAD_BYTES < to ? c + HEAD_BYTES : to);
    if (head != NONE)
        return head;
    c += HEAD_BYTES;
    if (c >= to || c + 128 > len)
        return c < to ? find_scalar(pl, t, len, c, to) : NONE;
    BLOCK blk = LOAD(t + c);
    for (size_t k = 0; k < nl; k++) {
        const struct lit *l = &pl->lit[k];
        f1[k] = SPLAT_OF(l->fold[l->o1]);
        f2[k] = SPLAT_OF(l->fold[l->o2]);
        b1[k] = SPLAT_OF(l->b[l->o1]);
        b2[k] = SPLAT_OF(l->b[l->o2]);
        o1[k] = l->o1;
        o2[k] = l->o2;
        e1[k] = EQ(blk, f1[k], b1[k]);
        e2[k] = EQ(blk, f2[k], b2[k]);
    }
    if (nl == 1) {
        /* The common case, kept in registers. */
        uint64_t c1 = e1[0], c2 = e2[0];
        size_t d1 = o1[0], d2 = o2[0];
        for (; c < to && c + 128 <= len; c += 64) {
            blk = LOAD(t + c + 64);
            uint64_t n1 = EQ(blk, f1[0], b1[0]);
            uint64_t n2 = EQ(blk, f2[0], b2[0]);
            size_t at = first_match(pl, t, len, c, to, shifted(c1, n1, d1) & shifted(c2, n2, d2));
            if (at != NONE)
                return at;
            c1 = n1;
            c2 = n2;
        }
    } else if (nl == 2) {
        /* Two literals (an alternation), also kept in registers. */
        uint64_t c1 = e1[0], c2 = e2[0], c3 = e1[1], c4 = e2[1];
        size_t d1 = o1[0], d2 = o2[0], d3 = o1[1], d4 = o2[1];
        for (; c < to && c + 128 <= len; c += 64) {
            blk = LOAD(t + c + 64);
            uint64_t n1 = EQ(blk, f1[0], b1[0]);
            uint64_t n2 = EQ(blk, f2[0], b2[0]);
            uint64_t n3 = EQ(blk, f1[1], b1[1]);
            uint64_t n4 = EQ(blk, f2[1], b2[1]);
            size_t at = first_match(pl, t, len, c, to,
                                    (shifted(c1, n1, d1) & shifted(c2, n2, d2)) |
                                        (shifted(c3, n3, d3) & shifted(c4, n4, d4)));
            if (at != NONE)
                return at;
            c1 = n1;
            c2 = n2;
            c3 = n3;
            c4 = n4;
        }
    } else {
        for (; c < to && c + 128 <= len; c += 64) {
            blk = LOAD(t + c + 64);
            uint64_t m = 0;
            for (size_t k = 0; k < nl; k++) {
                uint64_t n1 = EQ(blk, f1[k], b1[k]);
                uint64_t n2 = EQ(blk, f2[k], b2[k]);
                m |= shifted(e1[k], n1, o1[k]) & shifted(e2[k], n2, o2[k]);
                e1[k] = n1;
                e2[k] = n2;
            }
            size_t at = first_match(pl, t, len, c, to, m);
            if (at != NONE)
                return at;
        }
    }
    return c < to ? find_scalar(pl, t, len, c, to) : NONE;
}

#undef KERNEL
#undef KERNEL_TARGET
#undef SPLAT
#undef BLOCK
#undef SPLAT_OF
#undef LOAD
#undef EQ
