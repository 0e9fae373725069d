"""The shell (programs/bin/sh.s) and init (programs/bin/init.s) on the
monolithic kernel, the way a user meets them: `k32 boot --snapshot` with
console input, checked as the transcript the console shows.

Scripted input arrives all at once, and the console echoes each line when
it is read, after the prompt that reads it, so a transcript reads like a
terminal session.  A Ctrl-C in scripted input acts as soon as the machine
starts (it drops the line being typed); Ctrl-C while a program runs is
tested on a pseudo-terminal (pexpect), typed at the moment it matters.

The disk is the built one (/BIN with every program) plus /T: test helpers
from tests/os/shell_data (ARGS prints its arguments in brackets, SPIN
loops forever, FAULT loads from address 0) and a few text files.  Builds go
to a scratch $K32_BUILD, so the repository's build/ is left alone.
"""

import os
import random
import re
import sys
import time
from pathlib import Path

import pexpect
import pytest

from conftest import run_k32
from vm.tools.build import make_fat16

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "os" / "shell_data"
MAX_STEPS = 1_000_000_000
TYPEAHEAD = 1000                   # input per boot kept short, so each test stays quick
BANNER = re.compile(r"\AK32 mono kernel: [^\n]*\n")

FILES = {
    "LONG.TXT": "echo " + "a" * 300 + "\necho after the long line\n",
    "SCRIPT.TXT": "echo first\ncat\nthis line is read by cat, not by sh\n",
    "TEXT.TXT": "not a program\n",
}


def assemble(source, output):
    run = run_k32("asm", "-I", ROOT / "programs/lib", "-I", ROOT / "os/include", source,
                  "-o", output)
    assert run.exit_code == 0, run.stderr
    return output


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="module")
def helpers(tmp_path_factory):
    """The helper programs assembled: name -> .kx path."""
    out = tmp_path_factory.mktemp("helpers")
    return {name: assemble(DATA / f"{name}.s", out / f"{name}.kx")
            for name in ("args", "spin", "fault")}


@pytest.fixture(scope="module")
def disk(build, helpers, tmp_path_factory):
    """/BIN with every program, and /T with the helpers and FILES."""
    out = tmp_path_factory.mktemp("disk")
    adds = []
    for name, kx in helpers.items():
        adds += ["--add", f"{kx}:/T/{name.upper()}"]
    for name, text in FILES.items():
        (out / name).write_text(text)
        adds += ["--add", f"{out / name}:/T/{name}"]
    image = out / "disk.img"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        run = run_k32("mkdisk", "-o", image, "--size", "4M", *adds)
    assert run.exit_code == 0, run.stderr
    return image


