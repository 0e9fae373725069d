# fs_harness.s: a bare-machine test bench for the shared file-system code
# (kstring.s, disk.s, bcache.s, fat16.s), driven by console commands.
#
#   k32 run tests/os/fs_harness.s -I os/mono --disk img --input 'ls /\ncat A.TXT\n'
#
# It mounts the disk (prints "init = R"), then for every input line echoes
# "$ line" and runs it; at the end of input it syncs ("sync = R") and exits
# with status 0.  Results print as "= N" or "= -ENAME".  Paths are relative
# to the current directory (cd).  Commands:
#
#   cat PATH                  the file's bytes in 700-byte reads, "\n= size"
#   read PATH OFF N           N bytes at OFF, "\n= bytes read"
#   write PATH TEXT           create or truncate, write TEXT at 0
#   append PATH TEXT          create if needed, write TEXT at the end
#   writeat PATH OFF TEXT     create if needed, write TEXT at OFF
#   create PATH | trunc PATH | rm PATH | mkdir PATH | rmdir PATH | cd PATH
#   ls PATH                   "NAME SIZE D|F" per entry, then "= 0"
#   stat PATH                 "size S attr A cl C parent P"
#   big PATH N [CHUNK [MIS]]  create or truncate, write N pattern bytes in
#                             CHUNK-byte writes (default 4096) from a buffer
#                             MIS bytes past word alignment:
#                             "= total[ -ERR] insns=I" (I: inside fs_write)
#   check PATH N [CHUNK [MIS]] read back and verify the pattern:
#                             "= bytes ok|bad@OFFSET insns=I" (I: instructions
#                             spent inside fs_read)
#   sync | init               fs_sync, fs_init
#   clock N                   clock_now() gives N from now on (before any
#                             clock command: -ENODEV, no clock): "= 0"
#   mtime PATH                the entry's write stamp (fs_mtime): "= stamp"
#
# The pattern byte at offset i is (i + 7 * (i >> 8)) & 255.

        .include "k32.inc"
        .include "portio.inc"
        .include "../../os/fs/fs.inc"
        .include "../../os/lib/kstring.s"
        .include "../../os/drivers/disk.s"
        .include "../../os/fs/bcache.s"
        .include "../../os/fs/fat16.s"
        .text
fs_copyout:                             # the file system's copy hooks: plain copies here
        tail    memcpy
fs_copyin:
        tail    memcpy
clock_now:                              # the file system's clock: the clock command's
        lw      a0, h_clock
        ret

        .equ    H_BUFSIZE, 65536

        .text
        .globl  _start
_start:
        call    fs_init
        mv      s0, a0
        la      a0, s_init
        call    h_puts
        mv      a0, s0
        call    h_putres
        beqz    s0, 1f
        li      a0, 2                   # not mounted
        out     a0, DEBUG_EXIT(zero)
1:      la      a0, h_line              # the command loop
        li      a1, 250
        call    h_readline
        bltz    a0, 8f
        la      a0, s_prompt
        call    h_puts
        la      a0, h_line
        call    h_puts
        li      a0, '\n'
        call    h_putc
        la      a0, h_line
        call    h_arg
        mv      s0, a0                  # s0: command word
        mv      s1, a1                  # s1: the rest
        lbu     t0, 0(s0)
        beqz    t0, 1b                  # empty line
        la      t0, h_cmds
        sw      t0, h_cmdp, t1
2:      lw      t0, h_cmdp
        lw      a1, 0(t0)
        beqz    a1, 3f
        mv      a0, s0
        call    strcmp
        lw      t0, h_cmdp
        beqz    a0, 4f
        addi    t0, t0, 8
        sw      t0, h_cmdp, t1
        j       2b
3:      la      a0, s_unknown
        call    h_puts
        j       1b
4:      lw      t0, 4(t0)
        mv      a0, s1
        jalr    t0
        j       1b
