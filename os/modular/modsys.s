# modsys.s -- the system calls of modules: modload, modunload, modlist
# (isa/abi.py).  The loader itself is module.s; these copy between the
# user and the kernel and give the reason of a refusal back.

        .text

# sys_modload(image, size, params, why) -> 0 or -errno.
sys_modload:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)
        sw      a1, 4(sp)
        sw      a2, 8(sp)
        sw      a3, 12(sp)
        sb      zero, mod_why, t0
        li      s0, 0                   # the kernel's copy of the image
        addi    t0, a1, -1
        li      t1, MOD_IMAGE_MAX
        li      s1, -EINVAL
        bgeu    t0, t1, 8f              # 1..MOD_IMAGE_MAX bytes
        mv      a0, a1
        call    modarea_alloc
        mv      s0, a0
        li      s1, -ENOMEM
        beqz    s0, 7f
        mv      a0, s0
        lw      a1, 0(sp)
        lw      a2, 4(sp)
        call    copyin
        mv      s1, a0
        bltz    s1, 8f
        lw      a1, 8(sp)               # the parameters
        li      a2, 0
        beqz    a1, 1f
        la      a0, modsys_params
        li      a2, MODPARAM_MAX
        call    copyinstr
        mv      s1, a0
        bltz    s1, 8f
        la      a2, modsys_params
1:      mv      a0, s0
        lw      a1, 4(sp)
        call    mod_load
        mv      s1, a0
        j       8f
7:      la      a0, mod_msg_nomem
        li      a1, 0
        call    why_set
8:      mv      a0, s0
        lw      a1, 4(sp)
        call    modarea_release
        bgez    s1, 9f
        lw      a0, 12(sp)
        call    modsys_why
9:      mv      a0, s1
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# modsys_why(a0 = user buffer or 0): the reason (mod_why) copied out to it.
modsys_why:
        beqz    a0, 1f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a0, mod_why
        call    strlen
        addi    a2, a0, 1
        lw      a0, 8(sp)
        la      a1, mod_why
        call    copyout
        lw      ra, 12(sp)
        addi    sp, sp, 16
1:      ret

# sys_modunload(name, why) -> 0 or -errno.
sys_modunload:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      a1, 36(sp)
        sb      zero, mod_why, t0
        mv      a1, a0
        mv      a0, sp
        li      a2, 32
        call    copyinstr
        mv      s0, a0
        bltz    s0, 1f
        mv      a0, sp
        call    mod_unload
        mv      s0, a0
        bgez    s0, 2f
1:      lw      a0, 36(sp)
        call    modsys_why
2:      mv      a0, s0
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# sys_modlist(buf, n) -> MODSTAT records written (at most n), newest first.
sys_modlist:
        addi    sp, sp, -96
        sw      ra, 92(sp)
        sw      s0, 88(sp)
        sw      s1, 84(sp)
        sw      a0, 76(sp)              # where the next record goes
        sw      a1, 80(sp)              # room left
        li      s1, 0
        lw      s0, mod_list
1:      beqz    s0, 8f
        lw      t0, 80(sp)
        blez    t0, 8f
        mv      a0, sp
        li      a1, 0
        li      a2, MODSTAT_SIZE
        call    memset
        mv      a0, sp
        addi    a1, s0, MOD_NAME
        li      a2, 16
        call    memcpy
        lw      t0, MOD_SIZE(s0)
        sw      t0, MODSTAT_BYTES(sp)
        lw      t0, MOD_REFS(s0)
        sw      t0, MODSTAT_REFS(sp)
        lw      t0, MOD_BASE(s0)
        sw      t0, MODSTAT_BASE(sp)
        la      a0, mod_why             # the users' names, through mod_why
        li      a1, 0
        li      a2, MODERR_SIZE
        call    memset
        mv      a0, s0
        call    mod_users
        addi    a0, sp, MODSTAT_USERS
        la      a1, mod_why
        li      a2, MODSTAT_SIZE - MODSTAT_USERS - 1
        call    memcpy
        sb      zero, MODSTAT_SIZE - 1(sp)
        lw      a0, 76(sp)
        mv      a1, sp
        li      a2, MODSTAT_SIZE
        call    copyout
        bltz    a0, 9f
        lw      t0, 76(sp)
        addi    t0, t0, MODSTAT_SIZE
        sw      t0, 76(sp)
        lw      t0, 80(sp)
        addi    t0, t0, -1
        sw      t0, 80(sp)
        addi    s1, s1, 1
        lw      s0, MOD_NEXT(s0)
        j       1b
8:      mv      a0, s1
9:      lw      s1, 84(sp)
        lw      s0, 88(sp)
        lw      ra, 92(sp)
        addi    sp, sp, 96
        ret

        .bss
modsys_params:  .space  MODPARAM_MAX
