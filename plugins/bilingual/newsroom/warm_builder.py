"""The live preview's builder: a process with the build's modules imported
that forks one build from itself per request.

    python -m bilingual.newsroom.warm_builder REPLY_FD

Each line on standard input is one build: the build driver's arguments
(``bilingual.newsroom.build``) as a JSON list. The builder forks a child,
puts it in a process group of its own (stopping that group stops the
build with its worker processes and Pagefind), writes ``started PID`` to
the file descriptor REPLY_FD, ``ended STATUS`` (the exit status; a
negative one is the signal that ended it) once the build is over, and
``ready`` once its own work between builds is done. It ends when its
standard input closes.

Forking a process that has imported Pelican, Markdown and the plugin spares
each rebuild Python's start and those imports (0.55 s of a one-story
rebuild at 1,000 story pairs). Between two builds, while the editor
writes, the builder reads the content as the next build will
(``bilingual.read_ahead``): a rebuild then reads only the files saved since,
and takes Pelican's view of the others from the memory it was forked with.
Its modules are those of the plugin when it started: the preview starts a
new builder when a file under ``plugins/`` changes. Settings and templates
are read by each build afresh.
"""

import contextlib
import gc
import json
import os
import subprocess
import sys
from collections.abc import Mapping


def preload() -> None:
    """Import what every build imports (and what the plugin imports when
    Pelican registers it), so a forked build starts with it."""
    import pelican.generators  # noqa: F401
    import pelican.readers  # noqa: F401

    import bilingual.plugin  # noqa: F401
    import bilingual.reader  # noqa: F401
    import bilingual.story_markdown  # noqa: F401
    from bilingual.newsroom import build  # noqa: F401


def serve(reply: int) -> None:
    """Run each build asked on standard input, one at a time; between two,
    remove what the last left and read the content ahead for the next
    (``build.between_builds``)."""
    from bilingual.newsroom.build import between_builds, main

    for line in sys.stdin:
        argv = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the build
            gc.freeze()  # what the builder holds is shared: no collection copies it
            os.setpgid(0, 0)
            os.close(reply)
            status = 1
            try:
                with open(os.devnull) as nothing:
                    os.dup2(nothing.fileno(), 0)
                status = main(argv)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        with contextlib.suppress(OSError):  # also here: the caller may stop the group at once
            os.setpgid(pid, pid)
        os.write(reply, f"started {pid}\n".encode())
        _pid, status = os.waitpid(pid, 0)
        os.write(reply, f"ended {os.waitstatus_to_exitcode(status)}\n".encode())
        between_builds(argv)
        os.write(reply, b"ready\n")


class WarmBuilder:
    """A warm builder started as a child process, in a process group of its
    own (a Ctrl-C in the terminal does not reach it), and the builds asked
    of it, one at a time: the other side of ``serve``."""

    def __init__(
        self, env: Mapping[str, str], cwd: str | None = None, output: int | None = None
    ) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bilingual.newsroom.warm_builder", str(write)],
            stdin=subprocess.PIPE, stdout=output, env=env, cwd=cwd, process_group=0,
            pass_fds=(write,), text=True,
        )  # fmt: skip
        os.close(write)
        self._replies = os.fdopen(read, encoding="utf-8")

    def alive(self) -> bool:
        return self.process.poll() is None

    def start(self, argv: list[str]) -> int | None:
        """Ask for a build with the driver's arguments ``argv``: its process
        group (its pid), or None when the builder has ended."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(argv) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            return None
        started = self._replies.readline().split()
        if started == ["ready"]:  # the last build's work after it, not waited for
            started = self._replies.readline().split()
        return int(started[1]) if len(started) == 2 else None

    def wait(self) -> int | None:
        """The exit status of the build started last; None when the builder
        ended first."""
        ended = self._replies.readline().split()
        return int(ended[1]) if len(ended) == 2 else None

    def idle(self) -> None:
        """Wait, after ``wait``, until the builder has done its work between
        builds (``build.between_builds``), as an editor's pause before the
        next save lets it: a request made before waits for it."""
        self._replies.readline()

    def close(self) -> None:
        """End the builder: it ends when its input closes."""
        assert self.process.stdin is not None
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        self.process.wait()
        self._replies.close()


def main() -> int:
    reply = int(sys.argv[1])
    preload()
    serve(reply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