8:      call    fs_sync
        mv      s0, a0
        la      a0, s_sync
        call    h_puts
        mv      a0, s0
        call    h_putres
        snez    a0, s0
        out     a0, DEBUG_EXIT(zero)

# ---- console output -------------------------------------------------------

# h_putc(c a0)
h_putc:
        out     a0, UART_DATA(zero)
        ret

# h_puts(s a0)
h_puts:
1:      lbu     t0, 0(a0)
        beqz    t0, 2f
        out     t0, UART_DATA(zero)
        addi    a0, a0, 1
        j       1b
2:      ret

# h_write(buf a0, n a1): n raw bytes
h_write:
        beqz    a1, 2f
1:      lbu     t0, 0(a0)
        out     t0, UART_DATA(zero)
        addi    a0, a0, 1
        addi    a1, a1, -1
        bnez    a1, 1b
2:      ret

# h_putdec(v a0): signed decimal
h_putdec:
        addi    sp, sp, -32
        bgez    a0, 1f
        li      t0, '-'
        out     t0, UART_DATA(zero)
        neg     a0, a0
1:      mv      t1, sp                  # digits backwards on the stack
        li      t2, 10
2:      remu    t0, a0, t2
        addi    t0, t0, '0'
        sb      t0, 0(t1)
        addi    t1, t1, 1
        divu    a0, a0, t2
        bnez    a0, 2b
3:      addi    t1, t1, -1
        lbu     t0, 0(t1)
        out     t0, UART_DATA(zero)
        bne     t1, sp, 3b
        addi    sp, sp, 32
        ret

# h_puterr(v a0): "-ENAME" for a known negative code, else the number
h_puterr:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        bgez    a0, 3f
        neg     t0, a0
        la      t1, h_errs
1:      lw      t2, 0(t1)
        beqz    t2, 3f
        beq     t2, t0, 2f
        addi    t1, t1, 8
        j       1b
2:      li      a0, '-'
        call    h_putc
        lw      a0, 4(t1)
        call    h_puts
        j       4f
3:      call    h_putdec
4:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# h_putres(v a0): "= v\n"
h_putres:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 0(sp)
        la      a0, s_eq
        call    h_puts
        lw      a0, 0(sp)
        call    h_puterr
        li      a0, '\n'
        call    h_putc
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# h_field(label a0, v a1): " label" then v in decimal
h_field:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 0(sp)
        call    h_puts
        lw      a0, 0(sp)
        call    h_putdec
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ---- console input and parsing --------------------------------------------

# h_readline(buf a0, max a1) -> length (NUL-terminated, no newline), or -1
# at the end of input with nothing read
h_readline:
        mv      a2, a0
        li      a3, 0                   # a3: length
1:      in      t0, UART_LSR(zero)
        andi    t1, t0, LSR_DATA_READY
        bnez    t1, 2f
        andi    t1, t0, LSR_EOF
        beqz    t1, 1b
        bnez    a3, 3f
        li      a0, -1
        ret
2:      in      t0, UART_DATA(zero)
        li      t1, '\n'
        beq     t0, t1, 3f
        li      t1, '\r'
        beq     t0, t1, 3f
        bgeu    a3, a1, 1b              # too long: drop the rest
        add     t1, a2, a3
        sb      t0, 0(t1)
        addi    a3, a3, 1
        j       1b
3:      add     t1, a2, a3
        sb      zero, 0(t1)
        mv      a0, a3
        ret

# h_arg(p a0) -> a0 = the next space-separated word, NUL-terminated in
# place; a1 = what follows it (after one space)
h_arg:
        li      t1, ' '
1:      lbu     t0, 0(a0)
        bne     t0, t1, 2f
        addi    a0, a0, 1
        j       1b
2:      mv      a1, a0
3:      lbu     t0, 0(a1)
        beqz    t0, 5f
        beq     t0, t1, 4f
        addi    a1, a1, 1
        j       3b
4:      sb      zero, 0(a1)
        addi    a1, a1, 1
5:      ret

# h_num(s a0) -> its decimal value
h_num:
        li      a1, 0
        li      t2, 10
