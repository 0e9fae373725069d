# fat16.s: the FAT16 file system behind the interface of docs/os.md ("The
# file system interface"), over the buffer cache (bcache.s) and, for whole
# sectors of file data, straight over blk_read/blk_write.
#
# Needs, included before: k32.inc (error codes, DIRENT_*, T_*, NAME_MAX),
# fs.inc (NODE_*, ATTR_*), portio.inc, kstring.s, disk.s, bcache.s; and the
# includer's clock_now() -> seconds since 1970 (UTC), or a negative errno
# when there is no clock (each kernel has one; the microkernel's FS server
# its own).  The calendar (clock_fat) is civil.inc, included here.
# File data is copied out of the cache by the includer's fs_copyout(dst,
# src, n) and into it by fs_copyin(dst, src, n) (memcpy in the monolithic
# kernel; the microkernel's FS copies through the client's grant).
#
# Layout of a volume: reserved sectors (the boot sector with the BPB first),
# fs_nfats copies of the FAT (fs_fatsz sectors each), the fixed root
# directory (fs_rootsecs sectors), then the data area: cluster n (n >= 2) is
# fs_spc sectors at fs_datalba + (n - 2) * fs_spc.  A FAT entry is 16 bits:
# 0 free, 2..fs_maxcl the next cluster of the chain, >= 0xFFF8 end of chain.
# Every FAT change is written to every copy.
#
# Directory entries (32 bytes): name 0..10 (8.3, space padded, upper case),
# attribute 11, creation time 14 and date 16, access date 18, cluster high
# 20 (0 on FAT16), write time 22 and date 24, first cluster 26, size 28.
# New entries get the creation, access and write date and time of
# clock_now(), written files the write date and time (fs_stamp); without
# a clock, FS_DATE and 00:00.  Positions in a directory are entry indexes (16 per sector); a scan result
# (FS_SC_*) gives the sector and offset of an entry, its index and the index
# where the long-name (LFN) entries before it start.  Long-name entries are
# ignored except that deleting an entry deletes the run of them before it.
#
# A corrupt volume must not hang or mislead the code: every cluster number
# taken from the disk (a directory entry's first cluster, a FAT entry) is
# checked to be a data cluster (2..fs_maxcl, fs_clcheck) before it names a
# sector, and every walk along a chain (fs_step) detects a chain that loops,
# so a lookup, a directory listing or a read gives -EIO instead.
#
# Nodes (fs.inc): bytes 24..31 cache the last cluster reached in the file's
# chain: FS_CCIDX = (the walk's mark << 16) | its index in the chain (see
# fs_step), FS_CCCL = (first cluster << 16) | that cluster; it is believed
# only while the first cluster still matches, so sequential reads and
# writes walk the chain once -- and find a loop in it on the way.  A node is a
# copy: two copies of one file's node do not see each other's changes
# (size, first cluster), so the caller keeps one node per open file.
#
# Beyond the table of docs/os.md: the path functions also give -ENOTDIR (a
# component is a file), -ENAMETOOLONG (a component longer than NAME_MAX)
# and -EIO; fs_read, fs_write and fs_truncate give -EISDIR for a directory,
# fs_readdir -ENOTDIR for a file; fs_unlink of "/", "." or ".." is -EISDIR,
# fs_rmdir of "." or ".." is -EBUSY like the root.  fs_init empties the
# buffer cache: fs_sync first when mounting again.

        .equ    FS_CCIDX, 24            # cached chain position: (mark << 16) | cluster index
        .equ    FS_CCCL, 28             # (first cluster << 16) | cluster at that index

        # scan record (fs_scan, fs_slot, fs_delent)
        .equ    FS_SC_LBA, 0            # sector of the entry found
        .equ    FS_SC_OFF, 4            # byte offset of the entry in it
        .equ    FS_SC_IDX, 8            # entry index in the directory
        .equ    FS_SC_LFN, 12           # index of its first long-name entry (= FS_SC_IDX if none)
        .equ    FS_SC_LAST, 16          # last cluster of the directory visited
        .equ    FS_SC_SIZE, 20

        # fs_scan modes
        .equ    FS_SCAN_NAME, 0         # the entry with the 11-byte name key
        .equ    FS_SCAN_CLUS, 1         # the subdirectory whose first cluster is key
        .equ    FS_SCAN_FREE, 2         # a free slot (deleted, or the end marker)
        .equ    FS_SCAN_USED, 3         # any entry but . .. labels and long-name parts

        # a walk along a chain (fs_wstart, fs_step): Brent's cycle detection
        .equ    FS_W_MARK, 0            # the cluster at the last power-of-two index
        .equ    FS_W_INDEX, 4           # the index in the chain of the cluster reached
        .equ    FS_W_SIZE, 8

        # fs_parent results (>= 0)
        .equ    FS_P_NAME, 0            # a valid 8.3 name, packed
        .equ    FS_P_DOT, 1             # ".", "..", or the root itself
        .equ    FS_P_BAD, 2             # not an 8.3 name
        .equ    FS_P_LONG, 3            # longer than NAME_MAX

        .equ    FS_DATE, ((2026 - 1980) << 9) | (1 << 5) | 1   # 2026-01-01 for new entries
        .equ    FS_EOC, 0xFFFF          # end-of-chain mark written
        .equ    FS_MINCL, 4085          # cluster counts of FAT16
        .equ    FS_MAXNCL, 65524

# FS_LD16 rd, off, base, tmp: rd = the (possibly unaligned) 16-bit value at off(base)
.macro FS_LD16 rd, off, base, tmp
        lbu     \rd, \off(\base)
        lbu     \tmp, (\off + 1)(\base)
        slli    \tmp, \tmp, 8
        or      \rd, \rd, \tmp
.endm

        .include "civil.inc"

        .text

# fs_init() -> 0; -EIO, -EINVAL (not a FAT16 volume)
# Empties the buffer cache and reads the BPB from sector 0: 512 bytes per
# sector, a power-of-two cluster size, FATs large enough, and a cluster
# count of FAT16 (4085..65524) inside the disk.
fs_init:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        call    bc_init
        call    blk_sectors
        sw      a0, 0(sp)               # 0: sectors on the disk
        li      a0, 0
        call    bc_read
        beqz    a0, 90f
        mv      s0, a0                  # s0: boot sector
        li      s1, -EINVAL             # s1: result
        lbu     t0, 510(s0)
        li      t1, 0x55
        bne     t0, t1, 80f
        lbu     t0, 511(s0)
        li      t1, 0xAA
        bne     t0, t1, 80f
        FS_LD16 t0, 11, s0, t1          # bytes per sector
        li      t1, 512
        bne     t0, t1, 80f
        lbu     t0, 13(s0)              # sectors per cluster: a power of two
        beqz    t0, 80f
        addi    t1, t0, -1
        and     t1, t1, t0
        bnez    t1, 80f
        sw      t0, fs_spc, t1
        li      t1, 0                   # log2
1:      srli    t0, t0, 1
        beqz    t0, 2f
        addi    t1, t1, 1
        j       1b
2:      sw      t1, fs_spcsh, t0
        addi    t1, t1, 9
        sw      t1, fs_csh, t0
        FS_LD16 t0, 14, s0, t1          # reserved sectors
        beqz    t0, 80f
        sw      t0, fs_fatlba, t1
        lbu     t0, 16(s0)              # number of FATs
        beqz    t0, 80f
        sw      t0, fs_nfats, t1
        FS_LD16 t0, 22, s0, t1          # sectors per FAT (0 on FAT32)
        beqz    t0, 80f
        sw      t0, fs_fatsz, t1
        FS_LD16 t0, 17, s0, t1          # root entries
        beqz    t0, 80f
        addi    t0, t0, 15
        srli    t0, t0, 4
        sw      t0, fs_rootsecs, t1
        FS_LD16 a1, 19, s0, t1          # a1: total sectors, 16-bit field
        bnez    a1, 3f
        lw      a1, 32(s0)              # else the 32-bit field
3:      lw      t0, fs_fatsz
        lw      t1, fs_nfats
        mul     t0, t0, t1
        lw      t1, fs_fatlba
        add     t0, t0, t1
        sw      t0, fs_rootlba, t1
        lw      t1, fs_rootsecs
        add     t0, t0, t1
        sw      t0, fs_datalba, t1      # t0: first data sector
        bgeu    t0, a1, 80f
        lw      t1, 0(sp)
        bgtu    a1, t1, 80f             # larger than the disk
        sub     a1, a1, t0
        lw      t1, fs_spcsh
        srl     a1, a1, t1              # a1: clusters
        li      t1, FS_MINCL
        bltu    a1, t1, 80f
        li      t1, FS_MAXNCL
        bgtu    a1, t1, 80f
        addi    t0, a1, 2               # FAT entries needed
        lw      t1, fs_fatsz
        slli    t1, t1, 8
        bgtu    t0, t1, 80f
        addi    a1, a1, 1
        sw      a1, fs_maxcl, t1
        li      t0, 2
        sw      t0, fs_hint, t1
        li      s1, 0
