import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ExtxyzWriter,
  formatExtxyzFrame,
  iterateExtxyz,
  parseExtxyz,
  readExtxyz,
  type Frame,
} from "../../src/io/extxyz.ts";
import { booleansOf, parseKeyValues } from "../../src/io/extxyz-info.ts";

const FIXTURE = new URL("../fixtures/io/ase-water.extxyz", import.meta.url).pathname;

function randomFrame(seed: number, n: number): Frame {
  let s = seed;
  const r = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * 10 ** ((s % 7) - 3); // values over many decades
  };
  const pos = Float64Array.from({ length: 3 * n }, r);
  return {
    symbols: Array.from({ length: n }, (_, i) => ["O", "H", "C", "Xe"][i % 4]),
    positions: pos,
    info: {
      energy: r(),
      dipole: [r(), r(), r()],
      polarizability: Array.from({ length: 9 }, r),
      name: "a name with spaces",
      quote: 'say "hi"',
      flag: true,
      off: false,
      single: [r()],
      step: 17,
      pbc: "F F F",
    },
    arrays: {
      forces: Float64Array.from({ length: 3 * n }, r),
      momenta: Float64Array.from({ length: 3 * n }, r),
      charges: Float64Array.from({ length: n }, r),
      tags: Float64Array.from({ length: n }, (_, i) => i - 2),
      fixed: Float64Array.from({ length: n }, (_, i) => i % 2),
      labels: Array.from({ length: n }, (_, i) => `L${i}`),
    },
    columnTypes: { tags: "I", fixed: "L" },
  };
}

test("round trip of a frame is exact to the bit (positions, info scalars/arrays/strings/bools, per-atom arrays)", () => {
  const frames = [randomFrame(1, 5), randomFrame(2, 1)];
  const text = frames.map(formatExtxyzFrame).join("");
  const back = parseExtxyz(text, "roundtrip.extxyz");
  assert.equal(back.length, 2);
  for (let k = 0; k < 2; k++) {
    assert.deepEqual(back[k].symbols, frames[k].symbols);
    assert.deepEqual(back[k].positions, frames[k].positions);
    assert.deepEqual(back[k].info, frames[k].info);
    assert.deepEqual(back[k].arrays, frames[k].arrays);
    assert.deepEqual(back[k].columnTypes, frames[k].columnTypes);
  }
  // Writing again gives identical text.
  assert.equal(back.map(formatExtxyzFrame).join(""), text);
});

test("the comment line follows ASE's layout: Properties spec, quoted arrays, T/F booleans", () => {
  const f = randomFrame(3, 2);
  const line = formatExtxyzFrame(f).split("\n")[1];
  assert.match(
    line,
    /^Properties=species:S:1:pos:R:3:forces:R:3:momenta:R:3:charge:R:1:tags:I:1:fixed:L:1:labels:S:1 energy=\S+ dipole="\S+ \S+ \S+" /,
  );
  assert.match(line, / name="a name with spaces" /);
  assert.match(line, / flag=T off=F /);
  assert.match(line, / pbc="F F F"$/);
});

test("a file written by hand in ASE's format parses to the right numbers", async () => {
  const [a, b] = await readExtxyz(FIXTURE);
  assert.deepEqual(a.symbols, ["O", "H", "H"]);
  assert.deepEqual(
    Array.from(a.positions),
    [0, 0, 0.119262, 0, 0.763239, -0.477047, 0, -0.763239, -0.477047],
  );
  assert.equal(a.info.energy, -2080.12345678);
  assert.deepEqual(a.info.dipole, [0, 0, 0.38734]);
  assert.equal(a.info.config_type, "water gas phase");
  assert.equal(a.info.converged, true);
  assert.deepEqual(booleansOf(a.info.pbc), [false, false, false]);
  assert.deepEqual(
    Array.from(a.arrays.forces as Float64Array),
    [0, 0, -0.54321, 0, 0.12345678, 0.271605, 0, -0.12345678, 0.271605],
  );

  assert.deepEqual(b.info.Lattice, [10, 0, 0, 0, 11, 0, 0, 0, 12]);
  assert.deepEqual(b.info.stress, [0.01, 0, 0, 0, 0.02, 0, 0, 0, 0.03]);
  // _JSON nested 3x3 arrays are flattened in Fortran order, like ASE's 9-number convention.
  assert.deepEqual(b.info.polarizability, [9.5, 0.2, 0, 0.1, 9.8, 0, 0, 0, 10.2]);
  assert.deepEqual(booleansOf(b.info.pbc), [true, true, true]);
  assert.deepEqual(Array.from(b.arrays.momenta as Float64Array), [0.1, 0, 0, -0.2, 0, 0, 0, 0.3, 0]);
  assert.deepEqual(Array.from(b.arrays.tags as Float64Array), [0, 1, 1]);
  assert.deepEqual(b.columnTypes, { tags: "I" });
});

