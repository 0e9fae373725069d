# micro_hang.s -- a test boot module put in the disk driver's place: it
# never answers anything, not even RS's heartbeats, as a driver stuck in a
# loop would.  RS must find it hung, kill it and restart it, backing off.
        .include "server.s"
        .text
main:   j       main
