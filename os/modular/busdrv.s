# busdrv.s -- the bus-driver interface and the hot-plug bus: a device that
# arrives is bound to a registered driver, or to the module the build's
# alias table names, loaded from /LIB/MOD there and then (the kernel's own
# request_module, after Linux's udev + modprobe); a device that leaves is
# unbound (its driver's remove runs; the module stays loaded).
#
# A module registers a driver, a BUSDRV_* record (interfaces.inc): the
# class and ID it drives, probe(slot, first port, irq) and remove(slot).
# While a driver is bound to a device, the slot holds a reference to its
# module: lsmod counts it, rmmod is refused with -EBUSY (in use).
#
# The interrupt (IRQ_HOTPLUG, hotplug_intr) only acknowledges the bus and
# records the slots that changed (hotplug_pending).  Reading files and
# loading a module is deferred to a safe point, hotplug_work, called where
# the kernel is outside any handler and may run as long as a system call:
#   - in trap_user (os/mono/trap.s), after an interrupt from user mode,
#     on the interrupted process's kernel stack before it returns to user
#     mode (as a system call would run there);
#   - in the scheduler's idle loop (os/mono/proc.s), after the interrupt
#     window, on the scheduler's stack;
#   - at boot (hotplug_boot), for the devices plugged in before it.
# The kernel runs with interrupts off outside the idle loop and no file
# system or loader path sleeps, so no file operation and no load is ever
# under way at a safe point: the work runs alone.
#
# Log lines (console): `kernel: slot 3: rtc: loaded rtc` (the module was
# loaded for the device), `... bound to rtc` (it was loaded already),
# `... removed` (the device left), and for a device nobody drives
# `... no module for hp:c4:i4B320146` (nothing in MODULES.ALI) or
# `... cannot load rtc: REASON` (the loader's reason).
#
# /LIB/MOD/MODULES.ALI (k32 build, from each module's MODULE_DEVICE or
# MODULE_ALIAS): lines `alias PATTERN NAME`; `#` starts a comment line.  A
# device's key is `hp:cC:iIIIIIIII` (class in hex, ID in eight upper-case
# hex digits); PATTERN matches it with `*` (any run) and `?` (any one
# character), as modules.alias's fnmatch patterns; the first match wins.
# The module named is loaded alone (its dependencies must be loaded: the
# loader refuses otherwise, and the reason is logged).

        .equ NBUSDRV, 8                 # registered drivers
        .equ HPB_DRV, 0                 # a slot's binding: its driver record, or 0
        .equ HPB_MOD, 4                 # the driver's module
        .equ HPB_CLASS, 8               # the device's class (for the departure's log line)
        .equ HPB_SIZE, 12
        .equ HOTPLUG_KEY_MAX, 24        # "hp:cFF:iFFFFFFFF" and its NUL
        .equ HOTPLUG_PATH_MAX, 32       # "/LIB/MOD/" NAME ".KO"

        .text

# --- registering drivers ---------------------------------------------------------

# busdrv_register(a0 = driver record, a1 = its module) -> 0; -EEXIST if it
# is registered already, -EBUSY if NBUSDRV are.  A device on the bus that
# it drives and that nothing drives yet is bound to it at the next safe
# point (insmod after the plug).
busdrv_register:
        la      t0, busdrv_table
        la      t2, busdrv_table + NBUSDRV * 8
        li      t1, 0                   # a free entry
1:      lw      a2, 0(t0)
        beq     a2, a0, 6f
        bnez    a2, 2f
        bnez    t1, 2f
        mv      t1, t0
2:      addi    t0, t0, 8
        bltu    t0, t2, 1b
        beqz    t1, 7f
        sw      a0, 0(t1)
        sw      a1, 4(t1)
        li      t0, 1
        sw      t0, hotplug_rescan, t1
        li      a0, 0
        ret
6:      li      a0, -EEXIST
        ret
7:      li      a0, -EBUSY
        ret
        EXPORT  busdrv_register

# busdrv_unregister(a0 = driver record): no device is bound to it any more
# (a bound one holds its module, whose exit cannot run).
busdrv_unregister:
        la      t0, busdrv_table
        la      t2, busdrv_table + NBUSDRV * 8
1:      lw      t1, 0(t0)
        bne     t1, a0, 2f
        sw      zero, 0(t0)
        sw      zero, 4(t0)
2:      addi    t0, t0, 8
        bltu    t0, t2, 1b
        ret
        EXPORT  busdrv_unregister