80:     mv      a0, s0
        call    bc_release
        mv      a0, s1
        j       99f
90:     li      a0, -EIO
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_sync() -> 0; -EIO
# Writes every changed buffer back, then flushes the disk.
fs_sync:
        tail    bc_sync

# fs_cl2lba(cluster a0) -> first sector of that cluster
fs_cl2lba:
        addi    a0, a0, -2
        lw      t0, fs_spcsh
        sll     a0, a0, t0
        lw      t0, fs_datalba
        add     a0, a0, t0
        ret

# fs_clcheck(cluster a0) -> a0 if it is a data cluster (2..fs_maxcl), else
# -EIO.  A leaf: changes only a0 and t0.  Cluster 0 or 1 would name sectors
# before the data area (the FATs, the root), one past fs_maxcl sectors past
# the volume, so no cluster read from the disk is used unchecked.
fs_clcheck:
        li      t0, 2
        bltu    a0, t0, 1f
        lw      t0, fs_maxcl
        bgtu    a0, t0, 1f
        ret
1:      li      a0, -EIO
        ret

# fs_wstart(walk a0, cluster a1): a walk record (FS_W_*) at the first
# cluster of a chain (index 0).
fs_wstart:
        sw      a1, FS_W_MARK(a0)
        sw      zero, FS_W_INDEX(a0)
        ret

# fs_wnote(cluster a0, walk a1) -> a0: the walk moves on to cluster (the
# next index); at an index that is a power of two it becomes the mark.
# A leaf: changes only t0, t1.
fs_wnote:
        lw      t0, FS_W_INDEX(a1)
        addi    t0, t0, 1
        sw      t0, FS_W_INDEX(a1)
        addi    t1, t0, -1
        and     t1, t1, t0
        bnez    t1, 1f
        sw      a0, FS_W_MARK(a1)
1:      ret

# fs_step(cluster a0, walk a1) -> the next cluster of the chain (2..fs_maxcl),
# 0 at its end (any other FAT value: end of chain, free, reserved, bad), or
# -EIO: a read error, or a chain that loops.  Brent's algorithm: the mark
# is the cluster at the last power-of-two index (1, 2, 4, 8...); only a
# loop comes back to it, and a loop of length L entered by index M does
# so by index 2 * max(L, M) -- so every walk ends.  The record can be kept
# between walks (fs_clus keeps it in the node) to go on where one stopped.
fs_step:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 0(sp)
        call    fs_fatget
        bltz    a0, 9f
        li      t0, 2                   # not a data cluster: the end
        bltu    a0, t0, 8f
        lw      t0, fs_maxcl
        bgtu    a0, t0, 8f
        lw      a1, 0(sp)
        lw      t0, FS_W_MARK(a1)
        beq     a0, t0, 7f              # met again: a loop
        call    fs_wnote
        j       9f
7:      li      a0, -EIO
        j       9f
8:      li      a0, 0
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_fatget(cluster a0) -> its FAT entry (0..0xFFFF), or -EIO (also for a
# cluster outside 2..fs_maxcl, whose entry may lie past the FAT)
fs_fatget:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    fs_clcheck
        bltz    a0, 10f
        sw      a0, 0(sp)
        srli    a0, a0, 8               # 256 entries per sector
        lw      t0, fs_fatlba
        add     a0, a0, t0
        call    bc_read
        beqz    a0, 9f
        lw      t0, 0(sp)
        andi    t0, t0, 255
        slli    t0, t0, 1
        add     t0, t0, a0
        lhu     t0, 0(t0)
        sw      t0, 4(sp)
        call    bc_release
        lw      a0, 4(sp)
        j       10f
9:      li      a0, -EIO
10:     lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_fatset(cluster a0, value a1) -> 0 or -EIO
# Sets the entry in every copy of the FAT; a cluster outside 2..fs_maxcl
# is -EIO (its entry may lie past the FAT: in the next copy, the root).
fs_fatset:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a1, 0(sp)
        call    fs_clcheck
        bltz    a0, 10f
        srli    s0, a0, 8
        lw      t0, fs_fatlba
        add     s0, s0, t0              # s0: sector in the first FAT
        andi    a0, a0, 255
        slli    a0, a0, 1
        lw      t0, fs_nfats
        slli    t0, t0, 16
        or      s1, a0, t0              # s1: copies left << 16 | byte offset
1:      mv      a0, s0
        call    bc_read
        beqz    a0, 9f
        li      t0, 0xFFFF
        and     t0, s1, t0
        add     t0, t0, a0
        lw      t1, 0(sp)
        sh      t1, 0(t0)
        call    bc_dirty
        call    bc_release
        lw      t0, fs_fatsz
        add     s0, s0, t0
        li      t0, 0x10000
        sub     s1, s1, t0
        srli    t0, s1, 16
        bnez    t0, 1b
        li      a0, 0
        j       10f
9:      li      a0, -EIO
10:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_alloc(prev a0) -> a new cluster, marked end of chain, or -ENOSPC, -EIO
# Searches the FAT from the remembered hint (wrapping to 2) for a free
# entry; links prev -> new when prev is not 0.
fs_alloc:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)               # 0: prev
        lw      s0, fs_hint             # s0: cluster examined
        lw      t0, fs_maxcl
        bgtu    s0, t0, 1f
        li      t1, 2
        bgeu    s0, t1, 2f
1:      li      s0, 2
2:      addi    s1, t0, -1              # s1: clusters left to examine
3:      srli    a0, s0, 8               # the FAT sector holding s0
        lw      t0, fs_fatlba
        add     a0, a0, t0
        call    bc_read
        beqz    a0, 90f
        sw      a0, 4(sp)               # 4: buffer
        andi    t0, s0, 255
        slli    t1, t0, 1
        add     t1, t1, a0              # t1: entry
        li      t2, 256
        sub     t2, t2, t0              # t2: entries left in this sector
        lw      a1, fs_maxcl
4:      lhu     t0, 0(t1)
        beqz    t0, 6f
        addi    s0, s0, 1
        addi    s1, s1, -1
        beqz    s1, 5f                  # examined them all
        bgtu    s0, a1, 45f             # wrap around
        addi    t1, t1, 2
        addi    t2, t2, -1
        bnez    t2, 4b
        call    bc_release              # a0: buffer; next sector
        j       3b
45:     li      s0, 2
        call    bc_release
        j       3b
5:      call    bc_release
        li      a0, -ENOSPC
        j       99f
6:      call    bc_release              # found s0
        addi    t0, s0, 1
        sw      t0, fs_hint, t1
        mv      a0, s0
        li      a1, FS_EOC
        call    fs_fatset
        bnez    a0, 99f
        lw      a0, 0(sp)
        beqz    a0, 7f
        mv      a1, s0
        call    fs_fatset
        bnez    a0, 99f
7:      mv      a0, s0
        j       99f
90:     li      a0, -EIO
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_freechain(cluster a0) -> 0 or -EIO
# Frees every cluster of the chain starting at cluster (nothing for 0);
# lowers the allocation hint to the lowest freed.
fs_freechain:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0                  # s0: cluster
        lw      s1, fs_maxcl            # s1: bound on the chain's length
1:      li      t0, 2
        bltu    s0, t0, 8f
        lw      t0, fs_maxcl
        bgtu    s0, t0, 8f
        beqz    s1, 8f
        addi    s1, s1, -1
        mv      a0, s0
        call    fs_fatget
        bltz    a0, 99f
        sw      a0, 0(sp)               # 0: next
        mv      a0, s0
        li      a1, 0
        call    fs_fatset
        bnez    a0, 99f
        lw      t0, fs_hint
        bgeu    s0, t0, 2f
        sw      s0, fs_hint, t0
2:      lw      s0, 0(sp)
        j       1b
8:      li      a0, 0
99:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_zclus(cluster a0) -> 0 or -EIO: every sector of the cluster zeroed.
fs_zclus:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        call    fs_cl2lba
        mv      s0, a0                  # s0: sector
        lw      s1, fs_spc              # s1: sectors left
1:      mv      a0, s0
        call    bc_zero
        beqz    a0, 9f
        call    bc_release
        addi    s0, s0, 1
        addi    s1, s1, -1
        bnez    s1, 1b
        li      a0, 0
        j       10f
9:      li      a0, -EIO
10:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_clus(node a0, index a1, alloc a2) -> cluster number index of the
# node's chain; 0 when the chain is shorter (alloc = 0); -ENOSPC, -EIO.
# With alloc, missing clusters are allocated and linked (the node's first
# cluster set if it had none; its entry is the caller's to update).  Starts
# from the node's cached position when that is not past index, with the
# walk (fs_step) kept there too, so sequential calls find a loop as one
# walk would.  A first cluster outside the data area or a chain that loops
# is -EIO; an index no chain on the volume can reach (it fits in 16 bits)
# is the end (alloc: -ENOSPC).
fs_clus:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        sw      a0, 0(sp)               # 0: node
        sw      a1, 4(sp)               # 4: index
        sw      a2, 8(sp)               # 8: alloc
                                        # 16..23: the walk; s1 = its index
        lw      t0, fs_maxcl            # clusters on the volume: fs_maxcl - 1
        addi    t0, t0, -1
        bltu    a1, t0, 11f
        li      a0, 0
        beqz    a2, 99f
        li      a0, -ENOSPC
        j       99f
