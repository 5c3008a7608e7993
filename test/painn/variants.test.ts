/**
 * Architecture variants without a schnetpack reference, checked by identities: shared filters (one filter
 * chunk reused by every block) equal per-block filters that repeat that chunk; the energy normalisation
 * (scale, shift, per-element references); a dipole head of plain charges (type "charges").
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../../potentials/tf/backend.ts";
import {
  modelFromData,
  validateModelFile,
  type ModelFileData,
} from "../../potentials/message-passing/model-file.ts";
import { centreOfMassCoordinates } from "../../potentials/message-passing/model.ts";
import { assertClose, importReference, readCases, single, TENSOR_HEADS } from "./helpers.ts";

let data: ModelFileData;
const c = readCases(TENSOR_HEADS).find((k) => k.name === "ethanol_perturbed_com_0")!;
const input = single(c.numbers, c.positions.flat());

before(async () => {
  await useBackend("wasm");
  data = await importReference(TENSOR_HEADS);
});

const copy = (): ModelFileData => JSON.parse(JSON.stringify(data));

test("shared filters equal per-block filters that repeat the same chunk", async () => {
  const F = data.architecture.nAtomBasis;
  const T = data.architecture.nInteractions;
  const K = data.architecture.radialBasis.nRbf;
  const w = data.weights["representation.filter_net.weight"].data as number[];
  const bias = data.weights["representation.filter_net.bias"].data as number[];
  const chunkW = w.slice(0, 3 * F * K);
  const chunkB = bias.slice(0, 3 * F);
  const shared = copy();
  shared.architecture.sharedFilters = true;
  shared.weights["representation.filter_net.weight"] = { shape: [3 * F, K], data: chunkW };
  shared.weights["representation.filter_net.bias"] = { shape: [3 * F], data: chunkB };
  const repeated = copy();
  repeated.weights["representation.filter_net.weight"] = {
    shape: [3 * F * T, K],
    data: Array.from({ length: T }, () => chunkW).flat(),
  };
  repeated.weights["representation.filter_net.bias"] = {
    shape: [3 * F * T],
    data: Array.from({ length: T }, () => chunkB).flat(),
  };
  const a = modelFromData(validateModelFile(shared, "shared"));
  const b = modelFromData(validateModelFile(repeated, "repeated"));
  const pa = await a.predict(input, { dipole: true, polarizability: true });
  const pb = await b.predict(input, { dipole: true, polarizability: true });
  assertClose(pa.energy, pb.energy, 1e-6, "energy");
  assertClose(pa.forces!, pb.forces!, 1e-5, "forces");
  assertClose(pa.polarizability!, pb.polarizability!, 1e-5, "polarizability");
  // and the shared model is a different function from the original (the chunks differ)
  const original = modelFromData(data);
  const po = await original.predict(input);
  assert.ok(Math.abs(po.energy[0] - pa.energy[0]) > 1e-3);
  [a, b, original].forEach((m) => m.dispose());
});

test("energy normalisation: E = Σ (scale·y_i + shift + E_ref[Z_i]), forces scale with `scale`", async () => {
  const base = modelFromData(data);
  const p0 = await base.predict(input);
  const scaled = copy();
  scaled.normalization = { scale: 2.5, shift: -0.75 };
  scaled.referenceEnergies = { H: 1.25, O: -3 };
  const m = modelFromData(validateModelFile(scaled, "scaled"));
  const p = await m.predict(input);
  const nH = c.numbers.filter((z) => z === 1).length;
  const nO = c.numbers.filter((z) => z === 8).length;
  const expected = 2.5 * p0.energy[0] + c.numbers.length * -0.75 + nH * 1.25 + nO * -3;
  assertClose(p.energy, [expected], 1e-6, "energy");
  assertClose(
    p.forces!,
    Array.from(p0.forces!, (f) => 2.5 * f),
    1e-5,
    "forces",
  );
  [base, m].forEach((x) => x.dispose());
});

test("dipole head of plain charges: Σq = Q, μ = Σ q_i R̃_i, translation-invariant", async () => {
  const d = copy();
  const layers = [...data.architecture.heads.energy.layers];
  d.architecture.heads = {
    energy: data.architecture.heads.energy,
    dipole: { type: "charges", layers, correctCharges: true },
  };
  for (const name of Object.keys(d.weights)) {
    if (name.startsWith("output_modules.1") || name.startsWith("output_modules.2")) delete d.weights[name];
  }
  // the charge MLP reuses the energy MLP's weights (any weights will do for the identities)
  for (const [name, a] of Object.entries(data.weights)) {
    if (name.startsWith("output_modules.0."))
      d.weights[name.replace("output_modules.0.", "output_modules.1.")] = a;
  }
  const m = modelFromData(validateModelFile(d, "charges"));
  const charged = { ...input, totalCharge: Float64Array.from([1]) };
  const p = await m.predict(charged, { dipole: true });
  const q = p.charges!;
  assert.ok(Math.abs(q.reduce((s, x) => s + x, 0) - 1) < 1e-5, "charges add up to Q = 1");
  const r = centreOfMassCoordinates(charged);
  const mu = [0, 1, 2].map((k) => q.reduce((s, qi, i) => s + qi * r[3 * i + k], 0));
  assertClose(p.dipole!, mu, 1e-5, "μ = Σ q R̃");
  const shifted = { ...charged, positions: charged.positions.map((x) => x + 4.2) };
  assertClose((await m.predict(shifted, { dipole: true })).dipole!, p.dipole!, 1e-5, "translated");
  m.dispose();
});
