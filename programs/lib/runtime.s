# runtime.s -- the K32 user runtime (docs/os.md, "The user runtime").
#
# Included at the top of every program:
#
#         .include "runtime.s"
#         .text
# main:   ...                  # main(argc a0, argv a1) -> exit status in a0
#
# Provides _start, one function per system call (named as the call),
# strings and memory, formatted output, strerror/perror, malloc/free and
# readline.  RISC-V calling convention over RV32E: arguments a0-a5, result
# a0 (a1), s0 s1 sp ra preserved, t0-t2 a0-a5 clobbered.  Internal names
# start with rt_ (or .Lrt_); functions use numeric local labels.
#
# Test builds only: with -D K32_SHIM (and -I tests/os/ushim) _start first
# runs the bare-machine system-call shim of tests/os/ushim/shim.s.

        .include "syscalls.inc"

        .equ    RT_FMT_BUFSIZE, 512     # printf buffer: flushed with one write when full
        .equ    RT_HEAP_CHUNK, 16384    # malloc grows the heap by at least this much

        .text

# _start: program entry.  a0 = argc, a1 = argv (from exec).  Calls
# main(argc, argv), then exit(main's result).  Never returns.
        .globl  _start
_start:
.ifdef K32_SHIM
        .include "shim.s"               # test-only: sets tvec, a0 = argc, a1 = argv
.endif
        call    main
        call    exit
1:      j       1b

# ---------------------------------------------------------------------------
# System calls: number in a5, arguments a0..a4, result in a0 (-errno on
# failure).  Each wrapper has the call's name and arguments.

.macro RT_SYSCALL name
        .globl  \name
\name:  li      a5, SYS_\name
        syscall
        ret
.endm

# exit(status): end the process.  Never returns.
        .globl  exit
exit:   li      a5, SYS_exit
        syscall
        j       exit

        RT_SYSCALL fork         # fork() -> child pid / 0 in the child
        RT_SYSCALL exec         # exec(path, argv) -> only returns on error
        RT_SYSCALL wait         # wait(pid or -1, &status) -> pid
        RT_SYSCALL kill         # kill(pid) -> 0
        RT_SYSCALL getpid       # getpid() -> pid
        RT_SYSCALL sbrk         # sbrk(increment) -> previous end of the heap
        RT_SYSCALL sleep        # sleep(ticks) -> 0
        RT_SYSCALL uptime       # uptime() -> ticks since boot
        RT_SYSCALL open         # open(path, flags) -> fd
        RT_SYSCALL close        # close(fd) -> 0
        RT_SYSCALL read         # read(fd, buf, n) -> bytes, 0 at end of file
        RT_SYSCALL write        # write(fd, buf, n) -> bytes written
        RT_SYSCALL lseek        # lseek(fd, offset, whence) -> new offset
        RT_SYSCALL fstat        # fstat(fd, &stat) -> 0
        RT_SYSCALL unlink       # unlink(path) -> 0
        RT_SYSCALL mkdir        # mkdir(path) -> 0
        RT_SYSCALL rmdir        # rmdir(path) -> 0
        RT_SYSCALL chdir        # chdir(path) -> 0
        RT_SYSCALL dup          # dup(fd) -> new fd
        RT_SYSCALL pipe         # pipe(fds[2]) -> 0
        RT_SYSCALL getdents     # getdents(fd, buf, n) -> bytes of DIRENT records
        RT_SYSCALL sync         # sync() -> 0
        RT_SYSCALL poweroff     # poweroff(status)
        RT_SYSCALL procs        # procs(buf, n) -> PROCINFO records written
        RT_SYSCALL setintr      # setintr(ignore) -> 0
        RT_SYSCALL service      # service(op, label, buf, n) -> result (-ENOSYS on the monolithic kernel)
        RT_SYSCALL modload      # modload(image, size, params, why) -> 0 (-ENOSYS unless the kernel loads modules)
        RT_SYSCALL modunload    # modunload(name, why) -> 0
        RT_SYSCALL modlist      # modlist(buf, n) -> MODSTAT records written
        RT_SYSCALL meminfo      # meminfo(&meminfo) -> 0 (-ENOSYS on the microkernel)
        RT_SYSCALL time         # time() -> seconds since 1970 (UTC); -ENODEV: no clock, -EIO: it went away

