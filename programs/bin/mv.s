# mv SRC DST -- move the file SRC to DST (DST may be a directory): a copy,
# then SRC is removed (the file system has no rename).  Directories cannot
# be moved.  See cp.s.

        .equ    CP_MOVE, 1
        .include "cp.s"
