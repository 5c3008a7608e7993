"""Long-lived psi4 worker for equimd's Psi4Calculator.

Protocol: one JSON object per line on stdin, one JSON object per line on stdout, in order.

Request:  {"id": 7, "symbols": ["C", ...], "positions": [x0, y0, z0, x1, ...]   (bohr, flat),
           "charge": 0, "multiplicity": 1, "method": "hf", "basis": "def2-svpd",
           "properties": ["dipole", "polarizability", "forces"], "options": {"scf_type": "df", ...}}
Answer:   {"id": 7, "ok": true, "energy": E (hartree), "dipole": [3], "dipole_unit": "debye" | "e*bohr",
           "polarizability": [9] (bohr^3, row-major), "gradient": [3N] (hartree/bohr), "seconds": t}
or        {"id": 7, "ok": false, "error": "...", "output_tail": "..."}

The first line written is a greeting: {"ready": true, "psi4_version": "1.3.2"}.
Units are psi4's own; the TypeScript side converts (psi4 <= 1.3 reports SCF dipoles in debye as
"SCF DIPOLE X/Y/Z"; psi4 >= 1.4 reports the array "SCF DIPOLE" in e*bohr). Geometries are given in bohr,
with no reorientation and no centre-of-mass shift, so tensors come back in the caller's frame.

Command line: driver.py [--memory-mb M] [--threads T] [--output FILE]
psi4's text output goes to FILE (default: psi4-driver.out in the working directory); psi4's own
prints to stdout are redirected to stderr so that stdout carries only JSON.
"""

import argparse
import json
import os
import sys
import time
import traceback


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--memory-mb", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--output", default="psi4-driver.out")
    args = parser.parse_args()

    # Keep the real stdout for JSON answers; anything else printed (psi4 banners) goes to stderr.
    answer_fd = os.dup(1)
    os.dup2(2, 1)
    answers = os.fdopen(answer_fd, "w", buffering=1)

    def reply(obj):
        answers.write(json.dumps(obj) + "\n")
        answers.flush()

    try:
        import psi4
    except ImportError as err:
        reply({"ready": False, "error": "cannot import psi4: %s" % err})
        return 1

    psi4.set_output_file(args.output, False)
    psi4.set_memory("%d MB" % args.memory_mb)
    psi4.set_num_threads(args.threads)
    reply({"ready": True, "psi4_version": psi4.__version__})

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            start = time.time()
            result = calculate(psi4, request)
            result.update({"id": request_id, "ok": True, "seconds": time.time() - start})
            reply(result)
        except Exception as err:  # any psi4 failure is reported, the worker stays alive
            reply(
                {
                    "id": request_id,
                    "ok": False,
                    "error": "%s: %s" % (type(err).__name__, err),
                    "traceback": traceback.format_exc(limit=3),
                    "output_tail": tail(args.output, 30),
                }
            )
        finally:
            psi4.core.clean()
    return 0


def calculate(psi4, request):
    symbols = request["symbols"]
    positions = request["positions"]
    if len(positions) != 3 * len(symbols):
        raise ValueError("positions has %d numbers for %d atoms" % (len(positions), len(symbols)))
    lines = ["%d %d" % (request.get("charge", 0), request.get("multiplicity", 1))]
    for i, symbol in enumerate(symbols):
        x, y, z = positions[3 * i : 3 * i + 3]
        lines.append("%s %.12f %.12f %.12f" % (symbol, x, y, z))
    lines += ["units bohr", "symmetry c1", "no_reorient", "no_com"]
    molecule = psi4.geometry("\n".join(lines))

    psi4.core.clean_options()
    options = {"basis": request.get("basis", "def2-svpd")}
    options.update(request.get("options", {}))
    if request.get("multiplicity", 1) != 1 and "reference" not in options:
        options["reference"] = "uhf"
    psi4.set_options(options)

    method = request.get("method", "hf")
    wanted = set(request.get("properties", []))
    result = {}
    if "forces" in wanted:
        gradient, wfn = psi4.gradient(method, molecule=molecule, return_wfn=True)
        result["gradient"] = [gradient.get(i, j) for i in range(gradient.rows()) for j in range(3)]
        energy = wfn.energy()
    if "polarizability" in wanted:
        energy = psi4.properties(method, properties=["dipole_polarizabilities"], molecule=molecule)
        axes = "XYZ"
        result["polarizability"] = [
            psi4.variable("DIPOLE POLARIZABILITY %s%s" % (a, b)) for a in axes for b in axes
        ]
    elif "forces" not in wanted:
        energy = psi4.energy(method, molecule=molecule)
    result["energy"] = float(energy)
    if "dipole" in wanted:
        result.update(scf_dipole(psi4))
    return result


def scf_dipole(psi4):
    """The SCF dipole of the last calculation, in whichever unit this psi4 version uses."""
    if psi4.core.has_variable("SCF DIPOLE X"):
        return {
            "dipole": [psi4.variable("SCF DIPOLE %s" % axis) for axis in "XYZ"],
            "dipole_unit": "debye",
        }
    array = psi4.core.variable("SCF DIPOLE")
    return {"dipole": [array.get(0, i) for i in range(3)], "dipole_unit": "e*bohr"}


def tail(path, n):
    try:
        with open(path) as handle:
            return "".join(handle.readlines()[-n:])
    except OSError:
        return ""


if __name__ == "__main__":
    sys.exit(main())