1:      lbu     t0, 0(a0)
        addi    t0, t0, -'0'
        bgeu    t0, t2, 2f
        mul     a1, a1, t2
        add     a1, a1, t0
        addi    a0, a0, 1
        j       1b
2:      mv      a0, a1
        ret

# h_open(path a0, trunc a1) -> 0 or -errno: h_node = the file, created when
# missing, truncated if asked
h_open:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        lw      a0, h_cwd
        mv      a1, s0
        la      a2, h_node
        call    fs_lookup
        li      t0, -ENOENT
        bne     a0, t0, 1f
        lw      a0, h_cwd
        mv      a1, s0
        la      a2, h_node
        call    fs_create
        j       9f
1:      bnez    a0, 9f
        beqz    s1, 9f
        la      a0, h_node
        call    fs_truncate
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# h_look(path a0) -> 0 or -errno: h_node = path
h_look:
        mv      a1, a0
        lw      a0, h_cwd
        la      a2, h_node
        tail    fs_lookup

# ---- commands: each gets the rest of the line in a0 -----------------------

# cat PATH
c_cat:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        call    h_arg
        call    h_look
        bnez    a0, 9f
        li      s0, 0                   # s0: offset
1:      la      a0, h_node
        mv      a1, s0
        la      a2, h_buf
        li      a3, 700
        call    fs_read
        blez    a0, 2f
        add     s0, s0, a0
        mv      a1, a0
        la      a0, h_buf
        call    h_write
        j       1b
2:      bltz    a0, 9f
        li      a0, '\n'
        call    h_putc
        mv      a0, s0
9:      call    h_putres
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# read PATH OFF N
c_read:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        call    h_arg
        mv      s0, a0                  # s0: path
        mv      a0, a1
        call    h_arg
        mv      s1, a1
        call    h_num
        sw      a0, 0(sp)               # 0: offset
        mv      a0, s1
        call    h_arg
        call    h_num
        mv      s1, a0                  # s1: n
        mv      a0, s0
        call    h_look
        bnez    a0, 9f
        la      a0, h_node
        lw      a1, 0(sp)
        la      a2, h_buf
        mv      a3, s1
        call    fs_read
        mv      s0, a0
        blez    a0, 1f
        mv      a1, a0
        la      a0, h_buf
        call    h_write
1:      li      a0, '\n'
        call    h_putc
        mv      a0, s0
9:      call    h_putres
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# write PATH TEXT / append PATH TEXT / writeat PATH OFF TEXT
c_write:
        li      a2, 0
        j       h_wcmd
c_append:
        li      a2, 1
        j       h_wcmd
c_writeat:
        li      a2, 2
        # fall through

# h_wcmd(rest a0, how a2): the three write commands (0 truncate, 1 append,
# 2 at an offset)
h_wcmd:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s1, a2                  # s1: how
        call    h_arg
        mv      s0, a1                  # s0: the rest
        seqz    a1, s1
        call    h_open
        bnez    a0, 9f
        li      t0, 2
        bne     s1, t0, 1f
        mv      a0, s0
        call    h_arg
        mv      s0, a1
        call    h_num
        mv      a1, a0
        j       3f
1:      li      a1, 0
        beqz    s1, 3f
        la      t0, h_node
        lw      a1, NODE_FSIZE(t0)
3:      sw      a1, 0(sp)
        mv      a0, s0
        call    strlen
        mv      a3, a0
        la      a0, h_node
        lw      a1, 0(sp)
        mv      a2, s0
        call    fs_write
9:      call    h_putres
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# create PATH
c_create:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    h_arg
        mv      a1, a0
        lw      a0, h_cwd
        la      a2, h_node
        call    fs_create
        call    h_putres
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# trunc PATH
c_trunc:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    h_arg
        call    h_look
        bnez    a0, 1f
        la      a0, h_node
        call    fs_truncate