# ---------------------------------------------------------------------------
# Strings and memory

# strlen(s) -> number of bytes before the NUL.
        .globl  strlen
strlen: mv      t0, a0
1:      lbu     t1, 0(t0)
        addi    t0, t0, 1
        bnez    t1, 1b
        sub     a0, t0, a0
        addi    a0, a0, -1
        ret

# strcmp(a, b) -> <0, 0, >0 (difference of the first differing bytes, unsigned).
        .globl  strcmp
strcmp:
1:      lbu     t0, 0(a0)
        lbu     t1, 0(a1)
        bne     t0, t1, 2f
        beqz    t0, 2f
        addi    a0, a0, 1
        addi    a1, a1, 1
        j       1b
2:      sub     a0, t0, t1
        ret

# strncmp(a, b, n) -> as strcmp, comparing at most n bytes.
        .globl  strncmp
strncmp:
1:      beqz    a2, 3f
        lbu     t0, 0(a0)
        lbu     t1, 0(a1)
        bne     t0, t1, 2f
        beqz    t0, 2f
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    a2, a2, -1
        j       1b
2:      sub     a0, t0, t1
        ret
3:      li      a0, 0
        ret

# strcpy(dst, src) -> dst.  Copies src with its NUL.
        .globl  strcpy
strcpy: mv      t0, a0
1:      lbu     t1, 0(a1)
        sb      t1, 0(t0)
        addi    a1, a1, 1
        addi    t0, t0, 1
        bnez    t1, 1b
        ret

# strcat(dst, src) -> dst.  Appends src (with its NUL) to the string dst.
        .globl  strcat
strcat: mv      t0, a0
1:      lbu     t1, 0(t0)
        addi    t0, t0, 1
        bnez    t1, 1b
        addi    t0, t0, -1
2:      lbu     t1, 0(a1)
        sb      t1, 0(t0)
        addi    a1, a1, 1
        addi    t0, t0, 1
        bnez    t1, 2b
        ret

# strchr(s, c) -> pointer to the first byte c in s, or 0.  c = 0 finds the NUL.
        .globl  strchr
strchr: andi    a1, a1, 0xFF
1:      lbu     t0, 0(a0)
        beq     t0, a1, 2f
        addi    a0, a0, 1
        bnez    t0, 1b
        li      a0, 0
2:      ret

# memcpy(dst, src, n) -> dst.  The areas must not overlap.  Word copies
# when both are word-aligned.
        .globl  memcpy
memcpy: mv      t0, a0
        or      t1, a0, a1
        andi    t1, t1, 3
        bnez    t1, 3f
        li      t2, 16
1:      bltu    a2, t2, 2f              # 16 bytes at a time
        lw      t1, 0(a1)
        sw      t1, 0(t0)
        lw      t1, 4(a1)
        sw      t1, 4(t0)
        lw      t1, 8(a1)
        sw      t1, 8(t0)
        lw      t1, 12(a1)
        sw      t1, 12(t0)
        addi    a1, a1, 16
        addi    t0, t0, 16
        addi    a2, a2, -16
        j       1b
2:      li      t2, 4
        bltu    a2, t2, 3f
        lw      t1, 0(a1)
        sw      t1, 0(t0)
        addi    a1, a1, 4
        addi    t0, t0, 4
        addi    a2, a2, -4
        j       2b
3:      beqz    a2, 4f                  # the bytes left
        lbu     t1, 0(a1)
        sb      t1, 0(t0)
        addi    a1, a1, 1
        addi    t0, t0, 1
        addi    a2, a2, -1
        j       3b
4:      ret

# memset(dst, c, n) -> dst.  Fills n bytes with the byte c.
        .globl  memset
memset: mv      t0, a0
        andi    a1, a1, 0xFF
        andi    t1, a0, 3
        bnez    t1, 3f
        slli    t1, a1, 8               # c in every byte of a word
        or      a1, a1, t1
        slli    t1, a1, 16
        or      t1, a1, t1
        li      t2, 4
