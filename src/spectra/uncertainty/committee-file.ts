/**
 * Reading the members' dipoles or polarizabilities back from the CSV a CommitteeSpreadRecorder wrote
 * (src/observers/committee-spread-recorder.ts): `# equimd committee spread: members=M
 * sampling_interval_fs=…`, a header, then per row m<k>_dipole_<x|y|z>[_c<b>] (e·Å) and
 * m<k>_alpha_<ij>[_c<b>] (Å³). Returns series[k][c] in atomic units, for model-band.ts.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { ATOMIC_TIME_IN_FS, BOHR_IN_ANGSTROM } from "../../core/index.ts";
import { makeTimeSeries, type TimeSeries } from "../time-series.ts";

const COMPONENTS = {
  dipole: ["x", "y", "z"].map((c) => `dipole_${c}`),
  polarizability: ["xx", "xy", "xz", "yx", "yy", "yz", "zx", "zy", "zz"].map((c) => `alpha_${c}`),
};

/** Member series [member][configuration] of one committee-spread CSV. */
export async function readCommitteeMembers(
  path: string,
  property: "dipole" | "polarizability",
): Promise<TimeSeries[][]> {
  const bytes = await readFile(path);
  const text = (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const meta = lines.find((l) => l.startsWith("# equimd committee spread:"));
  if (!meta) throw new Error(`${path}: not a committee spread file (no '# equimd committee spread:' line)`);
  const members = Number(/members=(\d+)/.exec(meta)?.[1]);
  const intervalFs = Number(/sampling_interval_fs=([\d.eE+-]+)/.exec(meta)?.[1]);
  if (!(members >= 2) || !(intervalFs > 0))
    throw new Error(`${path}: the first line must give members=M ≥ 2 and sampling_interval_fs`);
  const body = lines.filter((l) => !l.startsWith("#"));
  const header = body[0].split(",");
  const names = COMPONENTS[property];
  const factor = property === "dipole" ? 1 / BOHR_IN_ANGSTROM : 1 / BOHR_IN_ANGSTROM ** 3;
  const configurations = new Set(header.map((h) => /_c(\d+)$/.exec(h)?.[1] ?? "").filter((c) => c !== ""));
  const suffixes = configurations.size === 0 ? [""] : [...configurations].map((c) => `_c${c}`);
  const rows = body.slice(1).map((l) => l.split(","));
  return Array.from({ length: members }, (_, k) =>
    suffixes.map((suffix) => {
      const idx = names.map((n) => header.indexOf(`m${k}_${n}${suffix}`));
      const missing = idx.findIndex((i) => i < 0);
      if (missing >= 0)
        throw new Error(
          `${path}: no column m${k}_${names[missing]}${suffix}: the run did not record the ${property}`,
        );
      const values = new Float64Array(rows.length * names.length);
      rows.forEach((cells, r) =>
        idx.forEach((c, j) => {
          const v = Number(cells[c]);
          if (cells[c] === undefined || cells[c] === "" || !Number.isFinite(v)) {
            throw new Error(
              `${path}: data row ${r + 1}, column ${header[c]}: expected a number, got '${cells[c]}'`,
            );
          }
          values[r * names.length + j] = v * factor;
        }),
      );
      return makeTimeSeries(values, names.length, intervalFs / ATOMIC_TIME_IN_FS, {
        quantity: property,
        source: `${path} member ${k + 1}${suffix}`,
      });
    }),
  );
}