1:      call    h_putres
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# rm PATH / mkdir PATH / rmdir PATH: fs_unlink / fs_mkdir / fs_rmdir
c_rm:
        la      a2, fs_unlink
        j       h_pathop
c_mkdir:
        la      a2, fs_mkdir
        j       h_pathop
c_rmdir:
        la      a2, fs_rmdir
        # fall through

# h_pathop(rest a0, function a2): function(cwd, PATH), result printed
h_pathop:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a2, 0(sp)
        call    h_arg
        mv      a1, a0
        lw      a0, h_cwd
        lw      t0, 0(sp)
        jalr    t0
        call    h_putres
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# cd PATH
c_cd:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    h_arg
        call    h_look
        bnez    a0, 1f
        la      t0, h_node
        lw      t1, NODE_ATTR(t0)
        andi    t1, t1, ATTR_DIR
        li      a0, -ENOTDIR
        beqz    t1, 1f
        lw      t1, NODE_CLUSTER(t0)
        sw      t1, h_cwd, t2
        li      a0, 0
1:      call    h_putres
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ls PATH
c_ls:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        call    h_arg
        call    h_look
        bnez    a0, 9f
        li      s0, 0                   # s0: index
1:      la      a0, h_node
        mv      a1, s0
        la      a2, h_dirent
        call    fs_readdir
        blez    a0, 9f
        mv      s0, a0
        la      a0, h_dirent + DIRENT_NAME
        call    h_puts
        li      a0, ' '
        call    h_putc
        la      t0, h_dirent
        lw      a0, DIRENT_FSIZE(t0)
        call    h_putdec
        la      t0, h_dirent
        lw      t0, DIRENT_TYPE(t0)
        li      a0, ' '
        call    h_putc
        la      t0, h_dirent
        lw      t0, DIRENT_TYPE(t0)
        li      a0, 'F'
        li      t1, T_DIR
        bne     t0, t1, 2f
        li      a0, 'D'
2:      call    h_putc
        li      a0, '\n'
        call    h_putc
        j       1b
9:      call    h_putres
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# stat PATH
c_stat:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    h_arg
        call    h_look
        bnez    a0, 8f
        la      a0, s_size
        la      t0, h_node
        lw      a1, NODE_FSIZE(t0)
        call    h_field
        la      a0, s_attr
        la      t0, h_node
        lw      a1, NODE_ATTR(t0)
        call    h_field
        la      a0, s_cl
        la      t0, h_node
        lw      a1, NODE_CLUSTER(t0)
        call    h_field
        la      a0, s_parent
        la      t0, h_node
        lw      a1, NODE_PARENT(t0)
        call    h_field
        la      a0, s_sec
        la      t0, h_node
        lw      a1, NODE_DIRSEC(t0)
        call    h_field
        li      a0, '\n'
        call    h_putc
        li      a0, 0
8:      call    h_putres
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# h_bigargs(rest a0) -> a0 = path; h_n, h_chunk, h_mis set
h_bigargs:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        call    h_arg
        mv      s0, a0                  # s0: path
        mv      a0, a1
        call    h_arg
        mv      s1, a1
        call    h_num
        sw      a0, h_n, t0
        li      t0, 4096
        sw      t0, h_chunk, t1
        sw      zero, h_mis, t1
        mv      a0, s1
        call    h_arg
        mv      s1, a1
        lbu     t0, 0(a0)
        beqz    t0, 1f
        call    h_num
        sw      a0, h_chunk, t0
        mv      a0, s1
        call    h_arg
        lbu     t0, 0(a0)
        beqz    t0, 1f
        call    h_num
        sw      a0, h_mis, t0
1:      mv      a0, s0
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# h_pat(dst a0, offset a1, n a2): the pattern bytes for offset.. into dst
h_pat:
        beqz    a2, 2f
1:      srli    t0, a1, 8
        slli    t1, t0, 3
        sub     t0, t1, t0              # 7 * (i >> 8)
        add     t0, t0, a1
        sb      t0, 0(a0)
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    a2, a2, -1
        bnez    a2, 1b
