# osbench -- system-call loops for `k32 bench os`.
#
#   osbench getpid N      N getpid() calls
#   osbench spawn N       N times: fork, exec /bin/true in the child, wait
#   osbench null N        N traps that do nothing: the microkernel's KC_NULL
#                         kernel call; the monolithic kernel answers the same
#                         number with -ENOSYS, its cheapest trap
#   osbench ping N        N IPC_SENDREC round trips to PM (PM_PING; microkernel)
#   osbench oneway N      N one-way IPC_SEND messages to PM (PM_ONEWAY; microkernel)
#   osbench read FILE     read FILE to its end in 16 KiB reads
#   osbench read1 FILE N  read FILE once to its end (so its sectors are in the
#                         buffer cache), then N read() calls of 1 byte each,
#                         going back to the start (lseek) at the end of the
#                         file: a small FILE stays cached and the lseeks are
#                         one per FILE-size reads
#   osbench write FILE N  create (or truncate) FILE, write N bytes to it in
#                         16 KiB writes, close it and sync
#   osbench modload FILE NAME N
#                         read the module object FILE once, then N times:
#                         load it (modload, no parameters) and remove it
#                         again by NAME (modunload); the modular kernel
#
# The host boots the OS twice, with N = 0 (or an empty file) and with a
# large N (or a big file), and divides the difference in retired
# instructions by N: the cost of one unit, with boot, the shell, opening
# the file and shutdown cancelled out.  ping and oneway fail with ENOSYS on
# the monolithic kernel, which has no IPC; modload on every kernel but the
# modular one, which alone loads modules.

        .include "runtime.s"
        .include "micro.inc"            # KC_NULL, IPC_*, EP_PM, PM_PING
        .include "modtool.s"            # mt_readfile

        .equ READ_BUF, 16384
# .Lmodes, the table of modes: name, code, argc (with the program name),
# and whether the last argument is the count N (into s1).
        .equ    MODE_NAME, 0
        .equ    MODE_CODE, 4
        .equ    MODE_ARGC, 8
        .equ    MODE_COUNTED, 12
        .equ    MODE_SIZE, 16

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a1                  # argv
        mv      s1, a0                  # argc, until it is N
        li      t0, 2
        blt     a0, t0, .Lusage
        la      t0, .Lmodes - MODE_SIZE
        sw      t0, 0(sp)               # the mode being compared
1:      lw      t0, 0(sp)               # find argv[1] in the table of modes
        addi    t0, t0, MODE_SIZE
        sw      t0, 0(sp)
        lw      a1, MODE_NAME(t0)
        beqz    a1, .Lusage
        lw      a0, 4(s0)
        call    strcmp
        bnez    a0, 1b
        lw      t1, 0(sp)
        lw      t0, MODE_ARGC(t1)
        bne     s1, t0, .Lusage
        lw      t1, MODE_COUNTED(t1)
        beqz    t1, 2f
        slli    t0, t0, 2               # N is the last argument
        add     t0, s0, t0
        lw      a0, -4(t0)
        call    atoi
        beqz    a1, .Lusage
        bltz    a0, .Lusage
        mv      s1, a0                  # N
2:      lw      t0, 0(sp)
        lw      t0, MODE_CODE(t0)
        jr      t0
.Lusage:
        la      a0, .Lusage_text
        call    eprintf
        li      a0, 2
        j       .Lout
.Lloop_getpid:
        beqz    s1, .Ldone
        call    getpid
        addi    s1, s1, -1
        j       .Lloop_getpid
.Lloop_null:
        beqz    s1, .Ldone
        li      a5, KC_NULL
        syscall
        addi    s1, s1, -1
        j       .Lloop_null
.Lloop_ping:
        beqz    s1, .Ldone
        li      a0, PM_PING
        li      t0, EP_PM
        li      a5, IPC_SENDREC
        syscall
        bnez    a5, .Lipc_fail
        addi    s1, s1, -1
        j       .Lloop_ping
.Lloop_oneway:
        beqz    s1, .Ldone
        li      a0, PM_ONEWAY
        li      t0, EP_PM
        li      a5, IPC_SEND
        syscall
        bnez    a5, .Lipc_fail
        addi    s1, s1, -1
        j       .Lloop_oneway
.Lipc_fail:
        mv      a0, a5
        j       .Lfail
.Lloop_spawn:
        beqz    s1, .Ldone
        call    fork
        bltz    a0, .Lfail
        bnez    a0, 1f
        la      a0, .Ltrue_path         # the child
        la      a1, .Ltrue_argv
        call    exec
        li      a0, 127
        call    exit
1:      li      a0, -1
        li      a1, 0
        call    wait
        bltz    a0, .Lfail
        addi    s1, s1, -1
        j       .Lloop_spawn
.Lread_file:
        lw      a0, 8(s0)
        li      a1, O_RDONLY
        call    open
        bltz    a0, .Lfail
        mv      s1, a0