# busdrv_find(a0 = class, a1 = id) -> a0 = the first registered driver of
# that class and ID (or of any ID), a1 = its module; a0 = 0 if none.
busdrv_find:
        la      t0, busdrv_table
        la      t2, busdrv_table + NBUSDRV * 8
1:      lw      a2, 0(t0)
        beqz    a2, 2f
        lw      a3, BUSDRV_CLASS(a2)
        bne     a3, a0, 2f
        lw      a3, BUSDRV_ID(a2)
        li      a4, BUSDRV_ANY_ID
        beq     a3, a4, 3f
        bne     a3, a1, 2f
3:      mv      a0, a2
        lw      a1, 4(t0)
        ret
2:      addi    t0, t0, 8
        bltu    t0, t2, 1b
        li      a0, 0
        ret

# --- the interrupt and the safe points --------------------------------------------

# hotplug_intr(): IRQ_HOTPLUG (trap_irq).  The slots that changed are
# acknowledged (the line goes down) and left for hotplug_work.
hotplug_intr:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    hp_events
        sw      a0, 8(sp)
        call    hp_ack
        lw      a0, 8(sp)
        lw      t0, hotplug_pending
        or      t0, t0, a0
        sw      t0, hotplug_pending, t1
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hotplug_boot(): the devices plugged in before boot (the console, the
# disk and the timer aside: the core and its boot modules drive them) are
# handled as if they had just arrived.  Called once the root is mounted.
hotplug_boot:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        call    hp_events               # what the bus remembers is seen below
        call    hp_ack
        li      s0, 0                   # slot
        li      s1, 0                   # the slots to handle
1:      mv      a0, s0
        call    hp_info
        li      t0, HPC_TIMER
        bleu    a0, t0, 2f              # empty, or a device of the core's
        li      t0, 1
        sll     t0, t0, s0
        or      s1, s1, t0
2:      addi    s0, s0, 1
        li      t0, HP_SLOTS
        bltu    s0, t0, 1b
        sw      s1, hotplug_pending, t0
        call    hotplug_work
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hotplug_work(): at a safe point (see the top): every slot that changed,
# lowest first, then (after a driver registered) the devices it may drive.
# Cheap when there is nothing to do: it runs after every interrupt.
hotplug_work:
        lw      t0, hotplug_pending
        lw      t1, hotplug_rescan
        or      t0, t0, t1
        bnez    t0, 1f
        ret
1:      addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
2:      lw      t0, hotplug_pending
        bnez    t0, 3f
        lw      t1, hotplug_rescan
        beqz    t1, 9f
        sw      zero, hotplug_rescan, t1
        call    hotplug_unclaimed
        j       2b
3:      li      s0, 0                   # its lowest slot
4:      srl     t1, t0, s0
        andi    t1, t1, 1
        bnez    t1, 5f
        addi    s0, s0, 1
        j       4b
5:      li      t1, 1
        sll     t1, t1, s0
        xori    t1, t1, -1
        and     t0, t0, t1
        sw      t0, hotplug_pending, t1
        li      t1, HP_SLOTS
        bgeu    s0, t1, 2b
        mv      a0, s0
        call    hotplug_event
        j       2b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hotplug_unclaimed(): every slot with a device past the core's that no
# driver is bound to but a registered driver drives becomes pending.
hotplug_unclaimed:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      s0, 0
        la      s1, hotplug_bound
1:      lw      t0, HPB_DRV(s1)
        bnez    t0, 2f
        mv      a0, s0
        call    hp_info
        li      t0, HPC_TIMER
        bleu    a0, t0, 2f
        call    busdrv_find             # (a0, a1 = class, id)
        beqz    a0, 2f
        lw      t0, hotplug_pending
        li      t1, 1
        sll     t1, t1, s0
        or      t0, t0, t1
        sw      t0, hotplug_pending, t1
2:      addi    s0, s0, 1
        addi    s1, s1, HPB_SIZE
        li      t0, HP_SLOTS
        bltu    s0, t0, 1b
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hotplug_event(a0 = slot): the slot changed.  A device bound there is
# gone (or replaced): its driver's remove runs and the binding goes.  A
# device there now is bound to its driver, loading its module first if
# no driver registered drives it.
hotplug_event:
        addi    sp, sp, -48
        sw      ra, 44(sp)
        sw      s0, 40(sp)
        sw      s1, 36(sp)
        # 0(sp) class, 4(sp) id, 8(sp) first port, 12(sp) irq,
        # 16(sp) 1 = its module was loaded for it, 20(sp) driver, 24(sp) module
        mv      s0, a0
        li      t0, HPB_SIZE
        mul     s1, s0, t0
        la      t0, hotplug_bound
        add     s1, s1, t0
        lw      t0, HPB_DRV(s1)
        beqz    t0, 2f
        mv      a0, s0                  # the departure
        lw      t0, BUSDRV_REMOVE(t0)
        jalr    t0
        lw      a0, HPB_MOD(s1)
        call    mod_put
        mv      a0, s0
        lw      a1, HPB_CLASS(s1)
        call    hotplug_log
        la      a0, hotplug_msg_removed
        call    kputs
        sw      zero, HPB_DRV(s1)
        sw      zero, HPB_MOD(s1)
        sw      zero, HPB_CLASS(s1)
2:      mv      a0, s0
        call    hp_info
        beqz    a0, 9f                  # the slot is empty
        sw      a0, 0(sp)
        sw      a1, 4(sp)
        sw      a2, 8(sp)
        sw      a4, 12(sp)
        sw      zero, 16(sp)
        call    busdrv_find
        bnez    a0, 4f
        mv      a0, s0                  # nobody drives it: MODULES.ALI
        lw      a1, 0(sp)
        lw      a2, 4(sp)
        call    hotplug_request
        bltz    a0, 9f                  # (logged)
        seqz    a0, a0
        sw      a0, 16(sp)
        lw      a0, 0(sp)
        lw      a1, 4(sp)
        call    busdrv_find
        bnez    a0, 4f
        mv      a0, s0
        lw      a1, 0(sp)
        call    hotplug_log
        la      a0, hotplug_msg_nodriver
        call    kputs
        j       9f
4:      sw      a0, 20(sp)
        sw      a1, 24(sp)
        lw      t0, BUSDRV_PROBE(a0)
        mv      a0, s0
        lw      a1, 8(sp)
        lw      a2, 12(sp)
        jalr    t0
        bltz    a0, 7f
        lw      t0, 20(sp)              # bound
        sw      t0, HPB_DRV(s1)
        lw      a0, 24(sp)
        sw      a0, HPB_MOD(s1)
        lw      t0, 0(sp)
        sw      t0, HPB_CLASS(s1)
        call    mod_get
        li      t0, 1                   # (a driver that registered while it
        sll     t0, t0, s0              # loaded marked the slot again)
        xori    t0, t0, -1
        lw      t1, hotplug_pending
        and     t1, t1, t0
        sw      t1, hotplug_pending, t0
        mv      a0, s0
        lw      a1, 0(sp)
        call    hotplug_log
        la      a0, hotplug_msg_loaded
        lw      t0, 16(sp)
        bnez    t0, 5f
        la      a0, hotplug_msg_bound
5:      call    kputs
        lw      a0, 24(sp)
        addi    a0, a0, MOD_NAME
        call    kputs
        j       8f
7:      sw      a0, 28(sp)              # probe refused
        mv      a0, s0
        lw      a1, 0(sp)
        call    hotplug_log
        lw      a0, 24(sp)
        addi    a0, a0, MOD_NAME
        call    kputs
        la      a0, hotplug_msg_refused
        call    kputs
        lw      a0, 28(sp)
        call    kputint
8:      li      a0, '\n'
        call    kputc
9:      lw      s1, 36(sp)
        lw      s0, 40(sp)
        lw      ra, 44(sp)
        addi    sp, sp, 48
        ret

# hotplug_log(a0 = slot, a1 = class): "kernel: slot N: CLASS: " -- the
# start of a log line (the class by name: console, disk, timer, rtc).
hotplug_log:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        sw      a1, 4(sp)
        la      a0, hotplug_msg_slot
        call    kputs
        lw      a0, 8(sp)
        call    kputdec
        la      a0, hotplug_msg_colon
        call    kputs
        lw      t0, 4(sp)
        addi    t0, t0, -1
        li      t1, HPC_RTC
        bgeu    t0, t1, 1f
        slli    t0, t0, 2
        la      t1, hotplug_class_names
        add     t0, t0, t1
        lw      a0, 0(t0)
        call    kputs
        j       2f
1:      la      a0, hotplug_msg_class   # "class 9"
        call    kputs
        lw      a0, 4(sp)
        call    kputdec
2:      la      a0, hotplug_msg_colon
        call    kputs
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# --- the kernel's request_module ---------------------------------------------------

# hotplug_request(a0 = slot, a1 = class, a2 = id) -> 0: the module
# MODULES.ALI names for the device is loaded now; 1: it was loaded
# already; -errno, logged: no alias matches, the module cannot be read or
# the loader refused it.
hotplug_request:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)               # slot
        sw      a1, 4(sp)               # class
        mv      a0, a1
        mv      a1, a2
        call    hotplug_key
        la      a0, hotplug_alias_path
        call    hotplug_readfile
        bltz    a0, 7f
        mv      s0, a0
        mv      s1, a1
        call    hotplug_alias           # a0 = the table
        sw      a0, 8(sp)
        mv      a0, s0
        addi    a1, s1, 1
        call    modarea_release
        lw      t0, 8(sp)
        bnez    t0, 2f
        lw      a0, 0(sp)               # no alias matches
        lw      a1, 4(sp)
        call    hotplug_log
        la      a0, hotplug_msg_nomodule
        call    kputs
        la      a0, hotplug_keybuf
        call    kputs
        li      a0, '\n'
        call    kputc
        li      a0, -ENOENT
        j       9f
