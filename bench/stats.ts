/** Small numeric helpers for the benchmark report. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const ms = (value: number): string => (Number.isNaN(value) ? '-' : `${value.toFixed(value < 10 ? 2 : 0)} ms`);
export const pct = (value: number): string => (Number.isNaN(value) ? '-' : `${(value * 100).toFixed(1)}%`);
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function timings(values: number[]): string {
  return `p50 ${ms(percentile(values, 50))}  p95 ${ms(percentile(values, 95))}  p99 ${ms(percentile(values, 99))}`;
}
