/**
 * ENINet models in the model file: a round trip gives the same function; ENINet architectures are written
 * as version 2 (PaiNN models stay version 1, and old files load unchanged); a version-1 file that claims
 * ENINet blocks, or stray three-body keys, are refused; the fast path declines ENINet with a reason and
 * choosePainnPotential falls back to tfjs, which runs MD-style batched evaluations.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useBackend } from "../../potentials/tf/backend.ts";
import {
  modelToData,
  parseModelFile,
  readModelFile,
  saveModel,
  loadModel,
  validateModelFile,
} from "../../potentials/message-passing/model-file.ts";
import { fastPathUnsupportedReason } from "../../potentials/fast/support.ts";
import { choosePainnPotential } from "../../potentials/fast/choose-potential.ts";
import { makeSystem } from "../../src/core/system.ts";
import { assertClose, ETHANOL, readCases, single, weightsPath } from "../painn/helpers.ts";
import { smallArchitecture, smallModel } from "./helpers.ts";

const ethanol = readCases(ETHANOL)[0];
const x0 = ethanol.positions.flat();

before(async () => {
  await useBackend("wasm");
});

test("an eninet_three_body model survives a save/load round trip (version 2) with identical outputs", async () => {
  const dir = await mkdtemp(join(tmpdir(), "equimd-eninet-"));
  const model = smallModel(smallArchitecture("eninet_three_body", { F: 8, threeBodyCutoff: 6 }));
  const path = join(dir, "eninet.json.gz");
  await saveModel(model, path);
  const data = await readModelFile(path);
  assert.equal(data.version, 2);
  assert.equal(data.architecture.interaction, "eninet_three_body");
  assert.equal(data.architecture.tripletFeatures, 4);
  assert.equal(data.architecture.threeBodyCutoff, 6);
  const loaded = await loadModel(path, { backend: "wasm" });
  const all = { dipole: true, polarizability: true };
  const a = await model.predict(single(ethanol.numbers, x0), all);
  const b = await loaded.predict(single(ethanol.numbers, x0), all);
  assertClose(b.energy, a.energy, 1e-7, "energy");
  assertClose(b.forces!, a.forces!, 1e-7, "forces");
  assertClose(b.polarizability!, a.polarizability!, 1e-7, "polarizability");
  assert.equal(
    loaded.trainableVariables().length,
    model.trainableVariables().length,
    "the triplet basis constants stay untrained after loading",
  );
  model.dispose();
  loaded.dispose();
});

test("PaiNN models keep version 1 and no interaction key; old files load unchanged", async () => {
  const painn = smallModel(smallArchitecture("painn"));
  const d = modelToData(painn);
  assert.equal(d.version, 1);
  assert.equal("interaction" in d.architecture, false);
  painn.dispose();
  // The shipped schnetpack-derived reference (a version-1 file without the key) still validates as before.
  const { importSchnetpackFile } = await import("../../potentials/message-passing/schnetpack-import.ts");
  const ref = await importSchnetpackFile(weightsPath(ETHANOL), { elements: ["H", "C", "O"] });
  const again = parseModelFile(new TextEncoder().encode(JSON.stringify(ref)), "ref.json");
  assert.equal(again.version, 1);
  assert.deepEqual(again.architecture, ref.architecture);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a model file edited as free JSON
type Json = Record<string, any>;

test("bad ENINet files: version 1 with ENINet blocks, unknown interaction, stray or missing three-body keys", () => {
  const model = smallModel(smallArchitecture("eninet_three_body"));
  const good = JSON.parse(JSON.stringify(modelToData(model))) as Json;
  model.dispose();
  const bad = (edit: (o: Json) => void, message: RegExp) => {
    const o = structuredClone(good);
    edit(o);
    assert.throws(() => validateModelFile(o, "m.json"), message);
  };
  bad(
    (o) => (o.version = 1),
    /m\.json: architecture\.interaction 'eninet_three_body' needs model file version 2/,
  );
  bad((o) => (o.architecture.interaction = "mace"), /m\.json: architecture\.interaction: expected one of/);
  bad(
    (o) => delete o.architecture.threeBodyCutoff,
    /architecture\.threeBodyCutoff: expected a positive number/,
  );
  bad(
    (o) => (o.architecture.interaction = "eninet_two_body"),
    /tripletFeatures and threeBodyCutoff belong to/,
  );
  bad(
    (o) => delete o.weights["representation.three_body.1.message.0.weight"],
    /missing weight 'representation\.three_body\.1\.message\.0\.weight'/,
  );
});

test("the fast path declines ENINet models with a reason; choosePainnPotential falls back to tfjs", async () => {
  const model = smallModel(smallArchitecture("eninet_two_body"));
  const data = modelToData(model);
  model.dispose();
  assert.match(fastPathUnsupportedReason(data) ?? "", /interaction blocks 'eninet_two_body'/);
  const chosen = await choosePainnPotential(data, { backend: "wasm" });
  assert.equal(chosen.path, "tfjs");
  assert.match(chosen.reason ?? "", /fast path does not support interaction blocks 'eninet_two_body'/);
  await assert.rejects(choosePainnPotential(data, { path: "fast" }), /eninet_two_body/);
  // Two beads in one call, atomic units.
  const system = makeSystem(ethanol.numbers);
  const bohr = x0.map((v) => v / 0.529177210903);
  const out = await chosen.potential.compute(system, Float64Array.from([...bohr, ...bohr]), 2, ["energy"]);
  assert.equal(out.energy.length, 2);
  assert.ok(Math.abs(out.energy[0] - out.energy[1]) < 1e-9 * (1 + Math.abs(out.energy[0])));
  chosen.potential.dispose?.();
});