1:      bltu    a2, t2, 2f
        sw      t1, 0(t0)
        addi    t0, t0, 4
        addi    a2, a2, -4
        j       1b
2:      andi    a1, t1, 0xFF
3:      beqz    a2, 4f
        sb      a1, 0(t0)
        addi    t0, t0, 1
        addi    a2, a2, -1
        j       3b
4:      ret

# memcmp(a, b, n) -> <0, 0, >0 (difference of the first differing bytes, unsigned).
        .globl  memcmp
memcmp:
1:      beqz    a2, 2f
        lbu     t0, 0(a0)
        lbu     t1, 0(a1)
        bne     t0, t1, 3f
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    a2, a2, -1
        j       1b
2:      li      a0, 0
        ret
3:      sub     a0, t0, t1
        ret

# atoi(s) -> value of the decimal number at the start of s (optional
# leading '-'); a1 = 1 if the whole string was such a number (at least one
# digit, nothing after), else 0.  No overflow check.
        .globl  atoi
atoi:   li      t0, 0                   # value
        li      t1, 0                   # 1 = negative
        lbu     t2, 0(a0)
        li      a5, '-'
        bne     t2, a5, 1f
        li      t1, 1
        addi    a0, a0, 1
1:      mv      a2, a0                  # where the digits start
        li      a3, 10
2:      lbu     t2, 0(a0)
        addi    t2, t2, -'0'
        bgeu    t2, a3, 3f
        mul     t0, t0, a3
        add     t0, t0, t2
        addi    a0, a0, 1
        j       2b
3:      lbu     t2, 0(a0)
        seqz    t2, t2                  # at the end of the string
        sltu    a5, a2, a0              # at least one digit
        and     a1, t2, a5
        beqz    t1, 4f
        neg     t0, t0
4:      mv      a0, t0
        ret

# ---------------------------------------------------------------------------
# Output

# rt_writeall(fd, buf, n) -> n, or the negative result of the write that
# failed (a write of 0 bytes stops it too, returning what was written).
rt_writeall:
        mv      t0, a0                  # fd
        mv      t1, a2                  # bytes wanted
1:      blez    a2, 2f
        mv      a0, t0
        li      a5, SYS_write
        syscall
        blez    a0, 3f
        add     a1, a1, a0
        sub     a2, a2, a0
        j       1b
2:      mv      a0, t1
        ret
3:      bltz    a0, 4f
        sub     a0, t1, a2              # short: what went out
4:      ret

# putc(c) -> result of the write: the byte c on fd 1.
        .globl  putc
putc:   addi    sp, sp, -16
        sb      a0, 0(sp)
        li      a0, 1
        mv      a1, sp
        li      a2, 1
        li      a5, SYS_write
        syscall
        addi    sp, sp, 16
        ret

# puts(s) -> bytes written: the string s on fd 1 (no newline added).
        .globl  puts
puts:   mv      a1, a0
        li      a0, 1
        # fall through

# fputs(fd, s) -> bytes written or -errno: the string s on fd, one write.
        .globl  fputs
fputs:  addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        mv      a0, a1
        call    strlen
        mv      a2, a0
        mv      a1, s1
        mv      a0, s0
        call    rt_writeall
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# printf(fmt, a1..a5) -> bytes written: formatted output on fd 1.
        .globl  printf
printf: addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      a1, 0(sp)
        sw      a2, 4(sp)
        sw      a3, 8(sp)
        sw      a4, 12(sp)
        sw      a5, 16(sp)
        mv      a1, a0
        li      a0, 1
        mv      a2, sp
        call    rt_vfmt
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# eprintf(fmt, a1..a5) -> bytes written: formatted output on fd 2.
        .globl  eprintf
eprintf:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      a1, 0(sp)
        sw      a2, 4(sp)
        sw      a3, 8(sp)
        sw      a4, 12(sp)
        sw      a5, 16(sp)
        mv      a1, a0
        li      a0, 2
        mv      a2, sp
        call    rt_vfmt
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# fprintf(fd, fmt, a2..a5) -> bytes written: formatted output on fd.
        .globl  fprintf
