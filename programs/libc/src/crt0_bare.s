# crt0_bare.s -- program entry for --target bare (`k32 run`, kernel mode,
# paging off, sp at the top of RAM).  There is no command line: main gets
# argc = 0 and argv = { NULL }.  exit(main's result) ends the run through
# the debug-exit port with that status (sys_bare.s).

        .text
        .globl  _start
        .type   _start, @function
_start:
        li      a0, 0
        la      a1, 2f
        call    main
        call    exit
1:      j       1b

        .section .rodata
        .balign 4
2:      .word   0
