"""decap-server, the proxy through which the browser editor at /admin/ reads
and writes the files of a local repository (``make cms`` and the tests).

It runs with Node from the pinned npm package in ``cms/`` (``make
cms-install``), in "fs" mode: saving in the editor writes the Markdown files
and images straight into the repository's working tree; committing them is
left to the editor's own Git habits (or GitHub's, when published).
"""

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

CMS_FOLDER = Path(__file__).resolve().parents[3] / "cms"
SERVER = Path("node_modules", "decap-server", "dist", "index.js")


def start(repository: str, port: int, folder: Path = CMS_FOLDER) -> subprocess.Popen[bytes]:
    """decap-server on 127.0.0.1:``port`` for ``repository``, once it answers."""
    node = shutil.which("node")
    script = folder / SERVER
    if node is None or not script.exists():
        raise FileNotFoundError(
            f"{script} or node is missing: install Node.js and npm, then run 'make cms-install'"
        )
    env = {
        **os.environ,
        "GIT_REPO_DIRECTORY": os.path.abspath(repository),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "LOG_LEVEL": "warn",
    }
    server = subprocess.Popen([node, str(script)], env=env, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 60  # Node starting on a busy machine takes its time
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"decap-server stopped at once (exit {server.returncode})")
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1",
                data=b'{"action":"info","params":{}}',
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=5):
                return server
        except OSError:  # refused, reset, or no answer yet (TimeoutError): still starting
            time.sleep(0.05)
    stop(server)
    raise RuntimeError(f"decap-server did not answer on port {port} within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