def boot_image(build, image, typed, tmp_path):
    """Boot with `typed` (bytes or str) as the whole console input ->
    (exit status, console text without the banner, LF line ends)."""
    feed = tmp_path / "typed"
    feed.write_bytes(typed.encode("latin-1") if isinstance(typed, str) else typed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        result = run_k32("boot", "--snapshot", "--disk", image, "--input-file", feed,
                         "--max-steps", MAX_STEPS)
    text = result.stdout.decode("latin-1").replace("\r\n", "\n")
    assert "kernel panic" not in text, text
    assert "step limit" not in result.stderr, result.stderr + text[-2000:]
    assert BANNER.match(text), text
    return result.exit_code, BANNER.sub("", text)


@pytest.fixture
def shell(build, disk, tmp_path):
    """shell(typed) -> (exit status, transcript)."""
    return lambda typed: boot_image(build, disk, typed, tmp_path)


def session(*pairs):
    """The transcript of commands and their output: session(("echo hi",
    "hi\\n"), ...) -> "$ echo hi\\nhi\\n...$ \\n" (the final prompt, then the
    newline the shell prints at the end of input)."""
    return "".join(f"$ {cmd}\n{out}" for cmd, out in pairs) + "$ \n"


# ---------------------------------------------------------------- basics

def test_prompt_simple_commands_and_end_of_input(shell):
    status, text = shell("echo hi\n")
    assert text == session(("echo hi", "hi\n"))
    assert status == 0


def test_blank_lines_comments_and_separators(shell):
    status, text = shell("\n   \t\n# all comment\necho a # the rest\necho a#b c\n"
                         "echo 1;echo 2 ; echo 3;\n;\n;;  ; echo 4\n")
    assert text == session(("", ""), ("   \t", ""), ("# all comment", ""),
                           ("echo a # the rest", "a\n"), ("echo a#b c", "a#b c\n"),
                           ("echo 1;echo 2 ; echo 3;", "1\n2\n3\n"), (";", ""),
                           (";;  ; echo 4", "4\n"))
    assert status == 0


def test_words_and_quoting(shell):
    typed = ("/t/args a   b\t c\n"
             """/t/args "b c" 'd $? e' f\\ g "" '' "x\\"y" 'it''s' a"b"'c'\n"""
             """/t/args "a\\b" "\\$?" \\$? \\\\ 'a\\b' "'" '"' \\# # x\n"""
             "/t/args \"a | b ; c > d\" 'e < f & g' h\\|i\n"
             "/t/args end\\\n")
    status, text = shell(typed)
    lines = text.splitlines()
    assert lines[1] == "[a][b][c]"
    assert lines[3] == "[b c][d $? e][f g][][][x\"y][its][abc]"
    assert lines[5] == "[a\\b][$?][$?][\\][a\\b]['][\"][#]"
    assert lines[7] == "[a | b ; c > d][e < f & g][h|i]"
    assert lines[9] == "[end\\]"           # a backslash at the very end stays
    assert status == 0


def test_status_expansion(shell):
    status, text = shell("true\n/t/args $? \"$?\" '$?' x$?y\nfalse\n/t/args $? \"[$?]\"\n"
                         "false; /t/args $?; /t/args $?\nnosuch\necho $?\nexit 7\n")
    assert text == session(
        ("true", ""), ("/t/args $? \"$?\" '$?' x$?y", "[0][0][$?][x0y]\n"),
        ("false", ""), ("/t/args $? \"[$?]\"", "[1][[1]]\n"),
        ("false; /t/args $?; /t/args $?", "[1]\n[0]\n"),   # each as its command runs
        ("nosuch", "sh: nosuch: no such file or directory\n"), ("echo $?", "127\n"),
        ("exit 7", "")).removesuffix("$ \n")
    assert status == 0                     # init powers off with 0 after any exit below 128


# ---------------------------------------------------------------- pipes and redirections

def test_pipes_of_two_three_and_more_stages(shell):
    status, text = shell("echo one two three | wc -w\n"
                         "echo hello | cat | wc -c\n"
                         "/t/args a b|cat|cat|cat|cat|cat\n"
                         "cat /t/script.txt | grep cat | wc -l\n"
                         "echo x | nosuch | wc -c\necho $?\n"
                         "false | true\necho $?\ntrue | false\necho $?\n")
    assert text == session(
        ("echo one two three | wc -w", "3\n"),
        ("echo hello | cat | wc -c", "6\n"),
        ("/t/args a b|cat|cat|cat|cat|cat", "[a][b]\n"),
        ("cat /t/script.txt | grep cat | wc -l", "2\n"),
        ("echo x | nosuch | wc -c", "sh: nosuch: no such file or directory\n0\n"),
        ("echo $?", "0\n"),                # the status of the last command
        ("false | true", ""), ("echo $?", "0\n"),
        ("true | false", ""), ("echo $?", "1\n"))
    assert status == 0


def test_redirections_write_append_and_read_back(shell):
    status, text = shell("echo first > /r.txt\ncat /r.txt\n"
                         "echo second >> /r.txt; cat < /r.txt\n"
                         "echo third>>/r.txt;cat</r.txt|wc -l\n"
                         "echo over>/r.txt; cat /r.txt\n"
                         ">/w.txt /t/args x y; </w.txt cat\n"
                         "/t/args a >/w.txt b >>/w.txt c; cat /w.txt\n"
                         "cat < /r.txt > /c.txt; cat /c.txt\n"
                         "> /e.txt\nwc -c < /e.txt\n"
                         "echo piped | cat > /p.txt; cat /p.txt\n"
                         "cat < /t/script.txt | wc -l > /n.txt; cat /n.txt\n")
    assert text == session(
        ("echo first > /r.txt", ""), ("cat /r.txt", "first\n"),
        ("echo second >> /r.txt; cat < /r.txt", "first\nsecond\n"),
        ("echo third>>/r.txt;cat</r.txt|wc -l", "3\n"),
        ("echo over>/r.txt; cat /r.txt", "over\n"),
        (">/w.txt /t/args x y; </w.txt cat", "[x][y]\n"),
        ("/t/args a >/w.txt b >>/w.txt c; cat /w.txt", "[a][b][c]\n"),
        ("cat < /r.txt > /c.txt; cat /c.txt", "over\n"),
        ("> /e.txt", ""), ("wc -c < /e.txt", "0\n"),
        ("echo piped | cat > /p.txt; cat /p.txt", "piped\n"),
        ("cat < /t/script.txt | wc -l > /n.txt; cat /n.txt", "3\n"))
    assert status == 0


def test_redirection_errors(shell):
    status, text = shell("cat < /nosuch.txt\necho $?\necho x > /nodir/f.txt\necho $?\n"
                         "echo x > /t\necho $?\n")
    assert text == session(
        ("cat < /nosuch.txt", "sh: /nosuch.txt: no such file or directory\n"),
        ("echo $?", "1\n"),
        ("echo x > /nodir/f.txt", "sh: /nodir/f.txt: no such file or directory\n"),
        ("echo $?", "1\n"),
        ("echo x > /t", "sh: /t: is a directory\n"),
        ("echo $?", "1\n"))
    assert status == 0


# ---------------------------------------------------------------- builtins, commands

def test_cd_pwd_and_relative_paths(shell):
    status, text = shell("pwd\nmkdir /d1\ncd d1\npwd\necho in d1 > f.txt\nmkdir sub\ncd sub\n"
                         "pwd\ncat ../f.txt\ncd ../..\npwd\ncat d1/f.txt\ncd /d1/./sub/../\n"
                         "pwd\ncd //bin//\npwd\nls | grep -c '^SH$'\ncd\npwd\ncd nosuch\necho $?\n"
                         "pwd\ncd /t/text.txt\ncd a b\necho $?\ncd /d1 | cat\npwd\n"
                         "pwd > /d1/w.txt; cat /d1/w.txt\n")
    assert text == session(
        ("pwd", "/\n"), ("mkdir /d1", ""), ("cd d1", ""), ("pwd", "/d1\n"),
        ("echo in d1 > f.txt", ""), ("mkdir sub", ""), ("cd sub", ""), ("pwd", "/d1/sub\n"),
        ("cat ../f.txt", "in d1\n"), ("cd ../..", ""), ("pwd", "/\n"),
        ("cat d1/f.txt", "in d1\n"), ("cd /d1/./sub/../", ""), ("pwd", "/d1\n"),
        ("cd //bin//", ""), ("pwd", "/bin\n"), ("ls | grep -c '^SH$'", "1\n"),
        ("cd", ""), ("pwd", "/\n"),
        ("cd nosuch", "sh: cd: nosuch: no such file or directory\n"), ("echo $?", "1\n"),
        ("pwd", "/\n"),
        ("cd /t/text.txt", "sh: cd: /t/text.txt: not a directory\n"),
        ("cd a b", "sh: cd: too many arguments\n"), ("echo $?", "1\n"),
        ("cd /d1 | cat", ""), ("pwd", "/\n"),         # in a pipeline: a child's own cd
        ("pwd > /d1/w.txt; cat /d1/w.txt", "/\n"))
    assert status == 0


def test_command_not_found_and_not_executable(shell):
    status, text = shell("nosuch a b\necho $?\n/t/nosuch\necho $?\n./nosuch\n"
                         "/t/text.txt\necho $?\n/bin\necho $?\ncd /t; ./args ok; args\n")
    assert text == session(
        ("nosuch a b", "sh: nosuch: no such file or directory\n"), ("echo $?", "127\n"),
        ("/t/nosuch", "sh: /t/nosuch: no such file or directory\n"), ("echo $?", "127\n"),
        ("./nosuch", "sh: ./nosuch: no such file or directory\n"),
        ("/t/text.txt", "sh: /t/text.txt: not an executable\n"), ("echo $?", "126\n"),
        ("/bin", "sh: /bin: is a directory\n"), ("echo $?", "126\n"),
        ("cd /t; ./args ok; args", "[ok]\nsh: args: no such file or directory\n"))
    assert status == 0


def test_exit_builtin(shell):
    status, text = shell("exit 1 2\necho $?\nexit x\necho not reached\n")
    assert text == ("$ exit 1 2\nsh: exit: too many arguments\n$ echo $?\n1\n"
                    "$ exit x\nsh: exit: x: numeric argument required\n")
    assert status == 0


def test_too_many_arguments(shell):
    many = " ".join(["x"] * 40)
    status, text = shell(f"/t/args {many}\necho $?\n/t/args {' '.join(['y'] * 31)}\n")
    assert text == session((f"/t/args {many}", "sh: /t/args: argument list too long\n"),
                           ("echo $?", "127\n"),
                           (f"/t/args {' '.join(['y'] * 31)}", "[y]" * 31 + "\n"))
    assert status == 0


def test_background_jobs(shell):
    status, text = shell("/t/args bg & /t/args fg\necho $?\n")
    first, rest = text.split("$ echo $?\n")
    lines = first.splitlines()
    assert lines[0] == "$ /t/args bg & /t/args fg"
    assert sorted(lines[1:]) == ["[3]", "[bg]", "[fg]"]     # "[pid]" of the job
    assert rest == "0\n$ \n"
    assert status == 0


# ---------------------------------------------------------------- syntax errors

@pytest.mark.parametrize("line, near", [
    ("| cat", "|"), ("echo a |", "|"), ("echo a | | cat", "|"), ("echo a ; | cat", "|"),
    ("echo a | ; echo b", "|"), ("echo a |&", "|"), ("& echo", "&"), ("echo >", "newline"),
    ("cat <", "newline"), ("echo > | cat", "|"), ("echo >> ; echo", ";"), ("cat < > x", ">"),
    ("echo a > >> b", ">>"), ("echo a < & b", "&"),
])
def test_syntax_errors_run_nothing_of_the_line(shell, line, near):
    status, text = shell(f"echo before; {line}\necho $?\n")
    assert text == session((f"echo before; {line}", f"sh: syntax error near '{near}'\n"),
                           ("echo $?", "2\n"))
    assert status == 0


def test_unterminated_quotes(shell):
    status, text = shell("echo \"abc\necho 'abc\necho 'a\"b\necho $?\n")
    message = "sh: syntax error: unterminated quote\n"
    assert text == session(("echo \"abc", message), ("echo 'abc", message),
                           ("echo 'a\"b", message), ("echo $?", "2\n"))
    assert status == 0


# ---------------------------------------------------------------- robustness

def test_long_lines_and_many_tokens(shell):
    semis = ";" * 200
    pipes = "echo x" + "|cat" * 40 + "|wc -c"
    dollars = "echo " + "$?" * 120
    status, text = shell(f"{semis}\n{pipes}\n{dollars}\nsh < /t/long.txt\necho $?\n")
    assert text == session((semis, ""), (pipes, "2\n"), (dollars, "0" * 120 + "\n"),
                           ("sh < /t/long.txt",
                            "$ sh: line too long\n$ after the long line\n$ \n"),
                           ("echo $?", "0\n"))
    assert status == 0


LONG_LINE = 100_000                 # bytes on one typed line: far past the line discipline's 255


def test_a_line_longer_than_the_line_discipline_keeps_its_first_255_bytes(shell):
    """The line keeps its first 255 bytes; the rest is dropped up to the
    newline and the bell (BEL) rings once, echoed before the newline.
    Editing still works on a full line, and the next line is read whole."""
    kept = "echo " + "a" * 250
    status, text = shell("echo " + "a" * LONG_LINE + "\necho next\n"
                         "echo " + "b" * 300 + "\b\bxy\n"
                         "echo " + "c" * 300 + "\x15echo killed\n")
    assert text == session((kept + "\a", "a" * 250 + "\n"), ("echo next", "next\n"),
                           ("echo " + "b" * 248 + "xy\a", "b" * 248 + "xy\n"),
                           ("echo killed", "killed\n"))
    assert status == 0


def test_a_pipeline_longer_than_the_process_table(shell):
    line = "echo x" + "|cat" * 62            # NPROC is 64: a fork fails
    status, text = shell(f"{line}\necho $?\nps > /ps.txt; wc -l < /ps.txt\n"
                         "echo x | cat | wc -c\n")
    assert "sh: fork: resource temporarily unavailable\n" in text
    tail = text[text.index("$ echo $?"):]
    assert tail == session(("echo $?", "1\n"),
                           ("ps > /ps.txt; wc -l < /ps.txt", "4\n"),   # header, init, sh, ps
                           ("echo x | cat | wc -c", "2\n"))
    assert status == 0


def test_the_shell_reads_a_script_one_byte_at_a_time(shell):
    # The rest of the file after "cat" goes to cat, not to the shell.
    status, text = shell("sh < /t/script.txt\necho $?\necho 'echo nested $?' | sh\n")
    assert text == session(("sh < /t/script.txt",
                            "$ first\n$ this line is read by cat, not by sh\n$ \n"),
                           ("echo $?", "0\n"),
                           ("echo 'echo nested $?' | sh", "$ nested 0\n$ \n"))
    assert status == 0


def test_random_lines_never_crash_the_shell(shell):
    rng = random.Random(1234)
    pieces = ["zq", "zz9", "'", '"', "|", ";", "<", ">", ">>", "&", "\\", "$?", "#", " ",
              "  ", "\t", "x y", "/t/args", "$", "?", "''", '""', "\\'"]
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60)))[:250]
             for _ in range(60)]
    batches = [[]]                         # under TYPEAHEAD bytes of input per boot
    for line in lines:
        if sum(len(x) + 1 for x in batches[-1]) + len(line) > TYPEAHEAD - 20:
            batches.append([])
        batches[-1].append(line)
    for batch in batches:
        status, text = shell("\n".join(batch) + "\necho alive\n")
        assert "$ echo alive\nalive\n$ " in text, text[-2000:]
        assert "(sh)" not in text            # no fault report for the shell
        assert "init:" not in text           # and it never died
        assert status == 0