11:     lw      a0, NODE_CLUSTER(a0)
        beqz    a0, 12f
        call    fs_clcheck
        bltz    a0, 99f
        lw      a0, 0(sp)
        lw      a1, 4(sp)
        lw      a2, 8(sp)
        lw      t0, NODE_CLUSTER(a0)
        j       1f
12:     lw      a2, 8(sp)               # no cluster yet
        li      a0, 0
        beqz    a2, 99f
        call    fs_alloc
        bltz    a0, 99f
        lw      t0, 0(sp)
        sw      a0, NODE_CLUSTER(t0)
        mv      s0, a0                  # s0: cluster
        j       3f
1:      mv      s0, t0
        lw      t1, FS_CCCL(a0)
        srli    t2, t1, 16
        bne     t2, t0, 3f              # the cache is not for this chain
        lw      t2, FS_CCIDX(a0)
        slli    t0, t2, 16
        srli    t0, t0, 16              # t0: its index
        bgtu    t0, a1, 3f              # past the index wanted
        sw      t0, 16 + FS_W_INDEX(sp) # go on with its walk
        srli    t2, t2, 16
        sw      t2, 16 + FS_W_MARK(sp)
        slli    s0, t1, 16
        srli    s0, s0, 16
        j       31f
3:      addi    a0, sp, 16              # a walk from the first cluster
        mv      a1, s0
        call    fs_wstart
31:     lw      t0, 4(sp)
        lw      s1, 16 + FS_W_INDEX(sp)
        bgeu    s1, t0, 6f
        mv      a0, s0
        addi    a1, sp, 16
        call    fs_step
        bltz    a0, 99f
        bnez    a0, 5f
4:      lw      t0, 8(sp)               # end of the chain
        li      a0, 0
        beqz    t0, 99f
        mv      a0, s0
        call    fs_alloc
        bltz    a0, 99f
        addi    a1, sp, 16
        call    fs_wnote
5:      mv      s0, a0
        j       31b
6:      lw      t0, 0(sp)               # remember the position and the walk
        lw      t1, 16 + FS_W_MARK(sp)
        slli    t1, t1, 16
        or      t1, t1, s1
        sw      t1, FS_CCIDX(t0)
        lw      t1, NODE_CLUSTER(t0)
        slli    t1, t1, 16
        or      t1, t1, s0
        sw      t1, FS_CCCL(t0)
        mv      a0, s0
99:     lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# fs_dirlba(dir a0, sector index a1) -> sector number of that sector of the
# directory whose first cluster is dir (0 = the root), 0 past its end, or
# -EIO (also a dir outside the data area, or a chain that loops before the
# index: a listing of a looping directory ends).
fs_dirlba:
        bnez    a0, 1f
        lw      t0, fs_rootsecs
        bgeu    a1, t0, 2f
        lw      t0, fs_rootlba
        add     a0, a1, t0
        ret
2:      li      a0, 0
        ret
1:      addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a1, 0(sp)               # 0: sector index; 4..15: the walk
        call    fs_clcheck
        bltz    a0, 99f
        mv      s0, a0                  # s0: cluster
        addi    a0, sp, 4
        mv      a1, s0
        call    fs_wstart
        lw      a1, 0(sp)
        lw      t0, fs_spcsh
        srl     s1, a1, t0              # s1: clusters to skip
3:      beqz    s1, 5f
        mv      a0, s0
        addi    a1, sp, 4
        call    fs_step
        blez    a0, 99f                 # the end (0) or -EIO
        mv      s0, a0
        addi    s1, s1, -1
        j       3b
5:      mv      a0, s0
        call    fs_cl2lba
        lw      t0, fs_spc
        addi    t0, t0, -1
        lw      t1, 0(sp)
        and     t1, t1, t0
        add     a0, a0, t1
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_scan(dir a0, mode a1, key a2, sc a3) -> 0 (found: sc filled); -ENOENT,
# -EIO
# Walks the directory whose first cluster is dir (0 = the root) entry by
# entry up to its end marker (a 0 first byte) or its last sector, for the
# first entry that matches (FS_SCAN_*).  Long-name parts, volume labels and
# deleted entries never match NAME, CLUS or USED; "." and ".." never match
# CLUS or USED.  FS_SC_LAST is the last cluster visited (for extending).
# A dir outside the data area, or a chain that loops, is -EIO.
fs_scan:
        addi    sp, sp, -64
        sw      ra, 60(sp)
        sw      s0, 56(sp)
        sw      s1, 52(sp)
                                        # 36..47: the walk
        sw      a0, 0(sp)               # 0: dir
        sw      a1, 4(sp)               # 4: mode
        sw      a2, 8(sp)               # 8: key
        sw      a3, 12(sp)              # 12: sc
        sw      a0, 16(sp)              # 16: current cluster (0: root)
                                        # 20: sectors left in it; 24: sector
        sw      zero, 28(sp)            # 28: index of the sector's first entry
        li      t0, -1
        sw      t0, 32(sp)              # 32: start of the current long-name run, or -1
        sw      a0, FS_SC_LAST(a3)
        bnez    a0, 1f
        lw      t0, fs_rootlba
        sw      t0, 24(sp)
        lw      t0, fs_rootsecs
        sw      t0, 20(sp)
        j       2f
1:      call    fs_clcheck
        bltz    a0, 99f
        mv      a1, a0
        addi    a0, sp, 36
        call    fs_wstart
        lw      a0, 0(sp)
        call    fs_cl2lba
        sw      a0, 24(sp)
        lw      t0, fs_spc
        sw      t0, 20(sp)
2:      lw      t0, 20(sp)              # next sector
        bnez    t0, 3f
        lw      a0, 16(sp)              # end of the cluster: follow the chain
        beqz    a0, 80f                 # end of the root
        addi    a1, sp, 36
        call    fs_step
        bltz    a0, 99f
        beqz    a0, 80f
        sw      a0, 16(sp)
        lw      t0, 12(sp)
        sw      a0, FS_SC_LAST(t0)
        call    fs_cl2lba
        sw      a0, 24(sp)
        lw      t0, fs_spc
        sw      t0, 20(sp)
3:      lw      a0, 24(sp)
        call    bc_read
        beqz    a0, 90f
        mv      s0, a0                  # s0: buffer
        mv      s1, a0                  # s1: entry
        lw      a1, 4(sp)               # a1: mode
        lw      a2, 8(sp)               # a2: key
        li      a4, 0xE5
4:      lbu     t0, 0(s1)               # t0: first byte
        li      t1, FS_SCAN_FREE
        bne     a1, t1, 41f
        beqz    t0, 70f
        beq     t0, a4, 70f
        j       5f
41:     beqz    t0, 79f                 # end marker
        beq     t0, a4, 49f             # deleted
        lbu     t1, 11(s1)              # t1: attributes
        li      t2, ATTR_LFN
        bne     t1, t2, 42f
        lw      t2, 32(sp)              # a long-name part: maybe starts a run
        bgez    t2, 5f
        sub     t2, s1, s0
        srli    t2, t2, 5
        lw      t0, 28(sp)
        add     t2, t2, t0
        sw      t2, 32(sp)
        j       5f
42:     li      t2, FS_SCAN_NAME        # a short entry
        bne     a1, t2, 43f
        andi    t2, t1, ATTR_VOLUME
        bnez    t2, 49f
        lw      t2, 0(s1)
        lw      a3, 0(a2)
        bne     t2, a3, 49f
        lw      t2, 4(s1)
        lw      a3, 4(a2)
        bne     t2, a3, 49f
        lw      t2, 8(s1)
        li      a3, 0xFFFFFF            # bytes 8..10, not the attributes
        and     t2, t2, a3
        lw      a3, 8(a2)
        bne     t2, a3, 49f
        j       70f
43:     li      t2, '.'
        beq     t0, t2, 49f
        li      t2, FS_SCAN_CLUS
        bne     a1, t2, 44f
        andi    t2, t1, ATTR_DIR
        beqz    t2, 49f
        andi    t2, t1, ATTR_VOLUME
        bnez    t2, 49f
        lhu     t2, 26(s1)
        beq     t2, a2, 70f
        j       49f
44:     li      t2, FS_SCAN_USED
        bne     a1, t2, 49f
        andi    t2, t1, ATTR_VOLUME
        beqz    t2, 70f
49:     li      t2, -1                  # not part of a long-name run
        sw      t2, 32(sp)