2:      la      a0, hotplug_modname
        call    mod_find
        li      t0, 1
        bnez    a0, 6f                  # loaded already
        call    hotplug_modpath
        la      a0, hotplug_pathbuf
        call    hotplug_readfile
        bltz    a0, 7f
        mv      s0, a0
        mv      s1, a1
        li      a2, 0
        call    mod_load                # (a0, a1 = the image, its bytes)
        sw      a0, 8(sp)
        mv      a0, s0
        addi    a1, s1, 1
        call    modarea_release
        lw      t0, 8(sp)
        bgez    t0, 6f
        lw      a0, 0(sp)               # the loader refused it
        lw      a1, 4(sp)
        call    hotplug_log
        la      a0, hotplug_msg_cannot
        call    kputs
        la      a0, hotplug_modname
        call    kputs
        la      a0, hotplug_msg_colon
        call    kputs
        la      a0, mod_why
        call    kputs
        li      a0, '\n'
        call    kputc
        lw      a0, 8(sp)
        j       9f
6:      mv      a0, t0
        j       9f
7:      sw      a0, 8(sp)               # a file cannot be read
        lw      a0, 0(sp)
        lw      a1, 4(sp)
        call    hotplug_log
        la      a0, hotplug_msg_noread
        call    kputs
        la      a0, hotplug_pathbuf
        call    kputs
        la      a0, hotplug_msg_error
        call    kputs
        lw      a0, 8(sp)
        call    kputint
        li      a0, '\n'
        call    kputc
        lw      a0, 8(sp)
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# hotplug_key(a0 = class, a1 = id): hotplug_keybuf = "hp:cC:iIIIIIIII";
# hotplug_pathbuf = MODULES.ALI's path (for hotplug_request's log line).
hotplug_key:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      a1, 4(sp)
        sw      a0, 0(sp)
        la      a0, hotplug_pathbuf
        la      a1, hotplug_alias_path
        call    strcpy
        la      s0, hotplug_keybuf
        li      t0, 'h'
        sb      t0, 0(s0)
        li      t0, 'p'
        sb      t0, 1(s0)
        li      t0, ':'
        sb      t0, 2(s0)
        li      t0, 'c'
        sb      t0, 3(s0)
        addi    s0, s0, 4
        lw      a0, 0(sp)
        li      a1, 28                  # the class: no leading zeros