def test_a_faulting_command_is_reported_by_the_kernel(shell):
    status, text = shell("/t/fault\necho $?\n/t/fault | /t/args after\necho $?\n")
    assert re.fullmatch(r"\$ /t/fault\npid \d+ \(fault\): [^\n]*address 0x00000000\n"
                        r"\$ echo \$\?\n139\n"
                        r"\$ /t/fault \| /t/args after\n(pid \d+ \(fault\): [^\n]*\n\[after\]\n|"
                        r"\[after\]\npid \d+ \(fault\): [^\n]*\n)"
                        r"\$ echo \$\?\n0\n\$ \n", text), text
    assert status == 0


# ---------------------------------------------------------------- Ctrl-C (scripted)

def test_ctrl_c_in_scripted_input_drops_the_line_being_typed(shell):
    status, text = shell("echo dropped\x03echo kept\necho $?\n")
    assert "dropped" not in text
    assert text == "^C\n" + session(("echo kept", "kept\n"), ("echo $?", "0\n"))
    assert status == 0


# ---------------------------------------------------------------- init

def test_init_restarts_a_killed_shell(shell):
    status, text = shell("echo $?\nexit 200\necho second $?\nkill 4\necho third\n"
                         "/t/args x\n")
    assert text == ("$ echo $?\n0\n$ exit 200\n"
                    "init: shell died (status 200), restarting\n"
                    "$ echo second $?\nsecond 0\n$ kill 4\n"
                    "init: shell died (status 137), restarting\n"
                    "$ echo third\nthird\n$ /t/args x\n[x]\n$ \n")
    assert status == 0


