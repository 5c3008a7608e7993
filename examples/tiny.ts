/**
 * EQUIMD_EXAMPLE_TINY=1 makes every example take a few steps only (CI runs them so that they never
 * rot); `pick(full, tiny)` chooses a setting.
 */
export const TINY = process.env.EQUIMD_EXAMPLE_TINY === "1";

export function pick<T>(full: T, tiny: T): T {
  return TINY ? tiny : full;
}