5:      addi    s1, s1, 32
        sub     t0, s1, s0
        li      t1, 512
        bne     t0, t1, 4b
        mv      a0, s0                  # next sector
        call    bc_release
        lw      t0, 28(sp)
        addi    t0, t0, 16
        sw      t0, 28(sp)
        lw      t0, 24(sp)
        addi    t0, t0, 1
        sw      t0, 24(sp)
        lw      t0, 20(sp)
        addi    t0, t0, -1
        sw      t0, 20(sp)
        j       2b
70:     lw      a3, 12(sp)              # found at s1
        lw      t0, 24(sp)
        sw      t0, FS_SC_LBA(a3)
        sub     t0, s1, s0
        sw      t0, FS_SC_OFF(a3)
        srli    t0, t0, 5
        lw      t1, 28(sp)
        add     t0, t0, t1
        sw      t0, FS_SC_IDX(a3)
        lw      t1, 32(sp)
        bgez    t1, 71f
        mv      t1, t0
71:     sw      t1, FS_SC_LFN(a3)
        mv      a0, s0
        call    bc_release
        li      a0, 0
        j       99f
79:     mv      a0, s0
        call    bc_release
80:     li      a0, -ENOENT
        j       99f
90:     li      a0, -EIO
99:     lw      s1, 52(sp)
        lw      s0, 56(sp)
        lw      ra, 60(sp)
        addi    sp, sp, 64
        ret

# fs_light(node a0, cluster a1): the node of a directory known only by its
# first cluster: ATTR_DIR, no entry (NODE_DIRSEC 0).  For the root, that is
# all there is.
fs_light:
        sw      a1, NODE_CLUSTER(a0)
        sw      zero, NODE_FSIZE(a0)
        sw      zero, NODE_DIRSEC(a0)
        sw      zero, NODE_DIROFF(a0)
        li      t0, ATTR_DIR
        sw      t0, NODE_ATTR(a0)
        sw      zero, NODE_PARENT(a0)
        sw      zero, FS_CCIDX(a0)
        sw      zero, FS_CCCL(a0)
        ret

# fs_fill(node a0, sector a1, offset a2, dir a3) -> 0 or -EIO
# Fills node from the directory entry at offset in sector, which belongs to
# the directory whose first cluster is dir.
fs_fill:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a3, 0(sp)
        mv      s0, a0                  # s0: node
        sw      a1, NODE_DIRSEC(s0)
        sw      a2, NODE_DIROFF(s0)
        mv      s1, a2
        mv      a0, a1
        call    bc_read
        beqz    a0, 9f
        add     t0, a0, s1              # t0: entry
        lhu     t1, 26(t0)
        sw      t1, NODE_CLUSTER(s0)
        lbu     t1, 11(t0)
        sw      t1, NODE_ATTR(s0)
        andi    t1, t1, ATTR_DIR
        li      t2, 0
        bnez    t1, 1f                  # a directory's size is 0
        lw      t2, 28(t0)
1:      sw      t2, NODE_FSIZE(s0)
        lw      t1, 0(sp)
        sw      t1, NODE_PARENT(s0)
        sw      zero, FS_CCIDX(s0)
        sw      zero, FS_CCCL(s0)
        call    bc_release
        li      a0, 0
        j       10f
9:      li      a0, -EIO
10:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_entcl(sector a0, offset a1) -> first cluster in the entry there, or -EIO
fs_entcl:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 0(sp)
        call    bc_read
        beqz    a0, 9f
        lw      t0, 0(sp)
        add     t0, t0, a0
        lhu     t0, 26(t0)
        sw      t0, 4(sp)
        call    bc_release
        lw      a0, 4(sp)
        j       10f
9:      li      a0, -EIO
10:     lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_pack_dos(name a0, length a1, out a2) -> 0 or -EINVAL
# fs_pack for looking names up: a base over 8 or an extension over 3
# characters is cut to fit, as MS-DOS did, so `usertests` finds USERTEST.
# Names are created only in full (fs_pack).
fs_pack_dos:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      t0, fs_cut
        li      t1, 1
        sw      t1, 0(t0)
        call    fs_pack
        la      t0, fs_cut
        sw      zero, 0(t0)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_pack(name a0, length a1, out a2) -> 0 or -EINVAL
# Packs a path component into the 11-byte space-padded upper-case form of
# a directory entry (out: 12 bytes, word aligned; byte 11 set to 0).  Valid:
# 1..8 characters, optionally '.' and 1..3 more; printable ASCII except
# space and " * + , / : ; < = > ? [ \ ] |.
fs_pack:
        li      t0, 0x20202020
        sw      t0, 0(a2)
        sw      t0, 4(a2)
        li      t0, 0x00202020
        sw      t0, 8(a2)
        beqz    a1, 9f
        add     a3, a0, a1              # a3: end
        li      a4, 0                   # a4: 1 after the dot
        li      t0, 0                   # t0: output position
        li      t1, 8                   # t1: its limit
1:      beq     a0, a3, 7f
        lbu     a5, 0(a0)
        addi    a0, a0, 1
        li      t2, '.'
        bne     a5, t2, 2f
        bnez    a4, 9f                  # a second dot
        beqz    t0, 9f                  # nothing before it
        li      a4, 1
        li      t0, 8
        li      t1, 11
        j       1b
2:      li      t2, 0x20
        bleu    a5, t2, 9f
        li      t2, 0x7F
        bgeu    a5, t2, 9f
        la      a1, fs_badchars
3:      lbu     t2, 0(a1)
        beqz    t2, 4f
        beq     t2, a5, 9f
        addi    a1, a1, 1
        j       3b
4:      li      t2, 'a'
        bltu    a5, t2, 5f
        li      t2, 'z'
        bgtu    a5, t2, 5f
        addi    a5, a5, 'A' - 'a'
5:      beq     t0, t1, 6f              # too long
        add     t2, a2, t0
        sb      a5, 0(t2)
        addi    t0, t0, 1
        j       1b
6:      la      t2, fs_cut              # too long: cut when looking up
        lw      t2, 0(t2)
        beqz    t2, 9f
        j       1b
7:      beqz    t0, 9f                  # empty
        beqz    a4, 8f
        li      t2, 8
        beq     t0, t2, 9f              # empty extension
8:      li      a0, 0
        ret
9:      li      a0, -EINVAL
        ret

# fs_walk(dir a0, path a1, length a2, node a3) -> a0 = 0 or -ENOENT,
# -ENOTDIR, -ENAMETOOLONG, -EIO; a1 = 1 if the node is only a light one
# (fs_light: a directory reached as the start, the root, "." or "..").
# Resolves the first length bytes of path from the directory whose first
# cluster is dir (an absolute path from the root).
fs_walk:
        addi    sp, sp, -64
        sw      ra, 60(sp)
        sw      s0, 56(sp)
        sw      s1, 52(sp)
        sw      a3, 0(sp)               # 0: node
        li      t0, 1
        sw      t0, 4(sp)               # 4: light
                                        # 8..19: packed name; 20..39: scan record
        mv      s0, a1                  # s0: cursor
        add     s1, a1, a2              # s1: end
        beq     s0, s1, 1f
        lbu     t0, 0(s0)
        li      t1, '/'
        bne     t0, t1, 1f
        li      a0, 0                   # absolute: from the root
1:      mv      a1, a0
        mv      a0, a3
        call    fs_light
2:      beq     s0, s1, 80f             # skip slashes
        lbu     t0, 0(s0)
        li      t1, '/'
        bne     t0, t1, 3f
        addi    s0, s0, 1
        j       2b
3:      sw      s0, 44(sp)              # 44: component start
4:      addi    s0, s0, 1               # to its end
        beq     s0, s1, 5f
        lbu     t0, 0(s0)
        li      t1, '/'
        bne     t0, t1, 4b
5:      lw      t0, 0(sp)
        lw      t0, NODE_ATTR(t0)
        andi    t0, t0, ATTR_DIR
        li      a0, -ENOTDIR
        beqz    t0, 99f
        lw      a0, 44(sp)
        sub     a1, s0, a0              # a1: component length
        li      t0, NAME_MAX
        bleu    a1, t0, 6f
        li      a0, -ENAMETOOLONG
        j       99f
6:      lbu     t0, 0(a0)
        li      t1, '.'
        bne     t0, t1, 7f
        li      t1, 1
        beq     a1, t1, 2b              # "."
        li      t1, 2
        bne     a1, t1, 7f
        lbu     t0, 1(a0)
        li      t1, '.'
        bne     t0, t1, 7f
        lw      a0, 0(sp)               # "..": the cluster in the ".." entry
        lw      a0, NODE_CLUSTER(a0)
        beqz    a0, 2b                  # of the root: the root
        li      a1, FS_SCAN_NAME
        la      a2, fs_dotdot
        addi    a3, sp, 20
        call    fs_scan
        bnez    a0, 99f
        lw      a0, 20 + FS_SC_LBA(sp)
        lw      a1, 20 + FS_SC_OFF(sp)
        call    fs_entcl
        bltz    a0, 99f
        mv      a1, a0
        lw      a0, 0(sp)
        call    fs_light
        li      t0, 1
        sw      t0, 4(sp)
        j       2b
