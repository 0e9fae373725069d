"""Issue 20's failing runs, replayed as deterministic faults through the
inject machinery: a driver that loses the sector number of a write (micro-io
runs 72, 111, 675: `nop` on `sw a0, 8(sp)` in disk_write) or sends the wrong
data must not damage the disk, and a read that came back wrong must not
reach the program (micro runs 121, 732).  The disk's transfer window and
the controller's checksum (docs/machine.md) are what stop them."""

import pytest

from tests.conftest import needs_host_tools
from vm.tools import inject as I

pytestmark = needs_host_tools("mtype", "fsck.fat")


def run_with(kernel, tmp_path, damage):
    """Boot `kernel`, run the inject workload; when the driver first runs
    after fsload has started, `damage(runner, target, kx)`; then the
    disk check: (console text, fsck complaint, damaged files, boot sector)."""
    from isa import kx
    from vm.tools.build import Builder
    tools = I.host_tools()
    disk = I.pristine_disk(tmp_path / "disk.img")
    target = I.Target.load(kernel, Builder.default().build_boot(kernel), disk)
    b = Builder.default()               # the driver with its symbols (the boot module is stripped)
    boot = b.boot_target(kernel)
    source, include = [(s, i) for n, s, i in b._module_sources(boot) if n == "disk"][0]
    module = kx.read(b._assemble(source, include, boot.defines))
    pristine = (tmp_path / "disk.img").read_bytes()
    r = I.Runner(target)
    try:
        r.deadline = 400_000_000
        while r.advance(r.m.now + I.GRID) == "time":
            if "fsload: " in r.output() and target.in_driver(r.m):
                break
        damage(r, target, module)
        r.finish(r.deadline)
        text = r.output()
        complaint, damaged = I.check_disk(r.disk_bytes(), I.FSLOAD_SEED, True, tools, tmp_path)
        return text, complaint, damaged, r.disk_bytes()[:512] == pristine[:512]
    finally:
        r.close()


def patch(r, target, vaddr, word):
    phys = target.code_address(r.m, vaddr)
    assert phys is not None
    I._patch(r.m, phys, word)


def test_a_write_that_lost_its_sector_number_cannot_hit_the_boot_sector(tmp_path):
    """micro-io runs 72, 111, 675: disk_write's `sw a0, 8(sp)` made a nop,
    so every write is sent to whatever the stack slot holds (sector 0)."""
    def damage(r, target, module):
        at = module.symbol_table()["disk_write"]
        word = int(r.m.mem32[target.code_address(r.m, at + 8) >> 2])
        assert I._decode(word)[0].name == "sw"
        patch(r, target, at + 8, I._word("addi"))
    text, complaint, damaged, boot_ok = run_with("micro-io", tmp_path, damage)
    assert boot_ok, text
    assert not complaint and not damaged, (complaint, damaged, text[-400:])
    assert "fsload: ok" in text


@pytest.mark.parametrize("kernel", ["micro", "micro-io"])
def test_a_driver_that_reads_the_wrong_sector_is_caught_and_restarted(kernel, tmp_path):
    """micro run 121 / 732: the driver moves another sector than asked
    (here: every request's sector + 1) and says it is done.  The window
    refuses the command or the checksum differs; FS complains, RS restarts
    the driver, the data is right."""
    def damage(r, target, module):
        at = module.symbol_table()["blk_xfer"]
        # blk_xfer starts `beqz a2, 8f`; make room: sector + 1 before it is sent
        # by replacing the branch with `addi a0, a0, 1` (count 0 never comes)
        patch(r, target, at, I._word("addi", rd=I.A0, rs1=I.A0, imm=1))
    text, complaint, damaged, boot_ok = run_with(kernel, tmp_path, damage)
    assert boot_ok and not complaint and not damaged, (complaint, damaged, text[-400:])
    assert "fsload: ok" in text and "rs: disk (ep 5)" in text


def test_a_driver_that_receives_from_rs_only_is_found_to_have_lost_the_request(tmp_path):
    """micro-io, seed 20261207, run 204: a bitflip made ipc_receive's
    `mv t0, a0` an `addi t0, a0, 4`, so the driver received from RS only
    (EP_ANY + 4): it answered heartbeats and never took FS's request, and
    the system hung.  RS now kills a driver that receives from one source."""
    def damage(r, target, module):
        at = module.symbol_table()["ipc_receive"]
        for vaddr in range(at, at + 64, 4):
            word = int(r.m.mem32[target.code_address(r.m, vaddr) >> 2])
            insn, v = I._decode(word)
            if insn.name == "addi" and v["rd"] == 5 and v["rs1"] == I.A0 and v["imm"] == 0:
                patch(r, target, vaddr, I._word("addi", rd=5, rs1=I.A0, imm=4))
                return
        raise AssertionError("no mv t0, a0 in ipc_receive")
    text, complaint, damaged, boot_ok = run_with("micro-io", tmp_path, damage)
    assert boot_ok and not complaint and not damaged, (complaint, damaged, text[-400:])
    assert "fsload: ok" in text and "lost a request" in text, text[-400:]
