# micro_crash.s -- a test boot module put in the disk driver's place: it
# faults as soon as it starts, as a driver with a bad pointer would.  The
# kernel reports the fault to RS, which restarts it, backing off.
        .include "server.s"
        .text
main:   lw      a0, 0(zero)             # page 0 is never mapped
        j       main
