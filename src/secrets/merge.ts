import type { Variables } from "./payload.ts";

export interface SecretVariables {
  /** The secret as the user named it. */
  label: string;
  variables: Variables;
}

export interface Collision {
  name: string;
  overridden: string;
  winner: string;
}

/**
 * Merges the variables of several secrets in command-line order: a later
 * secret wins. Each collision is reported (names only) so the caller can warn.
 */
export function mergeSecretVariables(secrets: SecretVariables[]): { variables: Variables; collisions: Collision[] } {
  const variables: Variables = new Map();
  const owner = new Map<string, string>();
  const collisions: Collision[] = [];
  for (const secret of secrets) {
    for (const [name, value] of secret.variables) {
      const previous = owner.get(name);
      if (previous !== undefined && previous !== secret.label) {
        collisions.push({ name, overridden: previous, winner: secret.label });
      }
      owner.set(name, secret.label);
      variables.set(name, value);
    }
  }
  return { variables, collisions };
}

/**
 * The child's environment: what env-secrets inherited, with the secrets'
 * variables on top. A record without a prototype, so that a variable named
 * `__proto__` (from a secret, or inherited) is a name like any other rather
 * than the object's prototype, and reaches the program.
 */
export function childEnvironment(inherited: Record<string, string | undefined>, variables: Variables): Record<string, string> {
  const env: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(inherited)) if (value !== undefined) env[name] = value;
  for (const [name, value] of variables) env[name] = value;
  return env;
}

/**
 * --no-override: a variable the child would inherit keeps its inherited value;
 * the secret's value for that name is dropped. Returns what is left and the
 * dropped names (for --debug).
 */
export function keepInherited(
  variables: Variables,
  inherited: Record<string, string | undefined>,
): { variables: Variables; kept: string[] } {
  const left: Variables = new Map();
  const kept: string[] = [];
  for (const [name, value] of variables) {
    if (Object.hasOwn(inherited, name) && inherited[name] !== undefined) kept.push(name);
    else left.set(name, value);
  }
  return { variables: left, kept };
}
