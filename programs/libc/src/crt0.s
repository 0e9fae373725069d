# crt0.s -- program entry for --target os (a /BIN program on either kernel).
# exec starts a program at _start with a0 = argc, a1 = argv (a
# NULL-terminated array of pointers; the strings sit at the top of the
# stack) and sp 16-byte aligned below them (docs/os.md).  _start calls
# main(argc, argv) and then exit(main's result): exit runs the atexit
# functions and flushes stdout before the exit system call.

        .text
        .globl  _start
        .type   _start, @function
_start:
        call    main
        call    exit
1:      j       1b