2:      ret

# h_verify(src a0, offset a1, n a2) -> -1 if the bytes are the pattern for
# offset.., else the file offset of the first that is not
h_verify:
        beqz    a2, 2f
1:      srli    t0, a1, 8
        slli    t1, t0, 3
        sub     t0, t1, t0
        add     t0, t0, a1
        andi    t0, t0, 255
        lbu     t1, 0(a0)
        bne     t0, t1, 3f
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    a2, a2, -1
        bnez    a2, 1b
2:      li      a0, -1
        ret
3:      mv      a0, a1
        ret

# big PATH N [CHUNK [MIS]]
c_big:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        call    h_bigargs
        li      a1, 1
        call    h_open
        bnez    a0, 8f
        li      s0, 0                   # s0: offset
        sw      zero, 0(sp)             # 0: last error
        sw      zero, h_insns, t0       # instructions in fs_write
1:      lw      t0, h_n
        bgeu    s0, t0, 7f
        sub     s1, t0, s0              # s1: this write
        lw      t0, h_chunk
        bleu    s1, t0, 2f
        mv      s1, t0
2:      la      a0, h_buf
        lw      t0, h_mis
        add     a0, a0, t0
        mv      a1, s0
        mv      a2, s1
        call    h_pat
        la      a0, h_node
        mv      a1, s0
        la      a2, h_buf
        lw      t0, h_mis
        add     a2, a2, t0
        mv      a3, s1
        csrrs   t0, instret, zero
        sw      t0, 4(sp)
        call    fs_write
        csrrs   t0, instret, zero
        lw      t1, 4(sp)
        sub     t0, t0, t1
        lw      t1, h_insns
        add     t1, t1, t0
        sw      t1, h_insns, t0
        bltz    a0, 6f
        add     s0, s0, a0
        beq     a0, s1, 1b
        j       1b                      # short: the next write says why
6:      sw      a0, 0(sp)
7:      la      a0, s_eq
        call    h_puts
        mv      a0, s0
        call    h_putdec
        lw      t0, 0(sp)
        beqz    t0, 71f
        li      a0, ' '
        call    h_putc
        lw      a0, 0(sp)
        call    h_puterr
71:     la      a0, s_insns
        lw      a1, h_insns
        call    h_field
        li      a0, '\n'
        call    h_putc
        j       9f
8:      call    h_putres
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# check PATH N [CHUNK [MIS]]
c_check:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        call    h_bigargs
        call    h_look
        bnez    a0, 8f
        li      s0, 0                   # s0: offset
        sw      zero, 0(sp)             # 0: instructions in fs_read
        li      t0, -1
        sw      t0, 4(sp)               # 4: first bad offset
1:      lw      t0, h_n
        bgeu    s0, t0, 7f
        sub     a3, t0, s0
        lw      t0, h_chunk
        bleu    a3, t0, 2f
        mv      a3, t0
2:      la      a0, h_node
        mv      a1, s0
        la      a2, h_buf
        lw      t0, h_mis
        add     a2, a2, t0
        csrrs   s1, instret, zero
        call    fs_read
        csrrs   t0, instret, zero
        sub     t0, t0, s1
        lw      t1, 0(sp)
        add     t1, t1, t0
        sw      t1, 0(sp)
        blez    a0, 7f
        mv      s1, a0
        mv      a2, a0
        la      a0, h_buf
        lw      t0, h_mis
        add     a0, a0, t0
        mv      a1, s0
        call    h_verify
        add     s0, s0, s1
        bltz    a0, 1b
        sw      a0, 4(sp)
7:      la      a0, s_eq
        call    h_puts
        mv      a0, s0
        call    h_putdec
        lw      t0, 4(sp)
        bltz    t0, 71f
        la      a0, s_bad
        lw      a1, 4(sp)
        call    h_field
        j       72f
71:     la      a0, s_ok
        call    h_puts
72:     la      a0, s_insns
        lw      a1, 0(sp)
        call    h_field
        li      a0, '\n'
        call    h_putc
        j       9f