fprintf:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      a2, 0(sp)
        sw      a3, 4(sp)
        sw      a4, 8(sp)
        sw      a5, 12(sp)
        mv      a2, sp
        call    rt_vfmt
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# rt_vfmt(fd, fmt, args) -> bytes written (or -errno if a write failed):
# formats fmt with the words at args into rt_fmt's buffer and writes it
# to fd, one write per call unless more than RT_FMT_BUFSIZE bytes.
# Conversions %d %u %x %s %c %%, flags '-' (left-justify) and '0' (pad
# numbers with zeros), a decimal width; an 'l' length is accepted and
# ignored.  %s of 0 prints "(null)".
#
# Registers while a conversion is output: a1 = string, a2 = its length,
# a3 = width left, a4 = flags (1 '-', 2 '0'), a5 = pad byte; rt_fmt_emit
# keeps all of them.
rt_vfmt:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        # 0(sp)..16(sp): digits of a number, built backwards from 16(sp)
        la      t0, rt_fmt
        sw      a0, 0(t0)               # fd
        sw      zero, 4(t0)             # bytes in the buffer
        sw      zero, 8(t0)             # bytes written so far
        sw      zero, 12(t0)            # error
        mv      s0, a1                  # fmt
        mv      s1, a2                  # next argument
.Lrt_f_loop:
        lbu     a0, 0(s0)
        beqz    a0, .Lrt_f_done
        addi    s0, s0, 1
        li      t0, '%'
        beq     a0, t0, .Lrt_f_spec
        call    rt_fmt_emit
        j       .Lrt_f_loop

.Lrt_f_spec:
        li      a4, 0                   # flags
        li      a3, 0                   # width
1:      lbu     t2, 0(s0)
        li      t0, '-'
        bne     t2, t0, 2f
        ori     a4, a4, 1
        addi    s0, s0, 1
        j       1b
2:      li      t0, '0'
        bne     t2, t0, 3f
        ori     a4, a4, 2
        addi    s0, s0, 1
        j       1b
3:      addi    t0, t2, -'0'            # width digits
        li      t1, 10
        bgeu    t0, t1, 4f
        mul     a3, a3, t1
        add     a3, a3, t0
        addi    s0, s0, 1
        lbu     t2, 0(s0)
        j       3b
4:      li      t0, 'l'                 # %ld, %lu, %lx: same as without
        bne     t2, t0, 5f
        addi    s0, s0, 1
        lbu     t2, 0(s0)
5:      beqz    t2, .Lrt_f_done         # a lone '%' at the end: nothing
        addi    s0, s0, 1
        li      t0, 'd'
        beq     t2, t0, .Lrt_f_d
        li      t0, 'u'
        beq     t2, t0, .Lrt_f_u
        li      t0, 'x'
        beq     t2, t0, .Lrt_f_x
        li      t0, 's'
        beq     t2, t0, .Lrt_f_s
        li      t0, 'c'
        beq     t2, t0, .Lrt_f_c
        li      t0, '%'
        beq     t2, t0, 6f
        li      a0, '%'                 # unknown conversion: print it as is
        call    rt_fmt_emit
6:      mv      a0, t2
        call    rt_fmt_emit
        j       .Lrt_f_loop

.Lrt_f_c:
        lw      t0, 0(s1)
        addi    s1, s1, 4
        sb      t0, 0(sp)
        mv      a1, sp
        li      a2, 1
        li      a5, ' '
        j       .Lrt_f_pad

.Lrt_f_s:
        lw      a1, 0(s1)
        addi    s1, s1, 4
        bnez    a1, 1f
        la      a1, rt_s_null
1:      mv      t0, a1
2:      lbu     t1, 0(t0)
        addi    t0, t0, 1
        bnez    t1, 2b
        sub     a2, t0, a1
        addi    a2, a2, -1
        li      a5, ' '
        j       .Lrt_f_pad

