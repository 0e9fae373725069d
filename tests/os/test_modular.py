"""The modular kernel (os/modular/) through its shell: the root file system's
modules at boot, loading and removing modules with insmod/rmmod, every
refusal the loader makes (each from a module written here, assembled with
`k32 asm -c` and put on a disk copy with mtools), the module area's pages
over 100 load/unload cycles, a character device held open, and a kernel
fault inside a module naming the module and offset.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import host_tool, needs_host_tools, run_k32
from isa import module as kmod

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = ["-I", ROOT / "os/modular", "-I", ROOT / "os", "-I", ROOT / "os/include"]
MAX_STEPS = 3_000_000_000
BANNER = re.compile(r"\AK32 modular kernel: [^\n]*\n")
LSMOD_HEADER = "Module                  Size  Used by"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="module")
def disk(build, tmp_path_factory):
    """The default disk: /BIN and /LIB/MOD, as `k32 mkdisk` makes it."""
    image = tmp_path_factory.mktemp("disk") / "disk.img"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        run = run_k32("mkdisk", "-o", image, "--size", "8M")
    assert run.exit_code == 0, run.stderr
    return image


def boot(build, image, typed, tmp_path, panic=False):
    """Boot the modular kernel with `typed` as the console input ->
    console text (banner checked and cut, LF line ends)."""
    feed = tmp_path / "typed"
    feed.write_text(typed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        result = run_k32("boot", "--kernel", "modular", "--snapshot", "--disk", image,
                         "--input-file", feed, "--max-steps", MAX_STEPS)
    text = result.stdout.decode("latin-1").replace("\r\n", "\n")
    assert ("kernel panic" in text) == panic, text
    assert "step limit" not in result.stderr, result.stderr + text[-2000:]
    assert BANNER.match(text), text
    return BANNER.sub("", text)


def after(text, command):
    """The lines the shell printed for `$ command`, up to the next prompt."""
    start = text.index(f"$ {command}\n") + len(command) + 3
    end = text.find("$ ", start)
    return text[start:end if end >= 0 else None].splitlines()


def module_object(tmp_path, name, body):
    """Assemble a module source (kmod.inc included first) with `k32 asm -c`."""
    source = tmp_path / f"{name}.s"
    source.write_text('        .include "kmod.inc"\n' + body)
    out = tmp_path / f"{name}.ko"
    run = run_k32("asm", "-c", *INCLUDE, source, "-o", out)
    assert run.exit_code == 0, run.stderr
    return out


def disk_with(disk, tmp_path, files):
    """A copy of the disk with {"/NAME.KO": host file} added by mcopy."""
    image = tmp_path / "disk.img"
    shutil.copyfile(disk, image)
    for dest, src in files.items():
        subprocess.run([host_tool("mcopy"), "-i", image, src, f"::{dest}"], check=True)
    return image


def test_boot_loads_the_root_file_systems_modules(build, disk, tmp_path):
    text = boot(build, disk, "lsmod\nrmmod disk\necho $?\nrmmod bcache\nrmmod fat16\n"
                "echo $?\nls /LIB/MOD\ncat /LIB/MOD/MODULES.DEP\n", tmp_path)
    rows = after(text, "lsmod")
    assert rows[0] == LSMOD_HEADER
    assert [r.split()[0] for r in rows[1:]] == ["fat16", "bcache", "disk"]   # newest first
    fat16, bcache, disk_row = rows[1:]
    assert re.fullmatch(r"fat16 {14,}\d+  1", fat16)           # the root mount
    assert re.fullmatch(r"bcache {13,}\d+  1 fat16", bcache)
    assert re.fullmatch(r"disk {15,}\d+  1 bcache", disk_row)
    for row in rows[1:]:
        assert int(row[20:28]) % 4096 == 0 and len(row[:28].rstrip()) == 28
    assert after(text, "rmmod disk") == ["rmmod: disk: in use by bcache"]
    assert after(text, "echo $?") == ["1"]
    assert after(text, "rmmod bcache") == ["rmmod: bcache: in use by fat16"]
    assert after(text, "rmmod fat16") == ["rmmod: fat16: in use"]
    assert {"DISK.KO", "BCACHE.KO", "FAT16.KO", "HELLO.KO", "HELLODEV.KO", "GREETER.KO",
            "MODULES.DEP"} <= set(after(text, "ls /LIB/MOD"))
    dep = after(text, "cat /LIB/MOD/MODULES.DEP")
    assert "FAT16.KO: BCACHE.KO DISK.KO" in dep and "DISK.KO:" in dep


def test_insmod_rmmod_hello_with_a_parameter(build, disk, tmp_path):
    text = boot(build, disk, "insmod /LIB/MOD/HELLO.KO who=K32\nlsmod\n"
                "insmod /LIB/MOD/HELLO.KO\nrmmod hello\nrmmod hello\n"
                "insmod /LIB/MOD/HELLO.KO\nrmmod hello\n", tmp_path)
    assert after(text, "insmod /LIB/MOD/HELLO.KO who=K32") == ["hello, K32"]
    assert re.fullmatch(r"hello {14,}4096  0", after(text, "lsmod")[1])
    assert after(text, "insmod /LIB/MOD/HELLO.KO")[0] == \
        "insmod: /LIB/MOD/HELLO.KO: module already loaded"
    removed = text.split("$ rmmod hello\n")
    assert removed[1].startswith("goodbye, K32\n")
    assert removed[2].startswith("rmmod: hello: not loaded\n")
    assert removed[3].startswith("goodbye, world\n")      # the default, the next time


def test_parameters_are_checked(build, disk, tmp_path):
    text = boot(build, disk, "insmod /LIB/MOD/HELLO.KO who=" + "x" * 32 + "\n"
                "insmod /LIB/MOD/HELLO.KO where=here\ninsmod /LIB/MOD/HELLO.KO who\n"
                "lsmod\n", tmp_path)
    lines = text.splitlines()
    assert "insmod: /LIB/MOD/HELLO.KO: parameter who: value too long" in lines
    assert "insmod: /LIB/MOD/HELLO.KO: parameter where: unknown" in lines
    assert "insmod: /LIB/MOD/HELLO.KO: parameter who: not name=value" in lines
    assert "hello" not in "\n".join(after(text, "lsmod"))


REFUSED = {
    # name: (module source after kmod.inc, the reason insmod prints)
    "rtc": ("""        MODULE_NAME rtc
        MODULE_INIT rtc_init
        .text
