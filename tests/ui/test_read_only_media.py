"""A store on read-only media (a read-only bind mount in a private mount namespace; needs root
or user namespaces, else the test says why it skips) opens read-only with a banner saying why,
not a traceback; the story can be read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desk.store import Store

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from desk.ui.app import create_window, ensure_app

    ensure_app()
    window = create_window(Path(sys.argv[1]))
    print(json.dumps({
        "banner": window.banner.text(),
        "readonly": window.store.readonly,
        "editor_read_only": window.editor.isReadOnly(),
        "new_enabled": window.action_new.isEnabled(),
        "text": window.editor.toPlainText(),
    }))
    window.close()
    window.close_store()
    """
)


def test_a_store_on_read_only_media_opens_read_only_and_says_why(tmp_path):
    if not shutil.which("unshare"):
        pytest.skip("unshare (util-linux) is missing: no read-only mount to test on")
    store_dir, stick = tmp_path / "store", tmp_path / "stick"
    with Store.open(store_dir) as store:
        store.articles.create(headline="On a stick", body_md="Filed from the road.")
    stick.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    mount = f"mount --bind -o ro {store_dir} {stick}"
    probe = subprocess.run(["unshare", "-m", "sh", "-c", mount], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here (needs root): {probe.stderr.strip()}")
    done = subprocess.run(
        [
            "unshare",
            "-m",
            "sh",
            "-c",
            f'{mount} && exec "$0" "$@"',
            sys.executable,
            str(script),
            str(stick),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["banner"].startswith(f"Read-only: the disk or folder holding this store ({stick})")
    assert seen["readonly"]
    assert seen["editor_read_only"]
    assert not seen["new_enabled"]
    assert seen["text"] == "Filed from the road."
    assert "Traceback" not in done.stderr
