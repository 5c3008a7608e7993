/** Wall and CPU time of the stages of a run (CPU = this process's user + system time). */
export interface StageTime {
  stage: string;
  wallS: number;
  cpuS: number;
}

export class Stopwatch {
  readonly stages: StageTime[] = [];
  private readonly wall0 = performance.now();
  private readonly cpu0 = process.cpuUsage();

  /** Run `f` and book its wall and CPU time under `stage`. */
  async time<T>(stage: string, f: () => Promise<T>): Promise<T> {
    const w = performance.now();
    const c = process.cpuUsage();
    try {
      return await f();
    } finally {
      const d = process.cpuUsage(c);
      this.stages.push({ stage, wallS: (performance.now() - w) / 1000, cpuS: (d.user + d.system) / 1e6 });
    }
  }

  /** Totals since construction. */
  total(): StageTime {
    const d = process.cpuUsage(this.cpu0);
    return {
      stage: "total",
      wallS: (performance.now() - this.wall0) / 1000,
      cpuS: (d.user + d.system) / 1e6,
    };
  }
}