.Lrt_f_d:
        lw      t2, 0(s1)
        addi    s1, s1, 4
        li      a2, 10
        sltz    a1, t2
        beqz    a1, .Lrt_f_num
        neg     t2, t2
        j       .Lrt_f_num
.Lrt_f_u:
        lw      t2, 0(s1)
        addi    s1, s1, 4
        li      a2, 10
        li      a1, 0
        j       .Lrt_f_num
.Lrt_f_x:
        lw      t2, 0(s1)
        addi    s1, s1, 4
        li      a2, 16
        li      a1, 0
# t2 = magnitude (unsigned), a2 = base, a1 = 1 for a '-' sign
.Lrt_f_num:
        addi    t0, sp, 16
1:      remu    t1, t2, a2
        divu    t2, t2, a2
        addi    t1, t1, '0'
        li      a0, '9'
        bleu    t1, a0, 2f
        addi    t1, t1, 'a' - '9' - 1
2:      addi    t0, t0, -1
        sb      t1, 0(t0)
        bnez    t2, 1b
        beqz    a1, 3f
        li      t1, '-'
        addi    t0, t0, -1
        sb      t1, 0(t0)
3:      mv      a1, t0
        addi    a2, sp, 16
        sub     a2, a2, a1
        li      a5, ' '
        andi    t1, a4, 3
        li      t0, 2
        bne     t1, t0, .Lrt_f_pad      # zeros only with '0' and without '-'
        li      a5, '0'
        lbu     t1, 0(a1)
        li      t0, '-'
        bne     t1, t0, .Lrt_f_pad
        mv      a0, t1                  # the sign goes before the zeros
        call    rt_fmt_emit
        addi    a1, a1, 1
        addi    a2, a2, -1
        addi    a3, a3, -1

# a1 = bytes, a2 = count, a3 = width, a4 = flags, a5 = pad byte
.Lrt_f_pad:
        andi    t0, a4, 1
        bnez    t0, 2f
1:      ble     a3, a2, 2f              # right-justified: pad first
        mv      a0, a5
        call    rt_fmt_emit
        addi    a3, a3, -1
        j       1b
2:      beqz    a2, 3f
        lbu     a0, 0(a1)
        call    rt_fmt_emit
        addi    a1, a1, 1
        addi    a2, a2, -1
        addi    a3, a3, -1
        j       2b
3:      blez    a3, .Lrt_f_loop         # left-justified: pad after
        li      a0, ' '
        call    rt_fmt_emit
        addi    a3, a3, -1
        j       3b

.Lrt_f_done:
        call    rt_fmt_flush
        la      t0, rt_fmt
        lw      a0, 8(t0)
        lw      t1, 12(t0)
        beqz    t1, 1f
        mv      a0, t1
1:      lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# rt_fmt_emit(byte a0): append to rt_fmt's buffer, writing it out when
# full.  Changes only a0, t0, t1.
rt_fmt_emit:
        la      t0, rt_fmt
        lw      t1, 4(t0)
        add     t1, t1, t0
        sb      a0, 16(t1)
        sub     t1, t1, t0
        addi    t1, t1, 1
        sw      t1, 4(t0)
        li      t0, RT_FMT_BUFSIZE
        beq     t1, t0, rt_fmt_flush    # tail call
        ret

# rt_fmt_flush(): write rt_fmt's buffer to its fd and empty it; a failed
# write is remembered in rt_fmt+12.  Changes only a0, t0, t1.
rt_fmt_flush:
        addi    sp, sp, -16
        sw      a1, 0(sp)
        sw      a2, 4(sp)
        sw      a5, 8(sp)
        la      t0, rt_fmt
        lw      a2, 4(t0)
        sw      zero, 4(t0)
        addi    a1, t0, 16
1:      blez    a2, 3f
        la      t0, rt_fmt
        lw      a0, 0(t0)
        li      a5, SYS_write
        syscall
        blez    a0, 2f
        lw      t1, 8(t0)
        add     t1, t1, a0
        sw      t1, 8(t0)
        add     a1, a1, a0
        sub     a2, a2, a0
        j       1b
2:      bnez    a0, 4f                  # a write of 0: give up on the rest
        li      a0, -EIO
