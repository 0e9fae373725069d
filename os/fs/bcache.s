# bcache.s: the buffer cache: a fixed pool of BC_NBUF sectors over blk_*.
#
# A buffer is named by its data pointer (512 bytes, 512-aligned in the
# pool); any pointer into a buffer's data names that buffer.  bc_read pins
# a buffer (a reference count) until bc_release; a pinned buffer is never
# reused, an unpinned one stays cached and is reused least recently used
# first.  bc_dirty marks a buffer changed: it is written back when it is
# reused for another sector and by bc_sync.  Lookup is through a hash of
# the sector number; the LRU order is a circular doubly-linked list through
# a sentinel, most recently used first.
#
# Interface: bc_init(); bc_read(lba) -> buffer or 0 (I/O error, or every
# buffer pinned); bc_zero(lba), bc_over(lba): a pinned, dirty buffer not
# read from the disk (zero-filled, or to be overwritten whole);
# bc_release(buf), bc_dirty(buf) (both leave a0 = buf); bc_sync() -> 0 or
# -EIO; and for transfers that bypass the cache: bc_peek(lba) (the cached
# copy, unpinned, or 0) and bc_uncached(lba, k).
#
# Single-threaded: nothing here sleeps, so there are no locks.  Needs
# disk.s and kstring.s (memset) in the same unit.


        .equ    BC_NBUF, 64             # buffers in the pool
        .equ    BC_NHASH, 64            # hash buckets (a power of two)

        # buffer header
        .equ    BC_LBA, 0               # sector held
        .equ    BC_FLAGS, 4             # BC_VALID | BC_DIRTY
        .equ    BC_REF, 8               # pins
        .equ    BC_PREV, 12             # LRU list: more recently used
        .equ    BC_NEXT, 16             # LRU list: less recently used
        .equ    BC_HNEXT, 20            # next header in the hash bucket
        .equ    BC_DATA, 24             # the 512 bytes of this buffer
        .equ    BC_HSIZE, 32            # bytes in a header

        .equ    BC_VALID, 1             # holds sector BC_LBA (and is hashed)
        .equ    BC_DIRTY, 2             # changed since read: to be written back

        # bc_get modes
        .equ    BC_MODE_READ, 0         # read the sector from the disk
        .equ    BC_MODE_ZERO, 1         # zero-filled (and dirty)
        .equ    BC_MODE_OVER, 2         # to be overwritten whole by the caller (dirty)

        .text

# bc_init(): empties the cache (without writing anything back) and links
# every buffer into the LRU list.  fs_init calls it first.
        EXPORT  bc_init
bc_init:
        la      t0, bc_hash
        li      t1, BC_NHASH
1:      sw      zero, 0(t0)
        addi    t0, t0, 4
        addi    t1, t1, -1
        bnez    t1, 1b
        la      a0, bc_head             # sentinel: PREV = LRU end, NEXT = MRU end
        la      t0, bc_hdrs
        la      t1, bc_pool
        li      t2, BC_NBUF
        mv      a1, a0                  # a1: previous node
2:      sw      zero, BC_LBA(t0)
        sw      zero, BC_FLAGS(t0)
        sw      zero, BC_REF(t0)
        sw      zero, BC_HNEXT(t0)
        sw      t1, BC_DATA(t0)
        sw      a1, BC_PREV(t0)
        sw      t0, BC_NEXT(a1)
        mv      a1, t0
        addi    t0, t0, BC_HSIZE
        addi    t1, t1, 512
        addi    t2, t2, -1
        bnez    t2, 2b
        sw      a0, BC_NEXT(a1)
        sw      a1, BC_PREV(a0)
        ret

# bc_find(lba a0) -> header holding that sector, or 0
bc_find:
        andi    t0, a0, BC_NHASH - 1
        slli    t0, t0, 2
        la      t1, bc_hash
        add     t1, t1, t0
        lw      t0, 0(t1)
1:      beqz    t0, 9f
        lw      t1, BC_LBA(t0)
        beq     t1, a0, 9f
        lw      t0, BC_HNEXT(t0)
        j       1b
9:      mv      a0, t0
        ret