7:      addi    a2, sp, 8               # a name
        call    fs_pack_dos
        li      t0, -ENOENT
        bnez    a0, 98f
        lw      a0, 0(sp)
        lw      a0, NODE_CLUSTER(a0)
        sw      a0, 48(sp)              # 48: the directory searched
        li      a1, FS_SCAN_NAME
        addi    a2, sp, 8
        addi    a3, sp, 20
        call    fs_scan
        bnez    a0, 99f
        lw      a0, 0(sp)
        lw      a1, 20 + FS_SC_LBA(sp)
        lw      a2, 20 + FS_SC_OFF(sp)
        lw      a3, 48(sp)
        call    fs_fill
        bnez    a0, 99f
        sw      zero, 4(sp)
        j       2b
80:     li      a0, 0
        lw      a1, 4(sp)
        j       99f
98:     mv      a0, t0
99:     lw      s1, 52(sp)
        lw      s0, 56(sp)
        lw      ra, 60(sp)
        addi    sp, sp, 64
        ret

# fs_dirnode(cluster a0, node a1) -> 0 or -EIO
# Fills node for the directory whose first cluster is cluster, with its
# entry in its parent (found through its ".." entry) when there is one.
fs_dirnode:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        mv      s0, a0                  # s0: cluster
        mv      s1, a1                  # s1: node
        mv      a0, a1
        mv      a1, s0
        call    fs_light
        li      a0, 0
        beqz    s0, 99f                 # the root
        mv      a0, s0
        li      a1, FS_SCAN_NAME
        la      a2, fs_dotdot
        mv      a3, sp
        call    fs_scan
        bnez    a0, 8f
        lw      a0, FS_SC_LBA(sp)
        lw      a1, FS_SC_OFF(sp)
        call    fs_entcl
        bltz    a0, 99f
        sw      a0, 32(sp)              # 32: the parent
        li      a1, FS_SCAN_CLUS
        mv      a2, s0
        mv      a3, sp
        call    fs_scan
        bnez    a0, 8f
        mv      a0, s1
        lw      a1, FS_SC_LBA(sp)
        lw      a2, FS_SC_OFF(sp)
        lw      a3, 32(sp)
        call    fs_fill
        j       99f
8:      li      a0, 0                   # no entry found: the light node
99:     lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# fs_lookup(dir a0, path a1, node a2) -> 0; -ENOENT, -ENOTDIR,
# -ENAMETOOLONG, -EIO
# Fills node for path, relative to the directory whose first cluster is dir
# (0 = the root) unless it starts with '/'.
fs_lookup:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        mv      s0, a2                  # s0: node
        mv      s1, a1                  # s1: path
        lbu     t0, 0(a1)
        li      a0, -ENOENT
        beqz    t0, 99f                 # the empty path
        mv      a0, a1
        call    strlen
        mv      a2, a0
        lw      a0, 0(sp)
        mv      a1, s1
        mv      a3, s0
        call    fs_walk
        bnez    a0, 99f
        beqz    a1, 99f
        lw      a0, NODE_CLUSTER(s0)    # complete a directory's node
        mv      a1, s0
        call    fs_dirnode
99:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_parent(dir a0, path a1, node a2, name a3) -> FS_P_* (>= 0) or -ENOENT,
# -ENOTDIR, -ENAMETOOLONG, -EIO
# Resolves every component of path but the last into node (a directory)
# and classifies the last one: FS_P_NAME (packed into name, 12 bytes), or
# FS_P_DOT, FS_P_BAD, FS_P_LONG.  Trailing slashes are ignored; a path of
# slashes only is the root (FS_P_DOT).
fs_parent:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)               # 0: dir
        sw      a1, 4(sp)               # 4: path
        sw      a2, 8(sp)               # 8: node
        sw      a3, 12(sp)              # 12: name
        lbu     t0, 0(a1)
        li      a0, -ENOENT
        beqz    t0, 99f
        mv      a0, a1
        call    strlen
        lw      t2, 4(sp)               # t2: path
        add     s1, t2, a0              # s1: end of the last component
        li      t1, '/'
1:      beq     s1, t2, 2f
        lbu     t0, -1(s1)
        bne     t0, t1, 2f
        addi    s1, s1, -1
        j       1b
2:      mv      s0, s1                  # s0: its start
3:      beq     s0, t2, 4f
        lbu     t0, -1(s0)
        beq     t0, t1, 4f
        addi    s0, s0, -1
        j       3b
4:      lw      a0, 0(sp)
        mv      a1, t2
        sub     a2, s0, t2
        lw      a3, 8(sp)
        call    fs_walk
        bnez    a0, 99f
        lw      t0, 8(sp)
        lw      t0, NODE_ATTR(t0)
        andi    t0, t0, ATTR_DIR
        li      a0, -ENOTDIR
        beqz    t0, 99f
        sub     a1, s1, s0              # a1: length of the last component
        li      a0, FS_P_DOT
        beqz    a1, 99f                 # the root
        lbu     t0, 0(s0)
        li      t1, '.'
        bne     t0, t1, 5f
        li      t1, 1
        beq     a1, t1, 99f             # "."
        li      t1, 2
        bne     a1, t1, 5f
        lbu     t0, 1(s0)
        li      t1, '.'
        beq     t0, t1, 99f             # ".."
5:      li      t0, NAME_MAX
        li      a0, FS_P_LONG
        bgtu    a1, t0, 99f
        mv      a0, s0
        lw      a2, 12(sp)
        call    fs_pack
        beqz    a0, 99f                 # FS_P_NAME
        li      a0, FS_P_BAD
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_newent(sector a0, offset a1, name a2, attr a3, cluster a4) -> 0, -EIO
# Writes a new directory entry: the packed name (12-byte buffer), attr,
# first cluster, size 0, every date and time fs_stamp's (the access date
# too).
fs_newent:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 16(sp)
        sw      a1, 0(sp)
        sw      a2, 4(sp)
        sw      a3, 8(sp)
        sw      a4, 12(sp)
        call    fs_stamp
        mv      s1, a0                  # s1: date << 16 | time
        lw      a0, 16(sp)
        call    bc_read
        beqz    a0, 9f
        mv      s0, a0                  # s0: buffer
        lw      t0, 0(sp)
        add     t0, t0, a0              # t0: entry
        lw      a2, 4(sp)
        lw      t1, 0(a2)
        sw      t1, 0(t0)               # name 0..3
        lw      t1, 4(a2)
        sw      t1, 4(t0)               # name 4..7
        lw      t1, 8(a2)
        li      t2, 0xFFFFFF
        and     t1, t1, t2
        lw      t2, 8(sp)
        slli    t2, t2, 24
        or      t1, t1, t2
        sw      t1, 8(t0)               # name 8..10, attributes
        slli    t1, s1, 16
        sw      t1, 12(t0)              # case flags, creation tenths 0, creation time
        sw      t1, 20(t0)              # cluster high 0, write time
        srli    t1, s1, 16
        slli    t2, t1, 16
        or      t2, t2, t1
        sw      t2, 16(t0)              # creation date, access date
        lw      t2, 12(sp)
        slli    t2, t2, 16
        or      t1, t1, t2
        sw      t1, 24(t0)              # write date, first cluster
        sw      zero, 28(t0)            # size
        call    bc_dirty
        mv      a0, s0
        call    bc_release
        li      a0, 0
        j       10f
9:      li      a0, -EIO
10:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_updent(node a0) -> 0 or -EIO
# Writes the node's first cluster and size into its directory entry, and
# fs_stamp's write date and time; nothing for a node without one.
fs_updent:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        lw      a0, NODE_DIRSEC(s0)
        beqz    a0, 8f
        call    fs_stamp
        mv      s1, a0
        lw      a0, NODE_DIRSEC(s0)
        call    bc_read
        beqz    a0, 9f
        lw      t0, NODE_DIROFF(s0)
        add     t0, t0, a0
        lw      t1, NODE_CLUSTER(s0)
        sh      t1, 26(t0)
        lw      t1, NODE_FSIZE(s0)
        sw      t1, 28(t0)
        sh      s1, 22(t0)              # write time
        srli    t1, s1, 16
        sh      t1, 24(t0)              # write date
        call    bc_dirty
        call    bc_release
8:      li      a0, 0
        j       10f
9:      li      a0, -EIO
10:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_stamp() -> a0 = FAT date << 16 | time of now: clock_now()'s, or
# FS_DATE 00:00 when it has no time (a negative errno).
fs_stamp:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    clock_now
        bltz    a0, 1f
        call    clock_fat
        j       2f