4:      sw      a0, 12(t0)
3:      lw      a5, 8(sp)
        lw      a2, 4(sp)
        lw      a1, 0(sp)
        addi    sp, sp, 16
        ret

# strerror(code) -> message for the error code (-errno as a system call
# returns it; errno itself works too); "unknown error" otherwise.
        .globl  strerror
strerror:
        bgez    a0, 1f
        neg     a0, a0
1:      la      t0, rt_errtab
2:      lbu     t1, 0(t0)
        beqz    t1, 5f
        addi    t0, t0, 1
        beq     t1, a0, 4f
3:      lbu     t1, 0(t0)               # skip the message
        addi    t0, t0, 1
        bnez    t1, 3b
        j       2b
4:      mv      a0, t0
        ret
5:      la      a0, rt_s_unknown
        ret

# perror(prefix, code): "prefix: message\n" on fd 2 (one write).
        .globl  perror
perror: addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        mv      a0, a1
        call    strerror
        mv      a2, a0
        lw      a1, 8(sp)
        la      a0, rt_s_perror
        call    eprintf
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ---------------------------------------------------------------------------
# Memory allocation: a first-fit free list over sbrk, sorted by address so
# that free() coalesces neighbours.  A block is an 8-byte header (word 0:
# size of the whole block, a multiple of 8; word 1: next free block while
# free) and the caller's bytes; blocks are 8-byte aligned.

# malloc(n) -> pointer to n bytes (8-byte aligned), or 0 when the heap
# cannot grow.
        .globl  malloc
malloc: addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t0, 0x7FFFF000
        bgeu    a0, t0, 8f              # absurd sizes fail at once
        addi    s0, a0, 15              # header + rounding up to 8
        andi    s0, s0, -8
        li      t0, 16
        bgeu    s0, t0, 1f
        li      s0, 16                  # a free block needs room for its link
1:      la      t1, rt_heap_free        # t1 = address of the link to t0
2:      lw      t0, 0(t1)
        beqz    t0, 5f                  # no block fits: grow
        lw      t2, 0(t0)
        bgeu    t2, s0, 3f
        addi    t1, t0, 4
        j       2b
3:      sub     t2, t2, s0
        li      a1, 16
        bltu    t2, a1, 4f
        add     a1, t0, s0              # split: the front is the new block,
        sw      t2, 0(a1)               # the rest stays free in its place
        lw      a2, 4(t0)
        sw      a2, 4(a1)
        sw      a1, 0(t1)
        sw      s0, 0(t0)
        addi    a0, t0, 8
        j       9f
4:      lw      a1, 4(t0)               # take the whole block
        sw      a1, 0(t1)
        addi    a0, t0, 8
        j       9f
5:      la      t0, rt_heap_ready       # first growth: align the break to 8
        lw      t1, 0(t0)
        bnez    t1, 6f
        li      t1, 1
        sw      t1, 0(t0)
        li      a0, 0
        call    sbrk
        bltz    a0, 8f
        andi    a0, a0, 7
        beqz    a0, 6f
        li      t0, 8
        sub     a0, t0, a0
        call    sbrk
        bltz    a0, 8f
6:      li      s1, RT_HEAP_CHUNK
        bgeu    s1, s0, 7f
        mv      s1, s0
7:      mv      a0, s1
        call    sbrk
        bgez    a0, 10f
        beq     s1, s0, 8f              # even the exact size failed
        mv      s1, s0
        j       7b
10:     sw      s1, 0(a0)               # the new memory as a block; free links it
        addi    a0, a0, 8
        call    free
        j       1b
8:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# free(p): give back a block from malloc (0 is ignored), merging it with
# free neighbours.  Freeing a block that is already free is ignored.
        .globl  free
free:   beqz    a0, 9f
        addi    a0, a0, -8              # the block
        lw      a1, 0(a0)               # its size
        la      t1, rt_heap_free        # link address (in prev, or the head)
        li      t2, 0                   # prev block (0 = none)
1:      lw      t0, 0(t1)
        beqz    t0, 2f
        bgeu    t0, a0, 2f
        mv      t2, t0
        addi    t1, t0, 4
        j       1b