def test_init_reaps_orphans(shell):
    # Background jobs outlive their shell (exit): init reaps them, and the
    # process table is not left with zombies when the next shell runs.
    status, text = shell("/t/args a & /t/args b &\nexit 129\nps\n")
    assert "init: shell died (status 129), restarting" in text
    ps = text[text.index("$ ps\n") + 5:]
    assert re.fullmatch(r" +PID +PPID STATE +MEM NAME\n +1 +0 sleep +\d+ init\n"
                        r" +\d+ +1 (sleep|runnable) +\d+ sh\n +\d+ +\d+ run +\d+ ps\n\$ \n", ps), ps
    assert status == 0


def small_disk(tmp_path, files):
    image = tmp_path / "small.img"
    make_fat16(image, 4 * 1024 * 1024, ["/BIN"], files)
    return image


def test_init_without_a_shell_powers_off_with_status_1(build, tmp_path):
    init = assemble(ROOT / "programs/bin/init.s", tmp_path / "init.kx")
    image = small_disk(tmp_path, {"/BIN/INIT": init.read_bytes()})
    status, text = boot_image(build, image, "", tmp_path)
    assert text == "init: cannot start /bin/sh: no such file or directory\n"
    assert status == 1


def test_init_gives_up_on_a_shell_that_keeps_dying(build, helpers, tmp_path):
    init = assemble(ROOT / "programs/bin/init.s", tmp_path / "init.kx")
    image = small_disk(tmp_path, {"/BIN/INIT": init.read_bytes(),
                                  "/BIN/SH": helpers["fault"].read_bytes()})
    status, text = boot_image(build, image, "", tmp_path)
    lines = text.splitlines()
    assert lines[-1] == "init: shell died (status 139) again at once; powering off"
    assert lines.count("init: shell died (status 139), restarting") == 4
    assert len(re.findall(r"^pid \d+ \(sh\): ", text, re.M)) == 5    # the kernel's reports
    assert status == 1


