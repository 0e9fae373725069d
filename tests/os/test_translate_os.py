"""The OS with and without the translator (vm/machine/translate.py): one
boot of the monolithic kernel runs `usertests` (forks, pipes, page faults,
the timer, the disk) with translation and one without, and they must end
in the same machine after the same instructions, having printed the same
bytes; the translated run must really have run translated code, in kernel
mode and in user mode under paging."""

from io import BytesIO

import numpy as np
import pytest

from vm.machine import Machine
from vm.machine import state as S
from vm.machine.boot import load_image, read_image
from vm.machine.console import ScriptedConsole
from vm.machine.session import Session
from vm.tools.build import Builder

TYPED = b'usertests\necho "status $?"\n'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    build = tmp_path_factory.mktemp("build")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        builder = Builder.default()
        return read_image(str(builder.build_boot("mono"))), str(builder.build_disk())


def boot(built, jit):
    image, disk = built
    m = Machine(16 << 20, jit=jit)
    m.attach_disk(disk, private=True)
    load_image(m, image)
    out = BytesIO()
    kinds = set()
    if jit:
        hot = m.translator.hot

        def noting_hot():
            kinds.add(bool(m.csr[0] & 1))          # STATUS_KERNEL when it got hot
            hot()
        m.translator.hot = noting_hot
    outcome = Session(m, ScriptedConsole(TYPED, out=out), max_steps=3_000_000_000,
                      err=BytesIO()).run()
    return m, outcome.status, out.getvalue(), kinds


def test_usertests_boot_is_the_same_translated_and_interpreted(built):
    fast, fast_status, fast_out, kinds = boot(built, True)
    slow, slow_status, slow_out, _ = boot(built, False)
    assert b"usertests: " in slow_out and b"status 0" in slow_out, slow_out[-2000:]
    assert (fast_status, fast_out) == (slow_status, slow_out)
    assert (fast.retired, fast.kernel_retired, fast.now) == \
        (slow.retired, slow.kernel_retired, slow.now)
    for name in ("regs", "csr", "st", "mem8", "tlb"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name
    assert kinds == {True, False}, "translated code in both modes"
    assert fast.jt[S.J_RAN] > fast.retired // 10
    fast.close()
    slow.close()
