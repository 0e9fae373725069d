# sbrk.s -- init: the heap starts page-aligned after the program, grows
# with zeroed pages, shrinks, refuses past HEAP_LIMIT or below its start,
# and stops at -ENOMEM when RAM runs out with the process intact.
        .include "runtime.s"
        .equ    MIB, 0x100000
        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      a0, 0
        call    sbrk
        mv      s0, a0                  # the start of the heap
        la      t0, rt_fmt              # the highest symbol of the runtime's .bss ...
        sltu    a1, t0, s0              # ... lies below it
        andi    a2, s0, 4095
        la      a0, start
        call    printf
        li      a0, 10000               # grow: zeroed, writable
        call    sbrk
        sub     a1, a0, s0
        lw      a2, 0(s0)
        li      t0, 9996
        add     t0, t0, s0
        lw      t1, 0(t0)
        or      a2, a2, t1
        li      t1, 0x5A5A
        sw      t1, 0(t0)
        la      a0, grow
        call    printf
        li      a0, 0
        call    sbrk
        sub     a1, a0, s0
        la      a0, brk
        call    printf
        li      a0, 0x40000000          # past HEAP_LIMIT
        call    sbrk
        mv      a1, a0
        la      a0, toobig
        call    printf
        li      a0, -20000              # below the start
        call    sbrk
        mv      a1, a0
        la      a0, below
        call    printf
        li      a0, -10000              # back to the start
        call    sbrk
        sub     a1, a0, s0
        la      a0, shrink
        call    printf
        call    fork                    # the freed page is gone
        bnez    a0, 1f
        lw      a0, 0(s0)
        call    exit
1:      li      a0, -1
        mv      a1, sp
        call    wait
        lw      a1, 0(sp)
        la      a0, touched
        call    printf
        call    fill                    # RAM runs out: -ENOMEM, nothing lost
        call    fill                    # the same again: all was given back
        li      a0, 0
        call    poweroff

# fill(): grow the heap a MiB at a time until sbrk fails; print how far it
# got and the error; then give it all back.
fill:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      s0, 0                   # MiB
1:      li      a0, MIB
        call    sbrk
        bltz    a0, 2f
        addi    s0, s0, 1
        j       1b
2:      mv      s1, a0
        li      a0, 0
        call    sbrk
        sw      a0, 0(sp)
        li      t0, MIB                 # the memory still works
        mul     t0, t0, s0
        sub     t0, a0, t0
        li      t1, 42
        sw      t1, 0(t0)
        lw      t1, 0(t0)
        addi    a3, t1, -42
        mv      a1, s0
        mv      a2, s1
        la      a0, filled
        call    printf
        li      t0, MIB
        mul     a0, s0, t0
        neg     a0, a0
        call    sbrk
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .data
start:  .asciz  "heap after the program: %d, page offset %d\n"
grow:   .asciz  "sbrk(10000) returned start+%d, contents %d\n"
brk:    .asciz  "break at start+%d\n"
toobig: .asciz  "past HEAP_LIMIT: %d\n"
below:  .asciz  "below the start: %d\n"
shrink: .asciz  "sbrk(-10000) returned start+%d\n"
touched: .asciz "touching a freed page: status %d\n"
filled: .asciz  "heap grew %d MiB, then %d; memory ok %d\n"
