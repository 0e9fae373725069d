"""Kernel modules: what the modular kernel's loader and the tools agree on.

A module (`NAME.ko`) is a relocatable object (isa/obj.py) whose section
`.modinfo` (kind "none": kept in the file, not loaded) holds its metadata
as NUL-terminated `key=value` strings, as Linux's `.modinfo` does:

    name=NAME          the module's name (at most MODNAME_MAX bytes; the
                       disk file is NAME.KO in upper case)
    vermagic=...       the kernel build it was made for; the loader refuses
                       any other (VERMAGIC below)
    depends=A,B        modules that must be loaded first (may be empty);
                       it may use their exported symbols
    init=SYM           its init function: () -> 0, or -errno to refuse
    exit=SYM           its exit function, run by rmmod (may be absent:
                       then the module cannot be removed)
    export=SYM         a symbol other modules may use (one line each)
    parm=NAME:TYPE:text  a parameter given as NAME=value to insmod; TYPE is
                       `int` (a word at symbol NAME) or `str` (a buffer of
                       the symbol's size at NAME, NUL-terminated)
    description=text   one line for modinfo

The loader lays the loaded sections out in one run of pages of the module
area, in section order, each at its alignment; resolves every undefined
symbol against the kernel's exports and those of the modules it depends
on; applies every relocation with the linker's rules (the same table,
isa/obj.py); and only then runs init.  A failure at any stage undoes the
ones before it.

The kernel tells a debugger about a module at two moments by writing the
address of the module's record (MOD_* below) to the DEBUG_MODULE port:
after relocation and before init (state MODSTATE_LOADING: the object image
is still at MOD_IMAGE), and before its memory is freed (MODSTATE_GOING).
"""

VERMAGIC = "k32-modular 1"      # change when the kernel's interfaces change incompatibly

# The kernel's record of a loaded module: (name, offset, meaning).
MODULE_FIELDS = [
    ("MOD_NAME", 0, "name, NUL-terminated (16 bytes)"),
    ("MOD_BASE", 16, "physical address of its first page"),
    ("MOD_SIZE", 20, "bytes of memory it holds (whole pages)"),
    ("MOD_STATE", 24, "MODSTATE_*"),
    ("MOD_REFS", 28, "references: modules that depend on it, and open files, devices or mounts it provides"),
    ("MOD_IMAGE", 32, "address of its object image while it loads (0 after)"),
    ("MOD_IMGSIZE", 36, "bytes of the image"),
    ("MOD_SECBASE", 40, "address of a word per section of the object: where it was placed (0: not loaded)"),
    ("MOD_NSEC", 44, "number of sections in the object"),
    ("MOD_INIT", 48, "address of its init function"),
    ("MOD_EXIT", 52, "address of its exit function, or 0"),
    ("MOD_NEXT", 56, "the next module record in the kernel's list"),
    ("MOD_NDEPS", 60, "modules it depends on"),
    ("MOD_DEPS", 64, "their records (MOD_MAXDEPS words)"),
    ("MOD_EXPORTS", 96, "address of its export table: pairs of (name address, value) words"),
    ("MOD_NEXPORTS", 100, "entries in it"),
    ("MOD_PARAMS", 104, "address of its parameter table (in the module's memory)"),
]
MODULE_SIZE = 128

MODULE_STATES = [
    ("MODSTATE_LOADING", 1, "relocated, init not yet returned"),
    ("MODSTATE_LIVE", 2, "loaded and running"),
    ("MODSTATE_GOING", 3, "being removed: exit has run"),
]

LIMITS = [
    ("MODNAME_MAX", 15, "longest module name"),
    ("MOD_MAXDEPS", 8, "most modules one module depends on"),
    ("MODERR_SIZE", 64, "bytes of the reason buffer of modload()/modunload()"),
    ("MODPARAM_MAX", 256, "longest parameter string given to modload(), NUL included"),
    ("MOD_IMAGE_MAX", 262144, "largest object image modload() accepts"),
    ("MODAREA_PAGES", 256, "pages of the module area (1 MiB beside the kernel, in reach of a call to it)"),
]


def modinfo(o):
    """{key: [values]} of an object's .modinfo section (isa/obj.py
    Object), in order; {} if it has none."""
    out = {}
    for sec in o.sections:
        if sec.name == ".modinfo":
            for entry in bytes(sec.data).split(b"\0"):
                key, eq, value = entry.decode("utf-8", "replace").partition("=")
                if eq:
                    out.setdefault(key, []).append(value)
    return out