1:      srl     t0, a0, a1
        bnez    t0, 2f
        addi    a1, a1, -4
        bgtz    a1, 1b
2:      call    hotplug_hex
        li      t0, ':'
        sb      t0, 0(s0)
        li      t0, 'i'
        sb      t0, 1(s0)
        addi    s0, s0, 2
        lw      a0, 4(sp)
        li      a1, 28                  # the ID: eight digits
        call    hotplug_hex
        sb      zero, 0(s0)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hotplug_hex(a0 = value, a1 = shift of its first digit; s0 = where):
# upper-case hex digits from there down stored at s0, which advances.
hotplug_hex:
1:      srl     t0, a0, a1
        andi    t0, t0, 15
        addi    t0, t0, '0'
        li      t1, '9'
        bleu    t0, t1, 2f
        addi    t0, t0, 'A' - '9' - 1
2:      sb      t0, 0(s0)
        addi    s0, s0, 1
        addi    a1, a1, -4
        bgez    a1, 1b
        ret

# hotplug_alias(a0 = MODULES.ALI's text, NUL-terminated) -> 1 with the
# module's name in hotplug_modname if a line matches hotplug_keybuf, else
# 0.
hotplug_alias:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        # 0(sp) the name, 4(sp) its length, 8(sp) the character cut
        mv      s0, a0                  # the line