8:      call    h_putres
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# sync
c_sync:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    fs_sync
        call    h_putres
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# clock N
c_clock:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    h_arg
        call    h_num
        sw      a0, h_clock, t0
        li      a0, 0
        call    h_putres
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# mtime PATH
c_mtime:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    h_arg
        call    h_look
        bnez    a0, 8f
        la      a0, h_node
        call    fs_mtime
8:      call    h_putres
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# init
c_init:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    fs_init
        sw      zero, h_cwd, t0
        call    h_putres
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
        .balign 4
h_cmds:
        .word   n_cat, c_cat, n_read, c_read, n_write, c_write
        .word   n_append, c_append, n_writeat, c_writeat, n_create, c_create
        .word   n_trunc, c_trunc, n_rm, c_rm, n_mkdir, c_mkdir
        .word   n_rmdir, c_rmdir, n_cd, c_cd, n_ls, c_ls, n_stat, c_stat
        .word   n_big, c_big, n_check, c_check, n_sync, c_sync, n_init, c_init
        .word   n_clock, c_clock, n_mtime, c_mtime
        .word   0, 0
h_errs:
        .word   ENOENT, e_noent, EIO, e_io, EBUSY, e_busy, EEXIST, e_exist
        .word   ENOTDIR, e_notdir, EISDIR, e_isdir, EINVAL, e_inval
        .word   EFBIG, e_fbig, ENOSPC, e_nospc, ENAMETOOLONG, e_nametoolong
        .word   ENOTEMPTY, e_notempty
        .word   0, 0
n_cat:          .asciz  "cat"
n_read:         .asciz  "read"
n_write:        .asciz  "write"
n_append:       .asciz  "append"
n_writeat:      .asciz  "writeat"
n_create:       .asciz  "create"
n_trunc:        .asciz  "trunc"
n_rm:           .asciz  "rm"
n_mkdir:        .asciz  "mkdir"
n_rmdir:        .asciz  "rmdir"
n_cd:           .asciz  "cd"
n_ls:           .asciz  "ls"
n_stat:         .asciz  "stat"
n_big:          .asciz  "big"
n_check:        .asciz  "check"
n_sync:         .asciz  "sync"
n_init:         .asciz  "init"
n_clock:        .asciz  "clock"
n_mtime:        .asciz  "mtime"
e_noent:        .asciz  "ENOENT"
e_io:           .asciz  "EIO"
e_busy:         .asciz  "EBUSY"
e_exist:        .asciz  "EEXIST"
e_notdir:       .asciz  "ENOTDIR"
e_isdir:        .asciz  "EISDIR"
e_inval:        .asciz  "EINVAL"
e_fbig:         .asciz  "EFBIG"
e_nospc:        .asciz  "ENOSPC"
e_nametoolong:  .asciz  "ENAMETOOLONG"
e_notempty:     .asciz  "ENOTEMPTY"
s_init:         .asciz  "init "
s_sync:         .asciz  "sync "
s_prompt:       .asciz  "$ "
s_eq:           .asciz  "= "
s_unknown:      .asciz  "?\n"
s_size:         .asciz  "size "
s_attr:         .asciz  " attr "
s_cl:           .asciz  " cl "
s_parent:       .asciz  " parent "
s_sec:          .asciz  " sec "
s_bad:          .asciz  " bad@"
s_ok:           .asciz  " ok"
s_insns:        .asciz  " insns="

        .bss
        .balign 4
h_cwd:          .space  4
h_cmdp:         .space  4
h_n:            .space  4
h_chunk:        .space  4
h_mis:          .space  4
h_insns:        .space  4
h_node:         .space  NODE_SIZE
h_dirent:       .space  DIRENT_SIZE
h_line:         .space  256
        .balign 16
h_buf:          .space  H_BUFSIZE + 16

        .data
        .balign 4
h_clock:        .word   -ENODEV         # clock_now's answer (the clock command)