# bc_peek(lba a0) -> data of the cached buffer of that sector, or 0
# Neither pins nor reads: the pointer is good until the next bc_ call that
# may reuse a buffer (bc_read, bc_zero, bc_over).  For direct transfers that
# must see a cached (possibly dirty) copy instead of the disk.
        EXPORT  bc_peek
bc_peek:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    bc_find
        beqz    a0, 1f
        lw      a0, BC_DATA(a0)
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# bc_uncached(lba a0, k a1) -> how many of the sectors lba, lba + 1, ...
# (at most k) are not cached, up to the first one that is.
# For direct transfers of whole sectors that bypass the cache.
        EXPORT  bc_uncached
bc_uncached:
        li      a2, 0                   # a2: count
        la      a3, bc_hash
1:      bgeu    a2, a1, 9f
        add     t2, a0, a2              # t2: sector
        andi    t0, t2, BC_NHASH - 1
        slli    t0, t0, 2
        add     t0, t0, a3
        lw      t0, 0(t0)
2:      beqz    t0, 3f
        lw      t1, BC_LBA(t0)
        beq     t1, t2, 9f              # cached
        lw      t0, BC_HNEXT(t0)
        j       2b
3:      addi    a2, a2, 1
        j       1b
9:      mv      a0, a2
        ret

# BC_HDR rd, ptr, tmp: rd = the header of the buffer whose data holds ptr
.macro BC_HDR rd, ptr, tmp
        la      \tmp, bc_pool
        sub     \rd, \ptr, \tmp
        srli    \rd, \rd, 9
        slli    \rd, \rd, 5             # BC_HSIZE = 32
        la      \tmp, bc_hdrs
        add     \rd, \rd, \tmp
.endm

# bc_touch(hdr a0): moves a header to the most-recently-used end.
bc_touch:
        lw      t0, BC_PREV(a0)         # unlink
        lw      t1, BC_NEXT(a0)
        sw      t1, BC_NEXT(t0)
        sw      t0, BC_PREV(t1)
        la      t0, bc_head             # insert after the sentinel
        lw      t1, BC_NEXT(t0)
        sw      t1, BC_NEXT(a0)
        sw      t0, BC_PREV(a0)
        sw      a0, BC_PREV(t1)
        sw      a0, BC_NEXT(t0)
        ret

# bc_unhash(hdr a0): removes a header from its hash bucket.
bc_unhash:
        lw      t0, BC_LBA(a0)
        andi    t0, t0, BC_NHASH - 1
        slli    t0, t0, 2
        la      t1, bc_hash
        add     t1, t1, t0              # t1: address of the link to follow
1:      lw      t0, 0(t1)
        beqz    t0, 9f
        beq     t0, a0, 2f
        addi    t1, t0, BC_HNEXT
        j       1b
2:      lw      t0, BC_HNEXT(a0)
        sw      t0, 0(t1)
9:      sw      zero, BC_HNEXT(a0)
        ret

# bc_read(lba a0) -> data pointer of a pinned buffer holding the sector,
# or 0 on an I/O error (or when every buffer is pinned).
        EXPORT  bc_read
bc_read:
        li      a1, BC_MODE_READ
        j       bc_get

# bc_zero(lba a0) -> pinned buffer for the sector, zero-filled and dirty,
# without reading the disk; or 0.
        EXPORT  bc_zero
bc_zero:
        li      a1, BC_MODE_ZERO
        j       bc_get

# bc_over(lba a0) -> pinned, dirty buffer for the sector whose contents the
# caller overwrites whole (not read from the disk if not cached); or 0.
        EXPORT  bc_over
bc_over:
        li      a1, BC_MODE_OVER
        # fall through

# bc_get(lba a0, mode a1) -> pinned buffer data, or 0
# The common part of bc_read, bc_zero and bc_over.
bc_get:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        mv      s1, a1                  # s1: mode
        call    bc_find
        mv      s0, a0                  # s0: header
        beqz    s0, 3f
        lw      t0, BC_REF(s0)          # cached
        addi    t0, t0, 1
        sw      t0, BC_REF(s0)
        call    bc_touch
        li      t0, BC_MODE_READ
        beq     s1, t0, 8f
        lw      t0, BC_FLAGS(s0)        # zero / over: dirty now
        ori     t0, t0, BC_DIRTY
        sw      t0, BC_FLAGS(s0)
        li      t0, BC_MODE_ZERO
        bne     s1, t0, 8f
        lw      a0, BC_DATA(s0)
        li      a1, 0
        li      a2, 512
        call    memset
        j       8f
        # not cached: the least recently used unpinned buffer