# ---------------------------------------------------------------- Ctrl-C on a terminal

class Terminal:
    """`k32 boot` on a pseudo-terminal: what is typed arrives when it is typed."""

    def __init__(self, build, image):
        env = dict(os.environ, K32_BUILD=str(build))
        self.child = pexpect.spawn(sys.executable, ["-m", "vm.cli", "boot", "--snapshot",
                                                    "--disk", str(image)],
                                   cwd=str(ROOT), env=env, timeout=120)
        self.expect("$ ")

    def expect(self, text, timeout=-1):
        self.child.expect_exact(text, timeout=timeout)
        return self.child.before.decode("latin-1").replace("\r", "")

    def run(self, line):
        """Type a line; -> what it printed before the next prompt."""
        self.child.send(line + "\r")
        self.expect(line)
        return self.expect("$ ").lstrip("\n")

    def interrupt(self):
        """Ctrl-C until a prompt comes back (a Ctrl-C that comes before
        the command has started its program is spent on nothing)."""
        for _ in range(20):
            self.child.send("\x03")
            try:
                return self.expect("$ ", timeout=1).replace("^C\n", "").strip()
            except pexpect.TIMEOUT:
                pass
        raise AssertionError("Ctrl-C did not bring the prompt back")

    def finish(self):
        self.child.send("\x04")
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


