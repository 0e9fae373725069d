# exec.s -- exec: replace the calling process's program with a .kx file.
#
# The path and the arguments are copied into a scratch page, the file is
# looked up, and the shared core (lib/kxload.s: exec_build) checks it
# whole and builds the new address space before the old one is touched, so
# an exec that fails returns to an intact caller.

        .equ EX_NODE, EX_SRC            # the file's node, in the scratch page
        .if NODE_SIZE > EX_SRC_SIZE
        .error "exec: the node does not fit in the scratch page"
        .endif

        .text

# sys_exec(path, argv) -> only returns on error: -ENOENT, -ENOTDIR,
# -EISDIR, -ENOEXEC (not a valid executable), -E2BIG (more than MAXARG
# arguments or ARG_MAX bytes), -EFAULT, -ENAMETOOLONG, -ENOMEM.  argv is a
# NULL-terminated array of string pointers (argv = 0: no arguments).  On
# success the result, argc, is already in the new program's a0.
sys_exec:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a1, 0(sp)
        mv      s1, a0
        call    kalloc
        mv      s0, a0
        li      a0, -ENOMEM
        beqz    s0, 9f
        addi    a0, s0, EX_PATH
        mv      a1, s1
        li      a2, PATH_MAX
        call    copyinstr
        bltz    a0, 8f
        bnez    a0, 1f
        li      a0, -ENOENT             # the empty path
        j       8f
1:      mv      a0, s0
        lw      a1, 0(sp)
        call    exec_copy_args
        bltz    a0, 8f
        mv      a0, s0
        call    exec_load
8:      mv      s1, a0
        mv      a0, s0
        call    kfree
        mv      a0, s1
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# exec_kernel(a0 = path in kernel memory) -> argc, or -errno: exec from
# the kernel (init), with argv = { path }.
exec_kernel:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        call    kalloc
        mv      s0, a0
        li      a0, -ENOMEM
        beqz    s0, 9f
        lw      a0, 0(sp)
        call    strlen
        addi    s1, a0, 1               # with the NUL
        addi    a0, s0, EX_PATH
        lw      a1, 0(sp)
        mv      a2, s1
        call    memcpy
        addi    a0, s0, EX_STRINGS
        lw      a1, 0(sp)
        mv      a2, s1
        call    memcpy
        li      t0, 1
        sw      t0, EX_ARGC(s0)
        sw      s1, EX_STRBYTES(s0)
        sw      zero, EX_ARGOFF(s0)
        mv      a0, s0
        call    exec_load
        mv      s1, a0
        mv      a0, s0
        call    kfree
        mv      a0, s1
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# exec_load(a0 = scratch with the path and the arguments) -> argc, or
# -errno with the caller untouched: load the program into cur_proc.
exec_load:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        lw      a0, cur_proc
        lw      a0, P_CWD(a0)
        addi    a1, s0, EX_PATH
        addi    a2, s0, EX_NODE
        call    fs_lookup
        bltz    a0, 9f
        lbu     t0, EX_NODE+NODE_ATTR(s0)
        andi    t0, t0, ATTR_DIR
        li      a0, -EISDIR
        bnez    t0, 9f
        lw      t0, EX_NODE+NODE_FSIZE(s0)
        sw      t0, EX_FSIZE(s0)
        mv      a0, s0
        call    exec_build
        bltz    a0, 9f
        lw      t0, cur_proc
        sw      zero, P_INTR(t0)        # exec resets setintr
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# exec_read(a0 = scratch, a1 = file offset, a2 = kernel destination, a3 =
# n) -> 0 when all n bytes were read; the file system's error, or -ENOEXEC
# for a short read.
exec_read:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a3, 8(sp)
        addi    a0, a0, EX_NODE
        call    fs_read
        lw      t0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        bltz    a0, 1f
        bne     a0, t0, 2f
        li      a0, 0
1:      ret
2:      li      a0, -ENOEXEC
        ret