3:      la      t0, bc_head
        lw      s0, BC_PREV(t0)
4:      beq     s0, t0, 7f              # all pinned
        lw      t1, BC_REF(s0)
        beqz    t1, 5f
        lw      s0, BC_PREV(s0)
        j       4b
5:      lw      t1, BC_FLAGS(s0)
        andi    t2, t1, BC_VALID
        beqz    t2, 6f
        andi    t2, t1, BC_DIRTY
        beqz    t2, 55f
        lw      a0, BC_LBA(s0)          # write the old contents back
        lw      a1, BC_DATA(s0)
        li      a2, 1
        call    blk_write
        bnez    a0, 7f                  # keep it, still dirty
55:     mv      a0, s0
        call    bc_unhash
        sw      zero, BC_FLAGS(s0)
6:      lw      a0, 0(sp)
        sw      a0, BC_LBA(s0)
        bnez    s1, 65f
        lw      a1, BC_DATA(s0)         # BC_MODE_READ
        li      a2, 1
        call    blk_read
        bnez    a0, 7f                  # stays invalid, unhashed
        li      t0, BC_VALID
        j       66f
65:     li      t0, BC_MODE_ZERO
        bne     s1, t0, 64f
        lw      a0, BC_DATA(s0)
        li      a1, 0
        li      a2, 512
        call    memset
64:     li      t0, BC_VALID | BC_DIRTY
66:     sw      t0, BC_FLAGS(s0)
        lw      t0, 0(sp)               # hash it
        andi    t0, t0, BC_NHASH - 1
        slli    t0, t0, 2
        la      t1, bc_hash
        add     t1, t1, t0
        lw      t0, 0(t1)
        sw      t0, BC_HNEXT(s0)
        sw      s0, 0(t1)
        li      t0, 1
        sw      t0, BC_REF(s0)
        mv      a0, s0
        call    bc_touch
8:      lw      a0, BC_DATA(s0)
        j       9f
7:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# bc_release(buf a0) -> buf
# Drops one pin of the buffer holding buf.  Leaves a0 as it was.
        EXPORT  bc_release
bc_release:
        BC_HDR  t1, a0, t0
        lw      t0, BC_REF(t1)
        beqz    t0, 1f
        addi    t0, t0, -1
        sw      t0, BC_REF(t1)
1:      ret

# bc_dirty(buf a0) -> buf
# Marks the buffer holding buf changed.  Leaves a0 as it was.
        EXPORT  bc_dirty
bc_dirty:
        BC_HDR  t1, a0, t0
        lw      t0, BC_FLAGS(t1)
        ori     t0, t0, BC_DIRTY
        sw      t0, BC_FLAGS(t1)
        ret

# bc_sync() -> 0 or -EIO
# Writes every dirty buffer back, then flushes the disk.  A buffer that
# fails to write stays dirty; the others are still written.
        EXPORT  bc_sync
bc_sync:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      zero, 0(sp)             # result
        la      s0, bc_hdrs
        li      s1, BC_NBUF
1:      lw      t0, BC_FLAGS(s0)
        li      t1, BC_VALID | BC_DIRTY
        bne     t0, t1, 2f
        lw      a0, BC_LBA(s0)
        lw      a1, BC_DATA(s0)
        li      a2, 1
        call    blk_write
        bnez    a0, 3f
        li      t0, BC_VALID
        sw      t0, BC_FLAGS(s0)
        j       2f
3:      sw      a0, 0(sp)
2:      addi    s0, s0, BC_HSIZE
        addi    s1, s1, -1
        bnez    s1, 1b
        call    blk_flush
        beqz    a0, 4f
        sw      a0, 0(sp)
4:      lw      a0, 0(sp)
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .bss
        .balign 512
bc_pool:    .space  BC_NBUF * 512       # the sectors' data
bc_hdrs:    .space  BC_NBUF * BC_HSIZE
bc_hash:    .space  BC_NHASH * 4
bc_head:    .space  BC_HSIZE            # LRU sentinel (only PREV and NEXT used)
