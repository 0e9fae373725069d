"""The microkernel's own interface: IPC, kernel calls, endpoints, messages.

User programs never see this: their `syscall` (numbers 1..SYS_service, see
abi.py) is the same on both kernels; the microkernel turns it into a message
to the server that owns the call.  What follows is the interface between the
microkernel and its user-mode servers and drivers (docs/micro.md).

Registers: the operation goes in a5 (an IPC_* or KC_* number), the message
words m0..m4 in a0..a4 and the other endpoint in t0; then `syscall`.  On
return a5 holds the status (0 or a negated error code); an operation that
receives leaves the message in a0..a4 and its source in t0.  Kernel calls
take their arguments in a0..a4 and return their result in a0 (a5 = a0).
"""

# (name, value, meaning)
IPC_OPS = [
    ("IPC_SEND", 64, "send(t0 = dest, m0..m4): block until dest receives it"),
    ("IPC_RECEIVE", 65, "receive(t0 = source or EP_ANY) -> message in a0..a4, source in t0"),
    ("IPC_SENDREC", 66, "send to t0, then receive the reply from t0 only (a client's call)"),
    ("IPC_NOTIFY", 67, "notify(t0 = dest): never blocks; pending notifications from one source merge"),
    ("IPC_SENDNB", 68, "send that never blocks: -EAGAIN unless dest is waiting to receive it (replies)"),
    ("IPC_RECEIVENB", 69, "receive that never blocks: -EAGAIN when nothing is pending"),
    ("IPC_SENDREC_G", 70, "sendrec with a call grant: t1 = address (or a grant to pass on), t2 = length, "
                          "a4 = GRANT_* access; the receiver gets the grant id in m4"),
    ("IPC_FORWARD", 71, "forward(t0 = dest, t1 = client, m0..m4): the client's pending call "
                        "goes to dest, which replies to the client"),
]

KERNEL_CALLS = [
    ("KC_DEVIO", 128, "devio(port, value, dir: 0 in, 1 out) -> value read, or 0"),
    ("KC_DEVIO_BLOCK", 129, "devio_block(port, grant or GRANT_SELF, offset, words, dir) -> 0: ins/outs to granted memory"),
    ("KC_IRQCTL", 130, "irqctl(irq, enable) -> 0: unmask (1) or mask (0) a line the caller owns"),
    ("KC_SAFECOPY", 131, "safecopy(grant, offset, local address, n, dir: 0 from the granter, 1 to it) -> 0"),
    ("KC_SAFECOPY_STR", 132, "safecopy_str(grant, local address, max) -> length of the NUL-terminated string copied"),
    ("KC_FORK", 133, "fork(parent ep, child pid) -> child ep: a copy waiting for its reply from the caller"),
    ("KC_EXEC", 134, "exec(ep, image, length, argv, name) -> 0: new image from the caller's memory; the call ends"),
    ("KC_EXIT", 135, "exit(ep) -> 0: free the process: memory, slot, pending IPC"),
    ("KC_NEWPROC", 136, "newproc(pid) -> ep: an empty process waiting for its reply from the caller"),
    ("KC_SBRK", 137, "sbrk(ep, increment) -> previous break"),
    ("KC_PROCINFO", 138, "procinfo(ep, local address) -> 0: a KPROC record"),
    ("KC_ALARM", 139, "alarm(tick) -> 0: notify the caller (KEV_ALARM) when ticks reach it; 0 cancels"),
    ("KC_TICKS", 140, "ticks() -> timer ticks since boot"),
    ("KC_DIAG", 141, "diag(local string) -> 0: print it on the console"),
    ("KC_POWEROFF", 142, "poweroff(status): end the run"),
    ("KC_DEADPROC", 143, "deadproc() -> ep of a process the caller supervises that died (a1 = its wait status), -EAGAIN"),
    ("KC_RESTART", 144, "restart(ep) -> 0: a dead service starts afresh from its boot module, same privileges"),
    ("KC_KILL", 145, "kill(ep, status) -> 0: the process dies as if it had faulted"),
    ("KC_PRIVCTL", 146, "privctl(ep, local PRIV record) -> 0: set its privileges"),
    ("KC_START", 147, "start(ep) -> 0: a boot module loaded at boot starts running"),
    ("KC_NULL", 148, "null() -> 0: does nothing (allowed to every process; for measurement)"),
    ("KC_DISKWIN", 149, "diskwin(lba, count, dir: 1 read, 2 write) -> 0: the disk accepts only that transfer; "
                        "diskwin(0, 0, 0) -> DISK_SUM of the last transfer, and the window closes"),
    ("KC_HOTPLUG", 150, "hotplug(local address) -> 0: the next hot-plug bus event not yet taken, as an HPEV record "
                        "(the kernel enumerates the bus at boot and takes IRQ_HOTPLUG: each slot then has one "
                        "event, its device's arrival or departure; a slot that changed twice reports what it "
                        "holds now); -EAGAIN: none"),
    ("KC_SPAWN", 151, "spawn(ep, image, length, device, name) -> 0: a service from a .kx image in the caller's "
                      "memory, in service slot ep (unused or dead), not started, privileges kept; it starts at "
                      "_start with a0 = device (RS: the device's first port | IRQ << 16)"),
]