1:      li      a0, FS_DATE << 16
2:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_mtime(node a0) -> a0 = the last write stamp of its directory entry,
# FAT date << 16 | time (STAT_MTIME); 0 for a node without an entry (the
# root) or when the entry's sector cannot be read.
fs_mtime:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        lw      a0, NODE_DIRSEC(s0)
        beqz    a0, 9f
        call    bc_read
        beqz    a0, 9f
        lw      t0, NODE_DIROFF(s0)
        add     t0, t0, a0
        call    fs_entstamp
        mv      s0, a1
        call    bc_release
        mv      a0, s0
        j       10f
9:      li      a0, 0
10:     lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_entstamp(entry t0) -> a1 = its write date << 16 | write time.
# Changes only a1 and t1.
fs_entstamp:
        lhu     a1, 24(t0)
        slli    a1, a1, 16
        lhu     t1, 22(t0)
        or      a1, a1, t1
        ret

# fs_delent(dir a0, sc a1) -> 0 or -EIO
# Marks the entry of a scan result deleted (0xE5), with the long-name
# entries that precede it.
fs_delent:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        lw      s0, FS_SC_LFN(a1)       # s0: index
        lw      s1, FS_SC_IDX(a1)       # s1: last index
1:      bgtu    s0, s1, 8f
        lw      a0, 0(sp)
        srli    a1, s0, 4
        call    fs_dirlba
        blez    a0, 9f
        call    bc_read
        beqz    a0, 9f
        andi    t0, s0, 15
        slli    t0, t0, 5
        add     t0, t0, a0
        li      t1, 0xE5
        sb      t1, 0(t0)
        call    bc_dirty
        call    bc_release
        addi    s0, s0, 1
        j       1b
8:      li      a0, 0
        j       10f
9:      li      a0, -EIO
10:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_slot(dir a0, sc a1) -> 0 (sc: FS_SC_LBA, FS_SC_OFF of a free entry);
# -ENOSPC, -EIO
# A free entry in the directory; a full subdirectory gets a new zeroed
# cluster, a full root is -ENOSPC.
fs_slot:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        li      a1, FS_SCAN_FREE
        li      a2, 0
        mv      a3, s1
        call    fs_scan
        beqz    a0, 99f
        li      t0, -ENOENT
        bne     a0, t0, 99f
        li      a0, -ENOSPC
        beqz    s0, 99f                 # the root is full
        lw      a0, FS_SC_LAST(s1)
        call    fs_alloc
        bltz    a0, 99f
        sw      a0, 0(sp)
        call    fs_zclus
        bnez    a0, 99f
        lw      a0, 0(sp)
        call    fs_cl2lba
        sw      a0, FS_SC_LBA(s1)
        sw      zero, FS_SC_OFF(s1)
        li      a0, 0
99:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_prepare(dir a0, path a1, node a2, work a3) -> a0 = 0 and a1 = the
# parent's first cluster; or -EEXIST, -ENOENT, -ENOTDIR, -ENOSPC, -EINVAL
# (not an 8.3 name), -EIO.  What fs_create and fs_mkdir share: resolves
# the parent of path into node, packs the new name into work (12 bytes),
# checks that no entry has it ("." and ".." always exist), and finds a free
# slot for it: the scan record at work+12 (20 bytes) says where.
fs_prepare:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a2, 0(sp)               # 0: the node
        mv      s0, a3                  # s0: work
        call    fs_parent
        bltz    a0, 99f
        li      t0, FS_P_DOT
        bne     a0, t0, 1f
        li      a0, -EEXIST
        j       99f
1:      beqz    a0, 2f
        li      a0, -EINVAL
        j       99f
2:      lw      t0, 0(sp)
        lw      s1, NODE_CLUSTER(t0)    # s1: the parent
        mv      a0, s1
        li      a1, FS_SCAN_NAME
        mv      a2, s0
        addi    a3, s0, 12
        call    fs_scan
        bnez    a0, 3f
        li      a0, -EEXIST
        j       99f
3:      li      t0, -ENOENT
        bne     a0, t0, 99f
        mv      a0, s1
        addi    a1, s0, 12
        call    fs_slot
        mv      a1, s1
99:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fs_create(dir a0, path a1, node a2) -> 0; -EEXIST, -ENOENT, -ENOTDIR,
# -ENOSPC, -EINVAL (not an 8.3 name), -EIO
# A new empty file (ATTR_ARCHIVE, no cluster); node is filled for it.
fs_create:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        mv      s0, a2                  # s0: node
        addi    a3, sp, 0               # 0..11: packed name; 12..31: scan record
        call    fs_prepare
        bnez    a0, 99f
        mv      s1, a1                  # s1: the parent
        lw      a0, 12 + FS_SC_LBA(sp)
        lw      a1, 12 + FS_SC_OFF(sp)
        addi    a2, sp, 0
        li      a3, ATTR_ARCHIVE
        li      a4, 0
        call    fs_newent
        bnez    a0, 99f
        mv      a0, s0
        lw      a1, 12 + FS_SC_LBA(sp)
        lw      a2, 12 + FS_SC_OFF(sp)
        mv      a3, s1
        call    fs_fill
99:     lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# fs_mkdir(dir a0, path a1) -> 0; -EEXIST, -ENOENT, -ENOTDIR, -ENOSPC,
# -EINVAL (not an 8.3 name), -EIO
# A new directory: one zeroed cluster holding "." and "..".
fs_mkdir:
        addi    sp, sp, -80
        sw      ra, 76(sp)
        sw      s0, 72(sp)
        sw      s1, 68(sp)
        addi    a2, sp, 32              # 32..63: the parent's node
        addi    a3, sp, 0               # 0..11: packed name; 12..31: scan record
        call    fs_prepare
        bnez    a0, 99f
        mv      s1, a1                  # s1: the parent
        li      a0, 0
        call    fs_alloc
        bltz    a0, 99f
        mv      s0, a0                  # s0: the new directory's cluster
        call    fs_zclus
        bnez    a0, 99f
        mv      a0, s0
        call    fs_cl2lba
        sw      a0, 64(sp)              # 64: its first sector
        li      a1, 0
        la      a2, fs_dot
        li      a3, ATTR_DIR
        mv      a4, s0
        call    fs_newent
        bnez    a0, 99f
        lw      a0, 64(sp)
        li      a1, 32
        la      a2, fs_dotdot
        li      a3, ATTR_DIR
        mv      a4, s1
        call    fs_newent
        bnez    a0, 99f
        lw      a0, 12 + FS_SC_LBA(sp)
        lw      a1, 12 + FS_SC_OFF(sp)
        addi    a2, sp, 0
        li      a3, ATTR_DIR
        mv      a4, s0
        call    fs_newent
99:     lw      s1, 68(sp)
        lw      s0, 72(sp)
        lw      ra, 76(sp)
        addi    sp, sp, 80
        ret

# fs_remove(dir a0, path a1, isdir a2) -> 0; -ENOENT, -ENOTDIR,
# -ENAMETOOLONG, -EISDIR, -ENOTEMPTY, -EBUSY, -EIO
# The common part of fs_unlink (isdir 0) and fs_rmdir (isdir 1): finds the
# entry, checks its kind (and emptiness), marks it and its long-name
# entries deleted, then frees its clusters.
fs_remove:
        addi    sp, sp, -96
        sw      ra, 92(sp)
        sw      s0, 88(sp)
        sw      s1, 84(sp)
        mv      s0, a2                  # s0: isdir
        addi    a2, sp, 32              # 32..63: the parent's node
        addi    a3, sp, 0               # 0..11: name; 12..31, 64..83: scan records
        call    fs_parent
        bltz    a0, 99f
        beqz    a0, 3f
        li      t0, FS_P_DOT
        bne     a0, t0, 2f
        li      a0, -EISDIR             # "/", ".", ".."
        beqz    s0, 99f
        li      a0, -EBUSY
        j       99f
2:      li      t0, FS_P_LONG
        bne     a0, t0, 21f
        li      a0, -ENAMETOOLONG
        j       99f
21:     li      a0, -ENOENT
        j       99f
3:      lw      s1, 32 + NODE_CLUSTER(sp)   # s1: the parent
        mv      a0, s1
        li      a1, FS_SCAN_NAME
        addi    a2, sp, 0
        addi    a3, sp, 12
        call    fs_scan
        bnez    a0, 99f
        addi    a0, sp, 32              # the entry into the node
        lw      a1, 12 + FS_SC_LBA(sp)
        lw      a2, 12 + FS_SC_OFF(sp)
        mv      a3, s1
        call    fs_fill
        bnez    a0, 99f
        lw      t0, 32 + NODE_ATTR(sp)
        andi    t0, t0, ATTR_DIR
        bnez    s0, 4f
        li      a0, -EISDIR             # unlink
        bnez    t0, 99f
        j       6f
4:      li      a0, -ENOTDIR            # rmdir
        beqz    t0, 99f
        lw      a0, 32 + NODE_CLUSTER(sp)
        li      t0, -EBUSY
        beqz    a0, 98f                 # an entry for the root?
        li      a1, FS_SCAN_USED
        li      a2, 0
        addi    a3, sp, 64
        call    fs_scan
        li      t0, -ENOTEMPTY
        beqz    a0, 98f
        li      t0, -ENOENT
        bne     a0, t0, 99f