rtc_init:
        la      a0, rtc_base
        li      a0, 0
        ret
""", "unknown symbol rtc_base"),
    "old": ("""        .pushsection .modinfo, ""
        .asciz  "name=old"
        .asciz  "vermagic=k32-modular 0"
        .popsection
        .text
        ret
""", f"built for kernel 'k32-modular 0', this is '{kmod.VERMAGIC}'"),
    "needy": ("""        MODULE_NAME needy
        MODULE_DEPENDS nosuch
        .text
        ret
""", "needs module nosuch, not loaded"),
    "big": ("""        MODULE_NAME big
        .bss
        .space  2 << 20
""", "out of memory (module area)"),
    "far": ("""        MODULE_NAME far
        MODULE_INIT far_init
        .text
far_init:
        beqz    a0, kputs
        ret
""", "relocation out of range at .text+0x0"),
    "half": ("""        MODULE_NAME half
        .data
        .half   half_data                       # R_K32_16: a module address needs more
half_data:
        .word   0
""", "relocation out of range at .data+0x0"),
    "refuse": ("""        MODULE_NAME refuse
        MODULE_INIT refuse_init
        .text
refuse_init:
        li      a0, -EBUSY
        ret
""", "init failed: error -16"),
    "noname": ("""        .text
        ret