ENDPOINTS = [
    ("EP_KERNEL", 0, "the kernel: source of interrupt, alarm and death notifications"),
    ("EP_PM", 1, "process manager"),
    ("EP_FS", 2, "file system server"),
    ("EP_RS", 3, "reincarnation server"),
    ("EP_TTY", 4, "console driver"),
    ("EP_DISK", 5, "disk driver"),
    ("EP_RTC", 6, "real-time clock driver (/BIN/RTCDRV, started by RS when a clock is plugged in)"),
    ("EP_FIRST_USER", 7, "first endpoint of user processes"),
    ("EP_ANY", -1, "receive from anyone"),
    ("EP_NONE", -2, "no endpoint (KPROC_RECV of a process that is not receiving)"),
]

MESSAGE_TYPES = [
    ("MSG_NOTIFY", 0x1000, "a notification; from EP_KERNEL, m1 = KEV_* bits"),
    ("FS_FORK", 0x2001, "PM -> FS: m1 = parent, m2 = child: the child shares the parent's files"),
    ("FS_EXIT", 0x2002, "PM -> FS: m1 = ep: close its files, drop its pending calls"),
    ("FS_EXEC", 0x2003, "PM -> FS: m1 = ep, call grant = PM's buffer with the path: read the file into it -> size"),
    ("FS_NEWPROC", 0x2004, "PM -> FS: m1 = ep: fds 0, 1, 2 on the console, cwd the root"),
    ("FS_SYNC", 0x2005, "PM -> FS: write every changed block back"),
    ("BLK_READ", 0x3001, "-> disk: m1 = lba, m2 = count, m3 = offset in the grant m4 -> 0 or -EIO"),
    ("BLK_WRITE", 0x3002, "-> disk: m1 = lba, m2 = count, m3 = offset in the grant m4 -> 0 or -EIO"),
    ("BLK_FLUSH", 0x3003, "-> disk: make written sectors durable -> 0 or -EIO"),
    ("BLK_SECTORS", 0x3004, "-> disk: -> number of sectors"),
    ("TTY_READ", 0x4001, "FS forwards a console read: m1 = n, m4 = the client's grant -> bytes"),
    ("TTY_WRITE", 0x4002, "FS forwards a console write: m1 = n, m4 = the client's grant -> bytes"),
    ("RS_COMPLAIN", 0x6001, "FS -> RS, a send: m1 = a driver's endpoint that misbehaved (an error answer); RS kills "
                            "it, restarts it and notifies FS as after a crash"),
    ("RTC_TIME", 0x7001, "-> clock driver (from FS, or a user's SYS_time forwarded by FS): -> seconds since 1970 "
                         "(UTC) or -EIO"),
    ("PM_PING", 0x5001, "-> PM: reply 0 at once (measures a round trip)"),
    ("PM_ONEWAY", 0x5002, "-> PM: no reply (measures a one-way message)"),
]

KERNEL_EVENTS = [
    ("KEV_IRQ_CONSOLE", 0x2, "interrupt line IRQ_CONSOLE fired (bit = 1 << irq)"),
    ("KEV_IRQ_DISK", 0x4, "interrupt line IRQ_DISK fired"),
    ("KEV_ALARM", 0x100, "the alarm set with KC_ALARM is due"),
    ("KEV_DEAD", 0x200, "a process the receiver supervises died: see KC_DEADPROC"),
    ("KEV_HOTPLUG", 0x400, "to RS: a device arrived on the hot-plug bus or left it: see KC_HOTPLUG"),
]