@pytest.fixture
def terminal(build, disk):
    term = Terminal(build, disk)
    yield term
    if term.child.isalive():
        term.child.terminate(force=True)


def test_ctrl_c_on_a_terminal_at_the_prompt_and_during_programs(terminal):
    start = time.monotonic()
    terminal.child.send("echo never run")
    terminal.expect("echo never run")
    assert terminal.interrupt() == ""
    assert terminal.run("echo $?") == "130\n"
    terminal.child.send("sleep 1000\r")
    terminal.expect("sleep 1000")
    time.sleep(0.5)
    terminal.interrupt()
    assert terminal.run("echo $?") == "130\n"
    terminal.child.send("/t/spin\r")
    terminal.expect("spinning")
    assert terminal.interrupt() == ""
    assert terminal.run("echo $?") == "130\n"
    terminal.child.send("/t/spin | cat | /t/spin\r")
    terminal.expect("spinning")
    terminal.interrupt()
    assert terminal.run("echo $?") == "130\n"
    assert terminal.run("ps > /ps.txt; wc -l < /ps.txt") == "4\n"    # all of them gone
    terminal.child.send("cat\r")
    terminal.expect("cat")
    terminal.child.send("typed to cat\r")
    terminal.expect("typed to cat")
    terminal.expect("typed to cat")                   # the echo, then cat's copy
    terminal.child.send("\x04")                       # Ctrl-D: cat's end of input
    terminal.expect("$ ")
    assert terminal.run("echo $?") == "0\n"
    assert terminal.finish() == 0                     # Ctrl-D at the prompt: power off
    assert time.monotonic() - start < 100             # not the 1000 s of the sleep


