"""The install step waits for another apt run's lock instead of failing at once."""

import subprocess
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[3] / "scripts"


def test_apt_install_waits_for_the_dpkg_lock(tmp_path):
    # Stand-ins for dpkg (nothing installed), id (root) and apt-get (records its calls).
    log = tmp_path / "apt-calls"
    (tmp_path / "dpkg").write_text("#!/bin/sh\nexit 1\n")
    (tmp_path / "id").write_text("#!/bin/sh\necho 0\n")
    (tmp_path / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    for tool in ("dpkg", "id", "apt-get"):
        (tmp_path / tool).chmod(0o755)
    subprocess.run(
        ["bash", "-c", f"source {SCRIPTS / 'apt.sh'}; apt_install chromium"],
        env={"PATH": f"{tmp_path}:/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    calls = log.read_text().splitlines()
    assert len(calls) == 2  # update, then install
    assert all("-o DPkg::Lock::Timeout=600" in call for call in calls)
    assert calls[1].endswith("install -y -qq chromium")