1:      lbu     t0, 0(s0)
        beqz    t0, 8f
        mv      a0, s0
        call    hotplug_blanks
        mv      s0, a0
        la      a1, hotplug_str_alias
        li      a2, 5
        call    strncmp
        bnez    a0, 6f
        lbu     t0, 5(s0)               # "alias" and a blank
        li      t1, ' '
        beq     t0, t1, 2f
        li      t1, '\t'
        bne     t0, t1, 6f
2:      addi    a0, s0, 5
        call    hotplug_blanks
        mv      s1, a0                  # the pattern
        call    hotplug_word
        beq     a0, s1, 6f              # none
        mv      s0, a0
        call    hotplug_blanks
        sw      a0, 0(sp)               # the name
        call    hotplug_word
        lw      t0, 0(sp)
        beq     a0, t0, 6f              # none
        sub     t1, a0, t0
        li      t2, MODNAME_MAX
        bgtu    t1, t2, 6f              # too long to be a module's
        sw      t1, 4(sp)
        lbu     t1, 0(s0)               # the pattern cut at its end
        sw      t1, 8(sp)
        sb      zero, 0(s0)
        mv      a0, s1
        la      a1, hotplug_keybuf
        call    hotplug_match
        lw      t1, 8(sp)               # and mended
        sb      t1, 0(s0)
        beqz    a0, 6f
        la      a0, hotplug_modname
        lw      a1, 0(sp)
        lw      a2, 4(sp)
        call    memcpy
        la      t0, hotplug_modname
        lw      t1, 4(sp)
        add     t0, t0, t1
        sb      zero, 0(t0)
        li      a0, 1
        j       9f
6:      lbu     t0, 0(s0)               # to the next line
        beqz    t0, 8f
        addi    s0, s0, 1
        li      t1, '\n'
        bne     t0, t1, 6b
        j       1b
8:      li      a0, 0
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# hotplug_blanks(a0 = text) -> past its spaces and tabs.
hotplug_blanks:
1:      lbu     t0, 0(a0)
        li      t1, ' '
        beq     t0, t1, 2f
        li      t1, '\t'
        bne     t0, t1, 3f
2:      addi    a0, a0, 1
        j       1b
3:      ret

# hotplug_word(a0 = text) -> past its characters up to a blank, a line
# end or the NUL.
hotplug_word:
1:      lbu     t0, 0(a0)
        li      t1, ' '
        bleu    t0, t1, 2f              # NUL, tab, CR, LF, space
        addi    a0, a0, 1
        j       1b
2:      ret

# hotplug_match(a0 = pattern, a1 = string) -> 1 if the pattern matches the
# whole string (`*` any run of characters, `?` any one), else 0.
hotplug_match:
        li      a2, 0                   # after the last `*` seen, or 0
        li      a3, 0                   # where the string resumes for it
1:      lbu     t0, 0(a1)
        beqz    t0, 5f
        lbu     t1, 0(a0)
        li      t2, '*'
        beq     t1, t2, 3f
        li      t2, '?'
        beq     t1, t2, 2f
        bne     t1, t0, 4f
2:      addi    a0, a0, 1
        addi    a1, a1, 1
        j       1b
3:      addi    a0, a0, 1               # the `*` matches nothing, for now
        mv      a2, a0
        mv      a3, a1
        j       1b
4:      beqz    a2, 8f                  # a mismatch: the `*` takes one more
        mv      a0, a2
        addi    a3, a3, 1
        mv      a1, a3
        j       1b
5:      lbu     t1, 0(a0)               # the string ended: `*`s may remain
        li      t2, '*'
        bne     t1, t2, 6f
        addi    a0, a0, 1
        j       5b
6:      seqz    a0, t1
        ret
8:      li      a0, 0
        ret

