#!/usr/bin/python3
"""Tests of scripts/check-structure on small trees written to a temporary folder.

    check_structure_test.py PATH-TO-check-structure

A file in sim/ that includes models/ or app/, or a file in models/ that includes app/, must
fail the layers rule (exit 1, the file and line named), with and without --layers-only; a tree
whose layers point down passes --layers-only even with an over-long function, which the full
check reports. Exit status 0 when every case holds.
"""
import os
import subprocess
import sys
import tempfile


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def run(script, root, *flags):
    p = subprocess.run([sys.executable, script, "--root", root, *flags],
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main(argv):
    script = argv[1]
    failures = []

    def expect(cond, what, out=""):
        if not cond:
            failures.append(f"{what}\n{out}")

    with tempfile.TemporaryDirectory() as root:
        write(root, "sim/core/ok.hpp", '#include "sim/core/error.hpp"\n')
        write(root, "models/m/m.cpp", '#include "sim/core/ok.hpp"\n#include "models/m/m.hpp"\n')
        long_body = "int f() {\n" + "  int x = 0;\n" * 130 + "  return 0;\n}\n"
        write(root, "app/main.cpp", '#include "models/m/m.hpp"\n#include "sim/core/ok.hpp"\n' + long_body)
        rc, out = run(script, root, "--layers-only")
        expect(rc == 0, "a tree whose layers point down passes --layers-only", out)
        rc, out = run(script, root)
        expect(rc == 1 and "app/main.cpp:3: function of" in out,
               "the full check reports the long function", out)

        for rel, inc in (("sim/graph/bad.cpp", "models/m/m.hpp"), ("sim/run/bad.hpp", "app/main.hpp"),
                         ("models/m/bad.cpp", "app/common.hpp")):
            with tempfile.TemporaryDirectory() as bad:
                write(bad, "sim/core/ok.hpp", "int ok;\n")
                write(bad, rel, f'// a comment\n#include "{inc}"\n')
                for flags in (("--layers-only",), ()):
                    rc, out = run(script, bad, *flags)
                    top = rel.split("/")[0]
                    expect(rc == 1 and f"{rel}:2: {top}/ must not include {inc}" in out,
                           f"{rel} including {inc} fails {' '.join(flags) or 'the full check'}", out)

    for f in failures:
        print("FAIL:", f)
    print(f"check_structure_test: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