1:      mv      a0, s1
        la      a1, .Lbuf
        li      a2, READ_BUF
        call    read
        bltz    a0, .Lfail
        bnez    a0, 1b
        j       .Ldone
.Lread1_file:
        lw      a0, 8(s0)
        li      a1, O_RDONLY
        call    open
        bltz    a0, .Lfail
        mv      s0, a0                  # fd (argv is done with)
        mv      a0, s0                  # warm the cache: one 16 KiB read;
        la      a1, .Lbuf               # a FILE meant to stay cached is smaller
        li      a2, READ_BUF
        call    read
        bltz    a0, .Lfail
        li      t0, -EINVAL
        beqz    a0, .Lfail_t0           # an empty FILE has no byte to read
        mv      a0, s0
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        bltz    a0, .Lfail
1:      beqz    s1, .Ldone
        mv      a0, s0
        la      a1, .Lbuf
        li      a2, 1
        call    read
        bltz    a0, .Lfail
        beqz    a0, 2f
        addi    s1, s1, -1
        j       1b
2:      mv      a0, s0                  # the end of FILE: back to its start
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        bltz    a0, .Lfail
        j       1b
.Lfail_t0:                              # fail with the error in t0
        mv      a0, t0
        j       .Lfail
.Lwrite_file:
        la      a0, .Lbuf               # the data: a recognisable byte
        li      a1, 'w'
        li      a2, READ_BUF
        call    memset
        lw      a0, 8(s0)
        li      a1, O_WRONLY | O_CREAT | O_TRUNC
        call    open
        bltz    a0, .Lfail
        mv      s0, a0                  # fd (argv is done with)
1:      beqz    s1, 3f
        mv      a2, s1                  # this write: min(left, 16 KiB)
        li      t0, READ_BUF
        bleu    a2, t0, 2f
        mv      a2, t0
2:      mv      a0, s0
        la      a1, .Lbuf
        call    write
        bltz    a0, .Lfail
        li      t0, -EIO
        beqz    a0, .Lfail_t0           # no progress: an error, not a loop
        sub     s1, s1, a0
        j       1b
3:      mv      a0, s0
        call    close
        bltz    a0, .Lfail
        call    sync
        bltz    a0, .Lfail
        j       .Ldone
.Lmod_file:
        lw      t0, 12(s0)              # NAME
        sw      t0, .Lmodname, t1
        lw      a0, 8(s0)               # the object, read once
        call    mt_readfile
        bltz    a0, .Lfail
        sw      a0, 0(sp)               # its bytes (the mode's entry is done with)
        mv      s0, a1                  # their count (argv is done with)
1:      beqz    s1, .Ldone
        lw      a0, 0(sp)
        mv      a1, s0
        li      a2, 0                   # no parameters
        la      a3, mt_why
        call    modload
        bltz    a0, .Lmod_fail
        lw      a0, .Lmodname
        la      a1, mt_why
        call    modunload
        bltz    a0, .Lmod_fail
        addi    s1, s1, -1
        j       1b
.Lmod_fail:                             # "osbench: NAME: REASON"
        mv      a2, a0
        la      a0, .Lname
        lw      a1, .Lmodname
        la      a3, mt_why
        call    mt_fail
        j       .Lout
.Lfail:
        mv      a1, a0
        la      a0, .Lname
        call    perror
        li      a0, 1
        j       .Lout
.Ldone: li      a0, 0
.Lout:  lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
.Lgetpid:       .asciz "getpid"
.Lspawn:        .asciz "spawn"
.Lnull:         .asciz "null"
.Lping:         .asciz "ping"
.Loneway:       .asciz "oneway"
.Lread:         .asciz "read"
.Lread1:        .asciz "read1"
.Lwrite:        .asciz "write"
.Lmodload:      .asciz "modload"
.Lname:         .asciz "osbench"
.Ltrue_path:    .asciz "/bin/true"
.Lusage_text:   .ascii "usage: osbench getpid|spawn|null|ping|oneway N, osbench read FILE,\n"
                .asciz "       osbench read1|write FILE N, osbench modload FILE NAME N\n"
        .data
        .balign 4
.Lmodes:        .word .Lgetpid, .Lloop_getpid, 3, 1
                .word .Lspawn, .Lloop_spawn, 3, 1
                .word .Lnull, .Lloop_null, 3, 1
                .word .Lping, .Lloop_ping, 3, 1
                .word .Loneway, .Lloop_oneway, 3, 1
                .word .Lread, .Lread_file, 3, 0
                .word .Lread1, .Lread1_file, 4, 1
                .word .Lwrite, .Lwrite_file, 4, 1
                .word .Lmodload, .Lmod_file, 5, 1
                .word 0
.Ltrue_argv:    .word .Ltrue_path, 0
        .bss
        .balign 4
.Lbuf:          .space READ_BUF
.Lmodname:      .space 4                # modload: NAME