# hotplug_modpath(): hotplug_pathbuf = "/LIB/MOD/" hotplug_modname in
# upper case ".KO".
hotplug_modpath:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      a0, hotplug_pathbuf
        la      a1, hotplug_modpath_dir
        call    strcpy
        la      a0, hotplug_pathbuf
        call    strlen
        la      t0, hotplug_pathbuf
        add     t0, t0, a0
        la      a1, hotplug_modname
1:      lbu     t1, 0(a1)
        beqz    t1, 3f
        addi    t2, t1, -'a'
        li      a2, 26
        bgeu    t2, a2, 2f
        addi    t1, t1, 'A' - 'a'
2:      sb      t1, 0(t0)
        addi    t0, t0, 1
        addi    a1, a1, 1
        j       1b
3:      mv      a0, t0
        la      a1, hotplug_str_ko
        call    strcpy
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hotplug_readfile(a0 = absolute path) -> a0 = a run of the module area
# holding the whole file and a NUL after it, a1 = its bytes (release a1 + 1
# bytes); or a0 = -errno: the file system's, -EISDIR, -EFBIG (more than
# MOD_IMAGE_MAX), -ENOMEM, -EIO (short).
hotplug_readfile:
        addi    sp, sp, -64
        sw      ra, 60(sp)
        sw      s0, 56(sp)
        sw      s1, 52(sp)
        mv      a1, a0
        li      a0, 0
        mv      a2, sp                  # the node, at 0(sp)
        call    fs_lookup
        bltz    a0, 9f
        lbu     t0, NODE_ATTR(sp)
        andi    t0, t0, ATTR_DIR
        li      a0, -EISDIR
        bnez    t0, 9f
        lw      s1, NODE_FSIZE(sp)
        li      t0, MOD_IMAGE_MAX
        li      a0, -EFBIG
        bgtu    s1, t0, 9f
        addi    a0, s1, 1
        call    modarea_alloc           # zeroed: the NUL is there
        mv      s0, a0
        li      a0, -ENOMEM
        beqz    s0, 9f
        mv      a0, sp
        li      a1, 0
        mv      a2, s0
        mv      a3, s1
        call    fs_read
        beq     a0, s1, 8f
        bltz    a0, 7f
        li      a0, -EIO
7:      sw      a0, 48(sp)
        mv      a0, s0
        addi    a1, s1, 1
        call    modarea_release
        lw      a0, 48(sp)
        j       9f
8:      mv      a0, s0
        mv      a1, s1
9:      lw      s1, 52(sp)
        lw      s0, 56(sp)
        lw      ra, 60(sp)
        addi    sp, sp, 64
        ret

        .rodata
        .balign 4
hotplug_class_names:                    # HPC_CONSOLE .. HPC_RTC
        .word   hotplug_name_console, hotplug_name_disk, hotplug_name_timer, hotplug_name_rtc
hotplug_name_console:   .asciz  "console"
hotplug_name_disk:      .asciz  "disk"
hotplug_name_timer:     .asciz  "timer"
hotplug_name_rtc:       .asciz  "rtc"
hotplug_alias_path:     .asciz  "/LIB/MOD/MODULES.ALI"
hotplug_modpath_dir:    .asciz  "/LIB/MOD/"
hotplug_str_ko:         .asciz  ".KO"
hotplug_str_alias:      .asciz  "alias"
hotplug_msg_slot:       .asciz  "kernel: slot "
hotplug_msg_colon:      .asciz  ": "
hotplug_msg_class:      .asciz  "class "
hotplug_msg_removed:    .asciz  "removed\n"
hotplug_msg_loaded:     .asciz  "loaded "
hotplug_msg_bound:      .asciz  "bound to "
hotplug_msg_refused:    .asciz  " refused it: error "
hotplug_msg_nodriver:   .asciz  "no driver\n"
hotplug_msg_nomodule:   .asciz  "no module for "
hotplug_msg_cannot:     .asciz  "cannot load "
hotplug_msg_noread:     .asciz  "cannot read "
hotplug_msg_error:      .asciz  ": error "

        .data
        .balign 4
hotplug_pending:        .word   0       # slots changed, not yet handled
hotplug_rescan:         .word   0       # 1: a driver registered since the last look

        .bss
        .balign 4
busdrv_table:   .space  NBUSDRV * 8     # (driver record, module) pairs
hotplug_bound:  .space  HP_SLOTS * HPB_SIZE
hotplug_keybuf: .space  HOTPLUG_KEY_MAX
hotplug_modname: .space MODNAME_MAX + 1
hotplug_pathbuf: .space HOTPLUG_PATH_MAX
