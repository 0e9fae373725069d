"""What a device write asks of the interpreter loop."""

ACT_DONE = 0    # done; carry on
ACT_FULL = 1    # not done: an output buffer is full; the host drains it, then the write is retried
ACT_EXIT = 2    # done; the run ends (debug exit)
ACT_FLUSH = 3   # done; the host makes the disk image durable
ACT_MODULE = 4  # done; the run stops for the host to read a module record (DEBUG_MODULE)
