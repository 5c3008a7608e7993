/** Checks an observer's sampling interval (steps between calls). */
export function checkEvery(every: number, who: string): number {
  if (!Number.isInteger(every) || every < 1)
    throw new Error(`${who}: 'every' must be a positive integer, got ${every}`);
  return every;
}