""", "not a kernel module (no .modinfo)"),
}


@needs_host_tools("mcopy")
def test_each_refusal_undoes_the_load(build, disk, tmp_path):
    files = {f"/{name.upper()}.KO": module_object(tmp_path, name, body)
             for name, (body, _) in REFUSED.items()}
    damaged = tmp_path / "damaged.ko"
    data = bytearray((build / "modules" / "hello.ko").read_bytes())
    data[len(data) // 2] ^= 0x40
    damaged.write_bytes(data)
    files["/DAMAGED.KO"] = damaged
    truncated = tmp_path / "short.ko"
    truncated.write_bytes(data[:100])
    files["/SHORT.KO"] = truncated
    image = disk_with(disk, tmp_path, files)
    typed = "free\n" + "".join(f"insmod /{name.upper()}.KO\necho $?\n" for name in REFUSED)
    typed += "insmod /DAMAGED.KO\ninsmod /SHORT.KO\nlsmod\nfree\n"
    text = boot(build, image, typed, tmp_path)
    for name, (_, why) in REFUSED.items():
        assert after(text, f"insmod /{name.upper()}.KO")[-1] == f"insmod: /{name.upper()}.KO: {why}"
    assert text.count("$ echo $?\n1\n") == len(REFUSED)
    assert "kernel: rtc: unknown symbol rtc_base" in text       # the kernel's log too
    assert after(text, "insmod /DAMAGED.KO") == ["insmod: /DAMAGED.KO: CRC mismatch (damaged object)"]
    assert after(text, "insmod /SHORT.KO")[0].startswith("insmod: /SHORT.KO: ")
    assert [r.split()[0] for r in after(text, "lsmod")[1:]] == ["fat16", "bcache", "disk"]
    frees = text.split("$ free\n")
    assert frees[1].split("$ ")[0] == frees[2].split("$ ")[0]      # nothing kept


def test_a_hundred_loads_and_unloads_leak_nothing(build, disk, tmp_path):
    typed = "free\nlsmod\n" + "insmod /LIB/MOD/HELLO.KO\nrmmod hello\n" * 100 + "free\nlsmod\n"
    text = boot(build, disk, typed, tmp_path)
    assert text.count("hello, world\n") == 100 and text.count("goodbye, world\n") == 100
    frees = [part.split("$ ")[0] for part in text.split("$ free\n")[1:]]
    assert frees[0] == frees[1] and "modpages" in frees[0], frees
    lsmods = [part.split("$ ")[0] for part in text.split("$ lsmod\n")[1:]]
    assert lsmods[0] == lsmods[1]


def test_an_open_device_keeps_its_module(build, disk, tmp_path):
    text = boot(build, disk, "insmod /LIB/MOD/HELLODEV.KO\ncat /dev/hello\ncat /dev/hello\n"
                "sleep 20 < /dev/hello &\nrmmod hellodev\nlsmod\nsleep 30\nrmmod hellodev\n"
                "cat /dev/hello\necho hi > /dev/hello\n", tmp_path)
    reads = text.split("$ cat /dev/hello\n")
    assert reads[1].startswith("hello from a kernel module (read 1)\n")
    assert reads[2].startswith("hello from a kernel module (read 2)\n")
    assert "rmmod: hellodev: in use" in after(text, "rmmod hellodev")
    assert re.search(r"^hellodev +\d+  1$", "\n".join(after(text, "lsmod")), re.M)
    assert reads[3].startswith("cat: /dev/hello: no such file or directory\n")   # removed


@needs_host_tools("mcopy")
def test_a_fault_in_module_code_names_the_module(build, disk, tmp_path):
    crash = module_object(tmp_path, "crash", """        MODULE_NAME crash
        MODULE_INIT crash_init
        .text
crash_init:
        li      t0, -16
        lw      t1, 0(t0)               # outside RAM: a kernel fault
        ret