2:      beq     t0, a0, 9f              # already free
        add     a2, a0, a1
        bne     a2, t0, 3f
        lw      a3, 0(t0)               # merge with the next block
        add     a1, a1, a3
        sw      a1, 0(a0)
        lw      t0, 4(t0)
3:      sw      t0, 4(a0)
        sw      a0, 0(t1)
        beqz    t2, 9f
        lw      a3, 0(t2)
        add     a2, t2, a3
        bne     a2, a0, 9f
        add     a3, a3, a1              # merge into the previous block
        sw      a3, 0(t2)
        sw      t0, 4(t2)
9:      ret

# ---------------------------------------------------------------------------
# Input

# readline(fd, buf, max) -> length of the line read into buf, without its
# newline, NUL-terminated; it stops after max-1 bytes.  -1 at the end of
# input with nothing read; a failed read with nothing read returns its
# error (-EINTR...).  Reads one byte per read call.
        .globl  readline
readline:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)               # fd
        sw      a2, 8(sp)               # max
        mv      s0, a1                  # buf
        li      s1, 0                   # bytes stored
        blez    a2, 5f
1:      lw      t0, 8(sp)
        addi    t0, t0, -1
        bge     s1, t0, 3f
        lw      a0, 0(sp)
        add     a1, s0, s1
        li      a2, 1
        li      a5, SYS_read
        syscall
        blez    a0, 2f
        add     t0, s0, s1
        lbu     t1, 0(t0)
        li      t2, '\n'
        beq     t1, t2, 3f
        addi    s1, s1, 1
        j       1b
2:      bnez    s1, 3f                  # end or error after some bytes: the line
        bnez    a0, 4f
        li      a0, -1
4:      sb      zero, 0(s0)
        j       6f
3:      add     t0, s0, s1
        sb      zero, 0(t0)
5:      mv      a0, s1
6:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ---------------------------------------------------------------------------
        .section .rodata
rt_s_null:      .asciz  "(null)"
rt_s_unknown:   .asciz  "unknown error"
rt_s_perror:    .asciz  "%s: %s\n"

# strerror's table: an errno byte and its message, ...; 0 ends it.
.macro RT_ERR code, msg
        .byte   \code
        .asciz  \msg
.endm
rt_errtab:
        RT_ERR  EPERM, "operation not permitted"
        RT_ERR  ENOENT, "no such file or directory"
        RT_ERR  ESRCH, "no such process"
        RT_ERR  EINTR, "interrupted call"
        RT_ERR  EIO, "input/output error"
        RT_ERR  E2BIG, "argument list too long"
        RT_ERR  ENOEXEC, "not an executable"
        RT_ERR  EBADF, "bad file descriptor"
        RT_ERR  ECHILD, "no child processes"
        RT_ERR  EAGAIN, "resource temporarily unavailable"
        RT_ERR  ENOMEM, "out of memory"
        RT_ERR  EFAULT, "bad address"
        RT_ERR  EBUSY, "device or resource busy"
        RT_ERR  EEXIST, "file exists"
        RT_ERR  ENODEV, "no such device"
        RT_ERR  ENOTDIR, "not a directory"
        RT_ERR  EISDIR, "is a directory"
        RT_ERR  EINVAL, "invalid argument"
        RT_ERR  ENFILE, "too many open files in the system"
        RT_ERR  EMFILE, "too many open files"
        RT_ERR  EFBIG, "file too large"
        RT_ERR  ENOSPC, "no space left on device"
        RT_ERR  ESPIPE, "illegal seek"
        RT_ERR  EPIPE, "broken pipe"
        RT_ERR  ENAMETOOLONG, "file name too long"
        RT_ERR  ENOSYS, "function not implemented"
        RT_ERR  ENOTEMPTY, "directory not empty"
        .byte   0

        .bss
        .balign 4
rt_heap_free:   .space  4               # first free block (address order)
rt_heap_ready:  .space  4               # 1 once the break is 8-aligned
rt_fmt:         .space  16 + RT_FMT_BUFSIZE     # fd, count, written, error, buffer

        .text