test("plain XYZ: default species/pos columns, free-text comment kept", () => {
  const [f] = parseExtxyz("2\nwater fragment, step 3: done\nO 0 0 0\nh 1 0 0\n", "plain.xyz");
  assert.deepEqual(f.symbols, ["O", "H"]);
  assert.deepEqual(Array.from(f.positions), [0, 0, 0, 1, 0, 0]);
  assert.deepEqual(f.info, { comment: "water fragment, step 3: done" });
});

test("key=value grammar: bare keys, brackets, escaped quotes, numbers in every form", () => {
  const kv = parseKeyValues(
    `a=1 b=-2.5e-3 c="1 2 3" d=[4, 5] e={x y} f g=T h="T F" i='single quoted' j="a \\"q\\""`,
  );
  assert.deepEqual(kv, {
    a: 1,
    b: -0.0025,
    c: [1, 2, 3],
    d: [4, 5],
    e: "x y",
    f: true,
    g: true,
    h: "T F",
    i: "single quoted",
    j: 'a "q"',
  });
});

test("the streaming reader gives the same frames as the whole-file reader", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-xyz-"));
  const path = join(dir, "many.extxyz");
  const frames = Array.from({ length: 300 }, (_, k) => randomFrame(k + 10, 1 + (k % 7)));
  writeFileSync(path, frames.map(formatExtxyzFrame).join("")); // several 64 kB chunks
  const whole = await readExtxyz(path);
  const streamed: Frame[] = [];
  for await (const f of iterateExtxyz(path)) streamed.push(f);
  assert.equal(streamed.length, 300);
  assert.deepEqual(streamed, whole);
  assert.deepEqual(whole[123].positions, frames[123].positions);
});

test("ExtxyzWriter: every frame is on disk as soon as write() returns; append adds frames", async () => {
  const dir = mkdtempSync(join(tmpdir(), "equimd-xyz-"));
  const path = join(dir, "traj.extxyz");
  const w = new ExtxyzWriter(path);
  w.write(randomFrame(1, 3));
  // Not closed yet: another reader already sees the complete frame.
  assert.equal((await readExtxyz(path)).length, 1);
  w.write(randomFrame(2, 3));
  w.flush();
  assert.equal(parseExtxyz(readFileSync(path, "utf8"), path).length, 2);
  w.close();
  const w2 = new ExtxyzWriter(path, { append: true });
  w2.write(randomFrame(3, 4));
  w2.close();
  const all = await readExtxyz(path);
  assert.equal(all.length, 3);
  assert.deepEqual(all[2].positions, randomFrame(3, 4).positions);
  // Without append the file starts afresh.
  new ExtxyzWriter(path).close();
  assert.equal(readFileSync(path, "utf8"), "");
});

test("malformed files give errors that name file, line and what was expected", () => {
  const good = "Properties=species:S:1:pos:R:3:forces:R:3 energy=1";
  const cases: [string, RegExp][] = [
    // atom count says 3, file ends after 2 atoms
    [
      `3\n${good}\nO 0 0 0 0 0 0\nH 1 0 0 0 0 0\n`,
      /bad\.xyz:4: file ends inside the frame starting at line 1: expected 3 atom lines, found 2/,
    ],
    // atom count says 2 but 3 atom lines follow: the third is read as the next frame's count
    [`2\n${good}\nO 0 0 0 0 0 0\nH 1 0 0 0 0 0\nH 2 0 0 0 0 0\n`, /bad\.xyz:5: expected the number of atoms/],
    // a line with a wrong number of columns
    [
      `2\n${good}\nO 0 0 0 0 0 0\nH 1 0 0 0 0\n`,
      /bad\.xyz:4: expected 7 columns \(Properties=species:S:1:pos:R:3:forces:R:3\) for atom 2 of 2/,
    ],
    // non-numeric field
    [
      `2\n${good}\nO 0 0 0 0 0 0\nH 1 0 abc 0 0 0\n`,
      /bad\.xyz:4: column 4 \(pos\): expected a number, got 'abc'/,
    ],
    // unknown element
    [`2\n${good}\nO 0 0 0 0 0 0\nQq 1 0 0 0 0 0\n`, /bad\.xyz:4: unknown element 'Qq'/],
    // malformed Properties
    [`1\nProperties=species:S:1:pos:R\nO 0 0 0\n`, /bad\.xyz:2: malformed Properties='species:S:1:pos:R'/],
    [
      `1\nProperties=species:S:1:pos:X:3\nO 0 0 0\n`,
      /bad\.xyz:2: malformed Properties: column 'pos' has type 'X'/,
    ],
    [
      `1\nProperties=species:S:1:forces:R:3\nO 0 0 0\n`,
      /bad\.xyz:2: malformed Properties=.*expected a pos:R:3 column/,
    ],
    // atom count not a number
    [`three\n${good}\n`, /bad\.xyz:1: expected the number of atoms \(a non-negative integer\), got 'three'/],
    // unterminated quote
    [`1\nProperties=species:S:1:pos:R:3 name="open\nO 0 0 0\n`, /bad\.xyz:2: unterminated/],
  ];
  for (const [text, message] of cases) assert.throws(() => parseExtxyz(text, "bad.xyz"), message, text);
});