def test_line_editing_on_a_terminal(terminal):
    """Backspace erases on the screen (BS space BS), Ctrl-U the whole line;
    what the program reads is the edited line."""
    terminal.child.send("echo abX\x7fc")
    terminal.expect("echo abX\b \bc")
    terminal.child.send("\r")
    assert terminal.expect("$ ").strip() == "abc"
    terminal.child.send("rm -rf /\x15echo kept")
    terminal.expect("\b \b" * len("rm -rf /") + "echo kept")
    terminal.child.send("\r")
    assert terminal.expect("$ ").strip() == "kept"
    assert terminal.finish() == 0


def test_a_line_too_long_on_a_terminal_rings_the_bell_when_it_fills(terminal):
    """Typed while the shell reads: the bell rings at the first byte that
    does not fit, right after the 255 kept, and only once."""
    terminal.child.send("echo " + "z" * 300)
    terminal.expect("echo " + "z" * 250 + "\a")
    terminal.child.send("\r")
    assert terminal.expect("$ ") == "\n" + "z" * 250 + "\n"      # no second bell
    assert terminal.run("echo next") == "next\n"
    assert terminal.finish() == 0


def test_line_editing_of_typed_ahead_input(build, disk):
    """The same keys in scripted input: typed ahead, so nothing was shown
    yet and only the edited line is echoed when it is read.  Ctrl-D ends a
    line without a newline, and on an empty line is cat's end of input."""
    text = "echo abX\x7fc\nrm -rf /\x15echo kept\ncat\nab\x04cd\n\x04echo after\n"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        run = run_k32("boot", "--snapshot", "--disk", disk, "--input", text,
                      "--max-steps", MAX_STEPS)
    assert run.exit_code == 0, run.stderr
    out = BANNER.sub("", run.stdout.decode().replace("\r\n", "\n"))
    assert out == ("$ echo abc\nabc\n$ echo kept\nkept\n$ cat\nababcd\ncd\n"
                   "$ echo after\nafter\n$ \n")


def test_long_scripted_input_is_not_lost(build, disk):
    """More input than the console's ring holds: reception pauses until the
    shell has read some, so every line runs."""
    lines = [f"echo line{i:03d} {'x' * 40}" for i in range(80)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        run = run_k32("boot", "--snapshot", "--disk", disk, "--input",
                      "\\n".join(lines) + "\\n", "--max-steps", MAX_STEPS)
    assert run.exit_code == 0, run.stderr
    out = run.stdout.decode().replace("\r\n", "\n")
    assert [l for l in out.splitlines() if l.startswith("line")] == \
        [l.removeprefix("echo ") for l in lines]
