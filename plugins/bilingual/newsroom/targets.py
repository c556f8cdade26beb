"""What the Makefile's targets run, with the values given to ``make``.

``make new TITLE='Harga Emas US$2.500'`` must reach the program exactly as
typed: no shell may run a backquote in it and make may not expand its ``$``.
So the Makefile never pastes a user value into a command. It exports each
one unexpanded (``$(value TITLE)``) as ``WARTA_TITLE``, keeps ``TITLE``
itself out of the environment (make would expand it there), and runs

    python -m bilingual.newsroom.targets TARGET

which reads those variables and calls the command in-process, or runs it
with an argument list, never through a shell.
"""

import os
import subprocess
import sys
from pathlib import Path

PREFIX = "WARTA_"


def value(name: str, default: str = "") -> str:
    """The value given to make as ``NAME=…`` (or in the environment)."""
    return os.environ.get(PREFIX + name, "") or default


def flag(name: str) -> bool:
    """``NAME=1`` given to make (empty or ``0``: off)."""
    return value(name) not in ("", "0")


def path(name: str, default: str) -> str:
    """A path given to make; ``./`` keeps one that starts with ``-`` from
    being read as an option."""
    given = value(name, default)
    return os.path.join(".", given) if given.startswith("-") else given


def usage(message: str) -> int:
    print(f"usage: {message}", file=sys.stderr)
    return 2


def build_argv(settings: str, output: str) -> list[str]:
    argv = [path("CONTENT", "content"), "-s", settings, "-o", output]
    if flag("NO_WAIT"):
        argv.append("--no-wait")
    if flag("DEBUG"):
        argv.append("--traceback")
    if flag("FULL"):
        argv.append("--full")
    return argv


def html() -> int:
    from .build import main

    return main(build_argv("pelicanconf.py", path("OUTPUT", "output")))


def publish() -> int:
    from .build import main

    if value("SITEURL"):
        os.environ["SITEURL"] = value("SITEURL")  # read by publishconf.py
    return main(build_argv("publishconf.py", path("OUTPUT", "output")))


def devserver() -> int:
    from .devserver import main

    output = path("OUTPUT", "output") + "-preview"
    return main([path("CONTENT", "content"), "-o", output, "--port", value("PORT", "8000")])


def cms() -> int:
    """decap-server on this repository, and the live preview with /admin/."""
    from pelican.settings import read_settings

    from bilingual.settings import DEFAULTS

    from . import decap
    from .devserver import main

    if os.path.normpath(path("CONTENT", "content")) != "content":
        return usage("make cms edits content/ (the folders config.yml names): leave CONTENT out")
    settings = {**DEFAULTS, **read_settings("pelicanconf.py")}
    server = decap.start(".", int(settings["BILINGUAL_CMS_PROXY_PORT"]))
    try:
        port = value("PORT", "8000")
        print(f"Open http://localhost:{port}/admin/ and choose Login (Ctrl-C stops)")
        return main(
            ["content", "-o", path("OUTPUT", "output") + "-preview", "--port", port, "--cms"]
        )
    finally:
        decap.stop(server)


def serve() -> int:
    from .devserver import main

    return main(["--serve-only", "-o", path("OUTPUT", "output"), "--port", value("PORT", "8000")])


def check() -> int:
    from .check import main

    options = [f"--siteurl={value('SITEURL')}"] if value("SITEURL") else []
    return main([*options, "--", path("OUTPUT", "output")])


def new() -> int:
    if not value("TITLE").strip():  # said before Pelican is imported: at once
        return usage('make new TITLE="..." CATEGORY=... [SLUG=...] [AUTHORS=...]')
    from .__main__ import new

    optional = {name: value(name.upper()) or None for name in ("slug", "category", "authors")}
    return new("pelicanconf.py", value("TITLE"), **optional, content=value("CONTENT"))


def status() -> int:
    from .__main__ import status

    return status(
        "pelicanconf.py", as_json=flag("JSON"), strict=flag("STRICT"), content=value("CONTENT")
    )


def translated() -> int:
    from .__main__ import translated

    if not value("STORY"):
        return usage("make translated STORY=articles/2025/slug")
    return translated("pelicanconf.py", value("STORY"), content=value("CONTENT"))


def frontmatter() -> int:
    from .__main__ import frontmatter

    if not value("STORY"):
        return usage("make frontmatter STORY=articles/2025/slug (or STORY=all)")
    return frontmatter("pelicanconf.py", value("STORY"), content=value("CONTENT"))


def rsync_upload() -> int:
    target = value("SSH_TARGET")
    if not target or target.startswith("-"):
        return usage("make rsync_upload SSH_TARGET=user@host:/var/www/site")
    source = path("OUTPUT", "output").rstrip("/") + "/"
    # --protect-args: the remote path reaches the server's rsync as one
    # argument; the remote shell does not split or expand it.
    command = ["rsync", "-e", "ssh", "-P", "-rvzc", "--delete", "--cvs-exclude", "--protect-args"]
    return subprocess.run([*command, source, target]).returncode


def github() -> int:
    branch = value("GITHUB_PAGES_BRANCH", "gh-pages")
    if branch.startswith("-"):
        return usage("make github [GITHUB_PAGES_BRANCH=gh-pages]")
    output = path("OUTPUT", "output")
    ghp_import = Path(sys.executable).with_name("ghp-import")
    steps = [
        [str(ghp_import), "-m", "Publish site", "-b", branch, "--no-jekyll", output],
        ["git", "push", "origin", f"refs/heads/{branch}"],
    ]
    for step in steps:
        code = subprocess.run(step).returncode
        if code:
            return code
    return 0


TARGETS = {
    function.__name__: function
    for function in (
        html, publish, devserver, serve, check, new, status, translated, frontmatter,
        rsync_upload, github, cms,
    )
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in TARGETS:
        return usage(f"python -m bilingual.newsroom.targets {{{','.join(TARGETS)}}}")
    return TARGETS[args[0]]()


if __name__ == "__main__":
    sys.exit(main())