6:      mv      a0, s1
        addi    a1, sp, 12
        call    fs_delent
        bnez    a0, 99f
        lw      a0, 32 + NODE_CLUSTER(sp)
        call    fs_freechain
        j       99f
98:     mv      a0, t0
99:     lw      s1, 84(sp)
        lw      s0, 88(sp)
        lw      ra, 92(sp)
        addi    sp, sp, 96
        ret

# fs_unlink(dir a0, path a1) -> 0; -ENOENT, -EISDIR, -ENOTDIR,
# -ENAMETOOLONG, -EIO
# Removes a file: its entry (with its long-name parts) and its clusters.
fs_unlink:
        li      a2, 0
        j       fs_remove

# fs_rmdir(dir a0, path a1) -> 0; -ENOTEMPTY, -ENOTDIR, -ENOENT, -EBUSY
# (the root, "." or ".."), -ENAMETOOLONG, -EIO
# Removes an empty directory.
fs_rmdir:
        li      a2, 1
        j       fs_remove

# fs_readdir(node a0, index a1, dirent a2) -> next index (> 0) after
# filling dirent from the first live entry at or after index; 0 at the end;
# -ENOTDIR, -EIO
# Skips ".", "..", deleted entries, long-name parts and volume labels.
fs_readdir:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a2, 4(sp)               # 4: dirent
        lw      t0, NODE_ATTR(a0)
        andi    t0, t0, ATTR_DIR
        li      t1, -ENOTDIR
        beqz    t0, 98f
        lw      t0, NODE_CLUSTER(a0)
        sw      t0, 0(sp)               # 0: the directory
        mv      s1, a1                  # s1: index
1:      lw      a0, 0(sp)
        srli    a1, s1, 4
        call    fs_dirlba
        li      t1, 0
        beqz    a0, 98f                 # past the last sector
        bltz    a0, 99f
        call    bc_read
        li      t1, -EIO
        beqz    a0, 98f
        mv      s0, a0                  # s0: buffer
2:      andi    t0, s1, 15
        slli    t0, t0, 5
        add     t0, t0, s0              # t0: entry
        lbu     t1, 0(t0)
        beqz    t1, 7f                  # the end
        addi    s1, s1, 1
        li      t2, 0xE5
        beq     t1, t2, 3f
        li      t2, '.'
        beq     t1, t2, 3f
        lbu     t2, 11(t0)
        andi    t2, t2, ATTR_VOLUME     # labels and long-name parts
        beqz    t2, 4f
3:      andi    t0, s1, 15
        bnez    t0, 2b
        mv      a0, s0                  # next sector
        call    bc_release
        j       1b
4:      lw      a1, 4(sp)               # fill the record
        lbu     t2, 11(t0)
        andi    t2, t2, ATTR_DIR
        li      t1, 0
        li      a2, T_DIR
        bnez    t2, 5f
        lw      t1, 28(t0)
        li      a2, T_FILE
5:      sw      t1, DIRENT_FSIZE(a1)
        sw      a2, DIRENT_TYPE(a1)
        mv      t2, a1
        call    fs_entstamp
        sw      a1, DIRENT_MTIME(t2)
        mv      a1, t2
        mv      a0, t0
        addi    a1, a1, DIRENT_NAME
        call    fs_fmtname
        mv      a0, s0
        call    bc_release
        mv      a0, s1
        j       99f
7:      mv      a0, s0
        call    bc_release
        li      t1, 0
98:     mv      a0, t1
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_fmtname(entry a0, out a1): the entry's name as "NAME.EXT" (no dot
# without an extension), NUL-terminated; a first byte 0x05 stands for 0xE5.
fs_fmtname:
        li      t2, ' '
        li      t0, 0
1:      add     a2, a0, t0              # the base name
        lbu     a3, 0(a2)
        beq     a3, t2, 3f
        bnez    t0, 2f
        li      a4, 5
        bne     a3, a4, 2f
        li      a3, 0xE5
2:      sb      a3, 0(a1)
        addi    a1, a1, 1
        addi    t0, t0, 1
        li      a4, 8
        bne     t0, a4, 1b
3:      lbu     a3, 8(a0)
        beq     a3, t2, 9f
        li      a3, '.'
        sb      a3, 0(a1)
        addi    a1, a1, 1
        li      t0, 8
4:      add     a2, a0, t0              # the extension
        lbu     a3, 0(a2)
        beq     a3, t2, 9f
        sb      a3, 0(a1)
        addi    a1, a1, 1
        addi    t0, t0, 1
        li      a4, 11
        bne     t0, a4, 4b
9:      sb      zero, 0(a1)
        ret

# fs_read(node a0, offset a1, dst a2, n a3) -> bytes copied to dst (0 at or
# past the end of the file); -EISDIR, -EIO
# Whole sectors go straight from the disk into a word-aligned dst, as many
# at once (up to FS_RUN_MAX) as are contiguous on the disk -- across
# clusters that follow each other -- and not cached (a cached one is copied
# from the cache); the rest goes through the cache.
        .equ FS_RUN_MAX, 128            # sectors in one transfer at most (64 KiB)
fs_read:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        mv      s0, a0                  # s0: node
        li      s1, 0                   # s1: bytes done
        lw      t0, NODE_ATTR(a0)
        andi    t0, t0, ATTR_DIR
        li      a0, -EISDIR
        bnez    t0, 99f
        lw      t0, NODE_FSIZE(s0)
        li      a0, 0
        bgeu    a1, t0, 99f
        sub     t0, t0, a1              # bytes up to the end
        bleu    a3, t0, 1f
        mv      a3, t0
1:      sw      a1, 0(sp)               # 0: offset
        sw      a2, 4(sp)               # 4: dst
        sw      a3, 8(sp)               # 8: bytes left
2:      lw      t0, 8(sp)
        beqz    t0, 80f
        mv      a0, s0
        lw      a1, 0(sp)
        lw      t0, fs_csh
        srl     a1, a1, t0
        li      a2, 0
        call    fs_clus
        blez    a0, 90f
        sw      a0, 28(sp)              # 28: the cluster
        call    fs_cl2lba
        lw      t0, 0(sp)
        srli    t1, t0, 9
        lw      t2, fs_spc
        addi    a1, t2, -1
        and     t1, t1, a1              # t1: sector in the cluster
        sub     a2, t2, t1              # a2: sectors from there to its end
        add     a0, a0, t1
        sw      a0, 12(sp)              # 12: sector
        andi    t0, t0, 511             # t0: offset in it
        lw      t1, 8(sp)               # t1: bytes left
        bnez    t0, 4f
        lw      t2, 4(sp)
        andi    t2, t2, 3
        bnez    t2, 4f
        srli    t1, t1, 9               # whole sectors to an aligned dst
        beqz    t1, 4f
        bleu    t1, a2, 3f
        li      t0, FS_RUN_MAX          # more than this cluster holds: one transfer
        bleu    t1, t0, 5f              # for the clusters that follow it on the disk
        mv      t1, t0
5:      sw      t1, 20(sp)              # 20: sectors wanted
        sw      a2, 16(sp)              # 16: sectors in the run so far
        lw      t0, 0(sp)
        lw      t1, fs_csh
        srl     t0, t0, t1
        sw      t0, 32(sp)              # 32: index of the run's last cluster
51:     mv      a0, s0
        lw      a1, 32(sp)
        addi    a1, a1, 1
        sw      a1, 32(sp)
        li      a2, 0
        call    fs_clus
        lw      t0, 28(sp)
        addi    t0, t0, 1
        bne     a0, t0, 52f             # not the next one on the disk (or the end)
        sw      a0, 28(sp)
        lw      t0, 16(sp)
        lw      t1, fs_spc
        add     t0, t0, t1
        sw      t0, 16(sp)
        lw      t1, 20(sp)
        bltu    t0, t1, 51b
52:     lw      a0, 12(sp)              # the run's first sector again
        lw      t1, 20(sp)
        lw      a2, 16(sp)
        bleu    t1, a2, 3f
        mv      t1, a2
3:      mv      a1, t1
        call    bc_uncached
        beqz    a0, 35f
        slli    t0, a0, 9               # straight from the disk
        sw      t0, 16(sp)
        mv      a2, a0
        lw      a0, 12(sp)
        lw      a1, 4(sp)
        call    blk_read
        bnez    a0, 90f
        j       6f
35:     li      t0, 512                 # the first is cached
        sw      t0, 16(sp)
        lw      a0, 12(sp)
        call    bc_peek
        mv      a1, a0
        lw      a0, 4(sp)
        li      a2, 512
        call    fs_copyout
        j       6f