GRANT_ACCESS = [
    ("GRANT_R", 1, "the grantee may copy from the memory"),
    ("GRANT_W", 2, "the grantee may copy to the memory"),
    ("GRANT_PASS", 4, "IPC_SENDREC_G: t1 is a grant held by the caller, passed on (access narrowed to R/W)"),
    ("GRANT_SELF", -1, "KC_DEVIO_BLOCK: offset is an address in the caller's own memory"),
]

SERVICE_OPS = [
    ("SERVICE_LIST", 0, "service(SERVICE_LIST, 0, buf, n) -> SERVICEINFO records written"),
    ("SERVICE_KILL", 1, "service(SERVICE_KILL, label) -> 0: kill it as a crash would"),
    ("SERVICE_RESTART", 2, "service(SERVICE_RESTART, label) -> 0: a clean restart"),
    ("SERVICE_UP", 3, "service(SERVICE_UP, path) -> 0: start the driver program of RS's table for its device "
                      "class, bound to that device on the hot-plug bus; -ENODEV none on the bus, -EBUSY "
                      "running already, -EINVAL not a driver RS knows, or the file's error"),
]

SERVICE_STATES = [
    ("SVC_NONE", 0, "not started: a driver whose device is not on the bus (not listed)"),
    ("SVC_UP", 1, "running"),
    ("SVC_DOWN", 2, "dead, waiting to be restarted"),
]

# (prefix, size, what, [(field, offset, meaning)])
RECORDS = [
    ("PRIV", 40, "KC_PRIVCTL", [
        ("PRIV_KCALLS", 0, "bit n: may make kernel call 128 + n"),
        ("PRIV_SENDTO", 4, "two words, bit n: may send to / notify endpoint n"),
        ("PRIV_IRQS", 12, "bit n: owns interrupt line n (its notifications, KC_IRQCTL)"),
        ("PRIV_IO", 16, "two port ranges: lo, hi inclusive (lo > hi: none)"),
        ("PRIV_SUPER", 32, "endpoint told (KEV_DEAD) when it dies"),
        ("PRIV_FLAGS", 36, "PRIV_* flag bits below"),
        # Not an offset: the one bit of PRIV_FLAGS (kept with its record so
        # that it lands in micro.inc beside it).
        ("PRIV_DIRECT_IO", 1, "PRIV_FLAGS bit: its PRIV_IO ports are open to its own in/out/ins/outs "
                              "(the kernel loads an I/O permission map when it runs)"),
    ]),
    ("KPROC", 32, "KC_PROCINFO", [
        ("KPROC_STATE", 0, "PROC_* state"),
        ("KPROC_MEM", 4, "bytes of user memory"),
        ("KPROC_NAME", 8, "name, NUL-terminated (16 bytes)"),
        ("KPROC_RECV", 24, "blocked receiving: the source it accepts (EP_ANY or an endpoint); else EP_NONE"),
        ("KPROC_CALL", 28, "1: that receive waits for the reply to its own sendrec"),
    ]),
    ("SERVICEINFO", 32, "service(SERVICE_LIST, 0, buf, n)", [
        ("SERVICEINFO_LABEL", 0, "label, NUL-terminated (16 bytes)"),
        ("SERVICEINFO_PID", 16, "its process number (its endpoint)"),
        ("SERVICEINFO_STATE", 20, "SVC_*"),
        ("SERVICEINFO_RESTARTS", 24, "times restarted"),
        ("SERVICEINFO_STATUS", 28, "wait status of its last death (0: none)"),
    ]),
    ("HPEV", 32, "KC_HOTPLUG", [
        ("HPEV_SLOT", 0, "the bus slot"),
        ("HPEV_CLASS", 4, "its device's class (HPC_*; for a departure, the class of the device that left)"),
        ("HPEV_ID", 8, "its ID (HP_ID)"),
        ("HPEV_PORT", 12, "its first port"),
        ("HPEV_NPORTS", 16, "how many ports"),
        ("HPEV_IRQ", 20, "its interrupt line, or HP_NO_IRQ"),
        ("HPEV_PRESENT", 24, "1: it arrived (or was there at boot); 0: it left"),
    ]),
]

LIMITS = [
    ("MSG_WORDS", 5, "words in a message (m0..m4)"),
    ("NGRANT", 256, "grants in the whole system"),
]