""")
    image = disk_with(disk, tmp_path, {"/CRASH.KO": crash})
    text = boot(build, image, "insmod /CRASH.KO\n", tmp_path, panic=True)
    assert "kernel panic: bus error at pc 0x" in text
    assert re.search(r"^pc 0x[0-9a-f]{8} = crash\+0x4$", text, re.M), text


@pytest.mark.parametrize("body, message", [
    ("        MODULE_NAME bad\n        .text\n        call nothere\n",
     "error: unknown symbol nothere (not exported by the kernel)"),
    ("        MODULE_NAME bad\n        MODULE_DEPENDS nosuch\n",
     "error: depends on nosuch, which is not a module here"),
    ("        MODULE_NAME other\n", "error: its MODULE_NAME must be bad"),
])
def test_build_checks_modules_as_depmod_does(tmp_path, monkeypatch, body, message):
    src = tmp_path / "src"
    for part in ("os", "programs"):
        shutil.copytree(ROOT / part, src / part)
    (src / "programs/examples/modules/bad.s").write_text('        .include "kmod.inc"\n' + body)
    monkeypatch.setenv("K32_ROOT", str(src))
    monkeypatch.setenv("K32_BUILD", str(tmp_path / "build"))
    monkeypatch.chdir(tmp_path)
    run = run_k32("build")
    assert run.exit_code != 0
    assert f"src/programs/examples/modules/bad.s: {message}" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


@needs_host_tools("mcopy")
def test_every_kind_of_relocation_the_assembler_makes(build, disk, tmp_path):
    """A module addressing its data in each way (absolute %hi/%lo, pc-relative
    pairs, data words and halves, a jump table of label differences) and
    calling the kernel: the loader patches each as the linker would."""
    relocs = module_object(tmp_path, "relocs", """        MODULE_NAME relocs
        MODULE_INIT relocs_init
        .text
relocs_init:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        lui     a0, %hi(msg_abs)                # R_K32_HI20, R_K32_LO12
        addi    a0, a0, %lo(msg_abs)
        call    kputs                           # R_K32_JAL to the kernel
1:      auipc   a0, %pcrel_hi(msg_pcrel)        # R_K32_PCREL_HI20
        addi    a0, a0, %pcrel_lo(1b)           # R_K32_PCREL_LO12
        call    kputs
        la      t0, table                       # a word of data: R_K32_32
        lw      a0, 0(t0)
        call    kputs
        la      t0, jumps                       # label differences: R_K32_PCREL32
        lw      t1, 4(t0)
        add     t1, t1, t0
        jalr    t1
        la      t0, half
        lhu     a0, 0(t0)                       # a constant half: no relocation
        li      t1, 0x1234
        bne     a0, t1, 2f
        la      a0, msg_ok
        call    kputs
2:      li      a0, 0
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
target:
        la      a0, msg_jump
        j       kputs                           # a tail call to the kernel
        .rodata
msg_abs:        .asciz  "absolute\\n"
msg_pcrel:      .asciz  "pc-relative\\n"
msg_word:       .asciz  "data word\\n"
msg_jump:       .asciz  "jump table\\n"
msg_ok:         .asciz  "half ok\\n"
        .data
        .balign 4
table:  .word   msg_word
jumps:  .word   target - jumps, target - jumps
half:   .half   0x1234
""")
    image = disk_with(disk, tmp_path, {"/RELOCS.KO": relocs})
    text = boot(build, image, "insmod /RELOCS.KO\n", tmp_path)
    assert after(text, "insmod /RELOCS.KO") == ["absolute", "pc-relative", "data word",
                                                 "jump table", "half ok"]


def test_modprobe_loads_what_a_module_needs_first(build, disk, tmp_path):
    text = boot(build, disk, "modprobe greeter\nlsmod\nrmmod hello\nmodprobe -r greeter\n"
                "lsmod\n", tmp_path)
    assert after(text, "modprobe greeter") == ["hello, world", "hello, greeter"]
    rows = after(text, "lsmod")
    assert re.fullmatch(r"greeter {12,}4096  0", rows[1])
    assert re.fullmatch(r"hello {14,}4096  1 greeter", rows[2])
    assert after(text, "rmmod hello") == ["rmmod: hello: in use by greeter"]
    assert after(text, "modprobe -r greeter") == ["goodbye, world"]
    assert [r.split()[0] for r in text.split("$ lsmod\n")[2].splitlines()[1:4]] == \
        ["fat16", "bcache", "disk"]
