import { test } from "node:test";
import assert from "node:assert/strict";
import {
  angstrom,
  forceFactor,
  fromAtomic,
  fromWavenumber,
  fs,
  kelvin,
  toAtomic,
  toWavenumber,
  unitFactor,
} from "../../src/core/units.ts";
import { atomicMassAmu, atomicNumber, elementSymbol } from "../../src/core/elements.ts";
import { makeSystem } from "../../src/core/system.ts";
import { Random } from "../../src/core/random.ts";

const close = (a: number, b: number, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} vs ${b} (rel ${rel})`);

test("unit conversions agree with hand-computed values", () => {
  close(angstrom(1), 1.88972612462577);
  close(fs(1), 41.341373335182);
  close(kelvin(300), 9.500434690366638e-4);
  close(toAtomic("energy", 1, "eV"), 0.03674932217565499);
  // 1 eV = 23.060547830619 kcal/mol (CODATA 2018), an independent check of the two energy factors
  close(toAtomic("energy", 1, "eV") / toAtomic("energy", 1, "kcal/mol"), 23.060547830619);
  close(fromAtomic("energy", 1, "kJ/mol"), 2625.4996394799);
  close(toAtomic("dipole", 1, "debye"), 0.3934302694);
  close(toAtomic("dipole", 1, "e*angstrom"), 1.88972612462577);
  close(toAtomic("polarizability", 1, "angstrom^3"), 6.748334494);
  close(toAtomic("mass", 1, "amu"), 1822.888486209);
  close(toAtomic("time", 1, "ps"), 41341.373335182);
  close(toAtomic("length", 1, "nm"), 18.8972612462577);
  // 1 cm⁻¹ = h c (100 /m) in hartree; ħω and hcν̃ coincide with ħ = 1 and ω = 2πcν̃.
  close(fromWavenumber(1), 4.556335252912e-6, 1e-12);
  close(toWavenumber(fromWavenumber(1650)), 1650, 1e-14);
  // a force in kcal/mol/Å
  close(forceFactor("kcal/mol/angstrom"), (1 / 627.5094740631) * 0.529177210903);
});

test("unknown units name the quantity and list the known ones", () => {
  assert.throws(() => unitFactor("energy", "erg"), /unknown energy unit 'erg'.*eV/);
  assert.throws(() => forceFactor("eV"), /energy\/length/);
});

test("elements: symbols, numbers and standard weights", () => {
  assert.equal(atomicNumber("O"), 8);
  assert.equal(atomicNumber("cl"), 17);
  assert.equal(elementSymbol(6), "C");
  close(atomicMassAmu(1), 1.008);
  assert.throws(() => atomicNumber("Xx"), /unknown element 'Xx'/);
  const sys = makeSystem(["O", "H", "H"]);
  assert.deepEqual([...sys.numbers], [8, 1, 1]);
  close(sys.masses[0], 15.999 * 1822.888486209);
});

test("random numbers are reproducible from a seed and from a saved state", () => {
  const a = new Random(42);
  const b = new Random(42);
  for (let i = 0; i < 5; i++) assert.equal(a.normal(), b.normal());
  const saved = a.getState();
  const xs = Array.from({ length: 7 }, () => a.normal());
  const c = Random.fromState(saved);
  assert.deepEqual(
    Array.from({ length: 7 }, () => c.normal()),
    xs,
  );
  // moments of the normal distribution (n = 2e5: standard error of the mean 2.2e-3)
  const r = new Random(7);
  let s1 = 0;
  let s2 = 0;
  const n = 200000;
  for (let i = 0; i < n; i++) {
    const x = r.normal();
    s1 += x;
    s2 += x * x;
  }
  assert.ok(Math.abs(s1 / n) < 0.01);
  assert.ok(Math.abs(s2 / n - 1) < 0.015);
});
