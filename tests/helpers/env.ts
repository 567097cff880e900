/**
 * The test process's environment (scrubbed by the preload) with `overrides`
 * applied, for a child process: an undefined value removes the variable.
 */
export function envWith(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...overrides })) if (value !== undefined) env[name] = value;
  return env;
}
