import { writeNewFile } from "../output/write-file.ts";

export const CONFIG_FILE_MODE = 0o600;

export interface NewConfig {
  region: string;
  profile?: string;
  /** Secret names or ARNs, with `dotenv: true` for those read as dotenv text; never keys or values. */
  secrets: Array<string | { name: string; dotenv: true }>;
}

/** The text of a new config file: JSON for a `.json` name, YAML otherwise. */
export function configText(path: string, config: NewConfig): string {
  const data = {
    provider: "aws",
    region: config.region,
    ...(config.profile !== undefined ? { profile: config.profile } : {}),
    secrets: config.secrets.map((secret) => (typeof secret === "string" ? { name: secret } : secret)),
  };
  return path.endsWith(".json") ? `${JSON.stringify(data, null, 2)}\n` : `${Bun.YAML.stringify(data, null, 2)}\n`;
}

/** Writes a new config file (mode 0600); an existing file is never replaced. */
export function writeConfigFile(path: string, config: NewConfig): void {
  writeNewFile(path, configText(path, config), CONFIG_FILE_MODE);
}
