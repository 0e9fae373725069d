# exec.s -- init: exec runs a program with its arguments; every failing
# exec returns an error and leaves the caller as it was.
        .include "runtime.s"
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      t0, 0x5EED              # something exec must not disturb
        sw      t0, canary, t1
        la      s0, bad                 # each failing case: path, argv
1:      lw      a0, 0(s0)
        beqz    a0, 2f
        lw      a1, 4(s0)
        call    exec
        mv      a2, a0
        lw      a1, 0(s0)
        li      t0, 0x10000
        bltu    a1, t0, 11f             # print the path unless it is a bad pointer
        la      a1, badptr
11:     la      a0, failed
        call    printf
        addi    s0, s0, 8
        j       1b
2:      lw      a1, canary
        la      a0, intact
        call    printf
        call    fork                    # a child runs echoargs
        bnez    a0, 3f
        la      a0, echo_path
        la      a1, echo_argv
        call    exec
        call    exit                    # not reached
3:      li      a0, -1
        mv      a1, sp
        call    wait
        lw      a1, 0(sp)
        la      a0, status
        call    printf
        li      a0, 0
        call    poweroff

        .data
        .balign 4
canary: .word   0
bad:    .word   missing, echo_argv      # -ENOENT
        .word   dir, echo_argv          # -EISDIR
        .word   corrupt, echo_argv      # -ENOEXEC: the CRC does not match
        .word   text, echo_argv         # -ENOEXEC: not an executable
        .word   0x12345678, echo_argv   # -EFAULT: the path
        .word   echo_path, 0x7000000    # -EFAULT: argv
        .word   echo_path, bad_str_argv # -EFAULT: a string
        .word   echo_path, many_argv    # -E2BIG: MAXARG + 1 arguments
        .word   echo_path, long_argv    # -E2BIG: over ARG_MAX bytes
        .word   0
echo_argv:      .word   echo_name, one, two, 0
bad_str_argv:   .word   echo_name, 0x6000000, 0
many_argv:      .rept   33              # MAXARG + 1
                .word   one
                .endr
                .word   0
long_argv:      .word   long, 0
missing:        .asciz  "/bin/missing"
dir:            .asciz  "/bin"
corrupt:        .asciz  "/bin/corrupt"
text:           .asciz  "/bin/text"
echo_path:      .asciz  "/bin/echoargs"
echo_name:      .asciz  "echoargs"
one:            .asciz  "one"
two:            .asciz  "two words"
badptr:         .asciz  "(bad pointer)"
failed:         .asciz  "exec %s: %d\n"
intact:         .asciz  "still here, canary %x\n"
status:         .asciz  "echoargs exited with %d\n"
long:           .fill   1100, 1, 'x'
                .byte   0
