/** 10,000 runs per property in CI, 1,000 on a developer's machine. */
export const RUNS = { numRuns: process.env.CI ? 10_000 : 1_000 };
