"""scripts/check-deps: passes with install-deps's list, fails naming a package left out of it."""
from __future__ import annotations

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(ROOT, "scripts", "check-deps")


def _listed() -> list[str]:
    out = subprocess.run(["bash", os.path.join(ROOT, "scripts", "install-deps"), "--list"],
                         capture_output=True, text=True, check=True).stdout
    return out.split()


def _check(packages: list[str], tmp_path) -> subprocess.CompletedProcess:
    f = tmp_path / "packages.txt"
    f.write_text("\n".join(packages) + "\n")
    return subprocess.run([CHECK, "--packages", str(f)], capture_output=True, text=True, timeout=300)


def test_install_list_covers_everything(tmp_path):
    r = _check(_listed(), tmp_path)
    assert r.returncode == 0, r.stderr


def test_a_package_left_out_is_named(tmp_path):
    listed = _listed()
    assert "python3-yaml" in listed
    r = _check([p for p in listed if p != "python3-yaml"], tmp_path)
    assert r.returncode == 1
    assert "python3-yaml" in r.stderr and "analysis/caveats.py" in r.stderr


def test_a_program_left_out_is_named(tmp_path):
    # bench/scaling measures memory with /usr/bin/time (package time).
    r = _check([p for p in _listed() if p != "time"], tmp_path)
    assert r.returncode == 1
    assert "/usr/bin/time" in r.stderr and "bench/scaling" in r.stderr