4:      sw      t0, 20(sp)              # through the cache
        lw      t1, 8(sp)
        li      t2, 512
        sub     t2, t2, t0
        bleu    t2, t1, 41f
        mv      t2, t1
41:     sw      t2, 16(sp)              # 16: bytes this round
        lw      a0, 12(sp)
        call    bc_read
        beqz    a0, 91f
        sw      a0, 24(sp)              # 24: buffer
        lw      t0, 20(sp)
        add     a1, a0, t0
        lw      a0, 4(sp)
        lw      a2, 16(sp)
        call    fs_copyout
        lw      a0, 24(sp)
        call    bc_release
6:      lw      t0, 16(sp)
        add     s1, s1, t0
        lw      t1, 0(sp)
        add     t1, t1, t0
        sw      t1, 0(sp)
        lw      t1, 4(sp)
        add     t1, t1, t0
        sw      t1, 4(sp)
        lw      t1, 8(sp)
        sub     t1, t1, t0
        sw      t1, 8(sp)
        j       2b
90:     bltz    a0, 92f                 # short chain or I/O error
91:     li      a0, -EIO
92:     bnez    s1, 80f
        j       99f
80:     mv      a0, s1
99:     lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# fs_wr(node a0, offset a1, src a2, n a3) -> bytes written, or -ENOSPC,
# -EIO when none
# Writes n bytes from src (zeros when src is 0) at offset, allocating
# clusters as needed; grows the node's size, then updates its entry.
# Whole sectors not cached go straight to the disk, from a word-aligned src
# as many at once as are contiguous in the cluster; a cached one is changed
# in the cache.
fs_wr:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        mv      s0, a0                  # s0: node
        li      s1, 0                   # s1: bytes done
        sw      a1, 0(sp)               # 0: offset
        sw      a2, 4(sp)               # 4: src
        sw      a3, 8(sp)               # 8: bytes left
        sw      zero, 28(sp)            # 28: error
1:      lw      t0, 8(sp)
        beqz    t0, 80f
        mv      a0, s0
        lw      a1, 0(sp)
        lw      t0, fs_csh
        srl     a1, a1, t0
        li      a2, 1
        call    fs_clus
        bltz    a0, 90f
        call    fs_cl2lba
        lw      t0, 0(sp)
        srli    t1, t0, 9
        lw      t2, fs_spc
        addi    a1, t2, -1
        and     t1, t1, a1              # t1: sector in the cluster
        sub     a2, t2, t1              # a2: sectors from there to its end
        add     a0, a0, t1
        sw      a0, 12(sp)              # 12: sector
        andi    t0, t0, 511             # t0: offset in it
        lw      t1, 8(sp)               # t1: bytes left
        bnez    t0, 5f
        srli    t1, t1, 9               # whole sectors
        beqz    t1, 5f
        bleu    t1, a2, 2f
        mv      t1, a2
2:      mv      a1, t1
        call    bc_uncached
        li      t0, 512
        sw      t0, 16(sp)              # 16: bytes this round
        bnez    a0, 3f
        lw      a0, 12(sp)              # cached: change it there
        call    bc_peek
        sw      a0, 24(sp)
        lw      a1, 4(sp)
        li      a2, 512
        call    fs_copyz
        lw      a0, 24(sp)
        call    bc_dirty
        j       7f
3:      lw      a1, 4(sp)
        bnez    a1, 4f
        lw      a0, 12(sp)              # zeros: one sector
        la      a1, fs_zeros
        li      a2, 1
        call    blk_write
        bnez    a0, 90f
        j       7f
4:      andi    t1, a1, 3
        bnez    t1, 45f
        mv      a2, a0                  # the uncached run, straight
        slli    t0, a0, 9
        sw      t0, 16(sp)
        lw      a0, 12(sp)
        call    blk_write
        bnez    a0, 90f
        j       7f
45:     lw      a0, 12(sp)              # unaligned source: a whole new buffer
        call    bc_over
        beqz    a0, 91f
        sw      a0, 24(sp)
        lw      a1, 4(sp)
        li      a2, 512
        call    fs_copyin
        lw      a0, 24(sp)
        call    bc_release
        j       7f
5:      sw      t0, 20(sp)              # part of a sector: read, change
        lw      t1, 8(sp)
        li      t2, 512
        sub     t2, t2, t0
        bleu    t2, t1, 51f
        mv      t2, t1
51:     sw      t2, 16(sp)
        lw      a0, 12(sp)
        call    bc_read
        beqz    a0, 91f
        sw      a0, 24(sp)
        lw      t0, 20(sp)
        add     a0, a0, t0
        lw      a1, 4(sp)
        lw      a2, 16(sp)
        call    fs_copyz
        lw      a0, 24(sp)
        call    bc_dirty
        call    bc_release
7:      lw      t0, 16(sp)              # advance
        add     s1, s1, t0
        lw      t1, 0(sp)
        add     t1, t1, t0
        sw      t1, 0(sp)
        lw      t2, 4(sp)
        beqz    t2, 8f
        add     t2, t2, t0
        sw      t2, 4(sp)
8:      lw      t2, 8(sp)
        sub     t2, t2, t0
        sw      t2, 8(sp)
        lw      t0, NODE_FSIZE(s0)
        bgeu    t0, t1, 1b
        sw      t1, NODE_FSIZE(s0)
        j       1b
90:     sw      a0, 28(sp)
        j       80f
91:     li      a0, -EIO
        sw      a0, 28(sp)
80:     mv      a0, s0
        call    fs_updent
        bnez    s1, 81f
        lw      t0, 28(sp)
        beqz    t0, 81f
        mv      a0, t0                  # nothing written: the error
        j       99f
81:     mv      a0, s1
99:     lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# fs_copyz(dst a0, src a1, n a2): fs_copyin(dst, src, n), or memset(dst,
# 0, n) when src is 0.
fs_copyz:
        beqz    a1, 1f
        tail    fs_copyin
1:      tail    memset

# fs_write(node a0, offset a1, src a2, n a3) -> bytes written; -EISDIR,
# -EFBIG (past 2 GiB), -ENOSPC, -EIO
# Writes n bytes of src at offset; an offset past the end first zero-fills
# the gap.  The node's size and its directory entry follow.
fs_write:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        mv      s0, a0
        sw      a1, 0(sp)
        sw      a2, 4(sp)
        sw      a3, 8(sp)
        lw      t0, NODE_ATTR(a0)
        andi    t0, t0, ATTR_DIR
        li      a0, -EISDIR
        bnez    t0, 99f
        li      a0, 0
        beqz    a3, 99f
        add     t0, a1, a3              # the end must stay below 2 GiB
        li      a0, -EFBIG
        bltz    t0, 99f
        bltu    t0, a1, 99f
        lw      t0, NODE_FSIZE(s0)
        bleu    a1, t0, 1f
        sub     s1, a1, t0              # s1: the gap
        mv      a0, s0
        mv      a1, t0
        li      a2, 0
        mv      a3, s1
        call    fs_wr
        bltz    a0, 99f
        beq     a0, s1, 1f
        li      a0, -ENOSPC             # the gap did not fit
        j       99f
1:      mv      a0, s0
        lw      a1, 0(sp)
        lw      a2, 4(sp)
        lw      a3, 8(sp)
        call    fs_wr
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fs_truncate(node a0) -> 0; -EISDIR, -EIO
# Size 0, clusters freed, entry updated.
fs_truncate:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        lw      t0, NODE_ATTR(a0)
        andi    t0, t0, ATTR_DIR
        li      a0, -EISDIR
        bnez    t0, 99f
        lw      s1, NODE_CLUSTER(s0)
        sw      zero, NODE_CLUSTER(s0)
        sw      zero, NODE_FSIZE(s0)
        sw      zero, FS_CCIDX(s0)
        sw      zero, FS_CCCL(s0)
        mv      a0, s0
        call    fs_updent
        bnez    a0, 99f
        mv      a0, s1
        call    fs_freechain
99:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
        .balign 4
fs_dot:         .ascii  ".          "       # the names of "." and ".." as stored
                .byte   0
fs_dotdot:      .ascii  "..         "
                .byte   0
fs_badchars:    .asciz  "\"*+,/:;<=>?[\\]|"

        .bss
        .balign 4
fs_cut:         .space  4       # 1 while fs_pack_dos packs: cut long names
        .balign 4
fs_spc:         .space  4       # sectors per cluster
fs_spcsh:       .space  4       # log2 of it
fs_csh:         .space  4       # log2 of the cluster size in bytes
fs_fatlba:      .space  4       # first sector of the first FAT
fs_fatsz:       .space  4       # sectors per FAT
fs_nfats:       .space  4       # copies of the FAT
fs_rootlba:     .space  4       # first sector of the root directory
fs_rootsecs:    .space  4       # its sectors
fs_datalba:     .space  4       # first sector of cluster 2
fs_maxcl:       .space  4       # highest cluster number
fs_hint:        .space  4       # where the next free-cluster search starts
fs_zeros:       .space  512     # a zero sector for filling gaps
