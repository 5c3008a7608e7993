/**
 * Each committee member's own dipole and polarizability along a committee-driven run (the MD follows the
 * members' mean; src/core/committee.ts), per replica: the input of the model-uncertainty band
 * (src/spectra/uncertainty/model-band.ts). Reuses the step's evaluation (CommitteeModel.at), so it costs
 * no extra force call.
 */
import type { CommitteeModel } from "../core/committee.ts";
import type { Observer } from "../core/observer.ts";
import type { Potential } from "../core/potential.ts";
import type { MDState, System } from "../core/system.ts";
import { makeTimeSeries, type TimeSeries } from "../spectra/time-series.ts";

/** Whether a potential is a committee (has members' outputs to offer). */
export const isCommittee = (p: Potential): p is CommitteeModel =>
  typeof (p as Partial<CommitteeModel>).at === "function" &&
  typeof (p as Partial<CommitteeModel>).size === "number";

type Quantity = "dipole" | "polarizability";
const WIDTH: Record<Quantity, number> = { dipole: 3, polarizability: 9 };

export class MemberProperties implements Observer {
  readonly every = 1;
  /** values[quantity][member][replica] = flat samples. */
  private readonly values = new Map<Quantity, number[][][]>();

  constructor(
    private readonly committee: CommitteeModel,
    private readonly quantities: readonly Quantity[],
    private readonly dt: number,
  ) {}

  async observe(state: Readonly<MDState>, system: System): Promise<void> {
    const out = await this.committee.at(system, state.positions, state.nBatch, this.quantities);
    for (const q of this.quantities) {
      const w = WIDTH[q];
      const perMember =
        this.values.get(q) ?? out.members.map(() => Array.from({ length: state.nBatch }, () => []));
      this.values.set(q, perMember);
      out.members.forEach((m, k) => {
        const v = m[q];
        if (!v) throw new Error(`committee member ${k + 1} returned no ${q}`);
        for (let r = 0; r < state.nBatch; r++) for (let c = 0; c < w; c++) perMember[k][r].push(v[r * w + c]);
      });
    }
  }

  /** Series [member][replica] of one quantity (atomic units). */
  series(q: Quantity, source: (replica: number) => string): TimeSeries[][] {
    const perMember = this.values.get(q) ?? [];
    return perMember.map((replicas, k) =>
      replicas.map((v, r) =>
        makeTimeSeries(Float64Array.from(v), WIDTH[q], this.dt, {
          quantity: q,
          source: `${source(r)} member ${k + 1}`,
        }),
      ),
    );
  }
}
