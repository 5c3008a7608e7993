/**
 * How the merged IR spectrum of an ensemble converges with the number of members, from one finished
 * ensemble of 2K members: the last K form the reference; the first K are split into disjoint groups of
 * M = 1, 2, 4, … members, each merged like `equimd ensemble merge` does (averaged correlation function →
 * spectrum). For each M: the relative L2 error against the reference (mean over the groups), the mean
 * half-width of the merge band (spec merge.band, default the 95 % t interval) relative to the reference's maximum, and how often the
 * reference lies inside the band (both where the reference exceeds 5 % of its maximum).
 *
 *   npx tsx bench/ensemble-convergence.ts <spec.yaml>      (the ensemble must have run)
 */
import { loadEnsembleSpec } from "../src/ensemble/spec.ts";
import { prepareMembers, type RunMember } from "../src/ensemble/members.ts";
import { averageCorrelation } from "../src/ensemble/merge.ts";
import { memberBand } from "../src/ensemble/member-band.ts";
import { kindEnsemble } from "../src/ensemble/member-spectra.ts";
import { findPeaks } from "../src/spectra/compare.ts";

const specFile = process.argv[2];
if (!specFile) throw new Error("usage: tsx bench/ensemble-convergence.ts <spec.yaml>");
const spec = loadEnsembleSpec(specFile);
const members = (await prepareMembers(spec)) as RunMember[];
const k = Math.floor(members.length / 2);
const ensemble = await kindEnsemble(spec, members, "ir");
const cfs = ensemble.correlations[0].perMember;
const irOf = (group: number[]) => ensemble.curves([averageCorrelation(group.map((i) => cfs[i]))])[0].spectrum;
const spectrum = (group: number[]) => irOf(group).intensity;
const band = spec.spec.merge.band;
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

const reference = spectrum(range(k, 2 * k));
const max = Math.max(...reference);
const norm = Math.hypot(...reference);
const all = irOf(range(0, cfs.length));
const peaks = findPeaks(all.wavenumber, all.intensity)
  .sort((a, b) => b.height - a.height)
  .slice(0, 4)
  .map((p) => p.position.toFixed(0));
console.log(
  `${members.length} members, ${String(ensemble.settings.samples_per_member)} samples each; reference: members ${k}–${2 * k - 1}; ` +
    `strongest bands of all ${members.length}: ${peaks.join(", ")} cm⁻¹`,
);
console.log("M   groups  rel. L2 error   band half-width / max   reference inside band");
for (let m = 1; m <= k; m *= 2) {
  let error = 0;
  let width = 0;
  let inside = 0;
  const groups = Math.floor(k / m);
  for (let g = 0; g < groups; g++) {
    const group = range(g * m, (g + 1) * m);
    const s = spectrum(group);
    let d2 = 0;
    for (let j = 0; j < s.length; j++) d2 += (s[j] - reference[j]) ** 2;
    error += Math.sqrt(d2) / norm / groups;
    if (m >= 2) {
      const grid = all.wavenumber;
      const b = memberBand(
        s,
        grid,
        group.map((i) => spectrum([i])),
        group.map((i) => `member ${i}`),
        band,
      );
      let w = 0;
      let n = 0;
      for (let j = 0; j < s.length; j++) {
        if (reference[j] < 0.05 * max) continue; // inside the bands only
        w += (b.upper[j] - b.lower[j]) / 2;
        if (reference[j] >= b.lower[j] && reference[j] <= b.upper[j]) n++;
      }
      const counted = reference.filter((r) => r >= 0.05 * max).length;
      width += w / counted / max / groups;
      inside += n / counted / groups;
    }
  }
  console.log(
    `${String(m).padEnd(4)}${String(groups).padEnd(8)}${error.toFixed(3).padEnd(16)}` +
      `${m >= 2 ? width.toFixed(4).padEnd(24) : "—".padEnd(24)}${m >= 2 ? `${(100 * inside).toFixed(0)} %` : "—"}`,
  );
}
