import { EnvSecretsError } from "../errors.ts";
import { describeSize, LocalFileError, readRegularFile } from "../io/read-file.ts";
import { VALID_NAME } from "../secrets/names.ts";
import { checkAsRenamesOneKey, DOTENV_SCHEME, type SecretRef, secretRefFor, type ShapingOptions } from "../secrets/reference.ts";
import { type FieldPath, fieldName, lineOfField, lineOfSyntaxError } from "./locate.ts";

/** What a config file says, mapped onto the run's own model. */
export interface Config {
  path: string;
  provider?: "aws";
  profile?: string;
  region?: string;
  /** Replaced by `-s` on the command line. */
  secrets?: SecretRef[];
  /** Run-wide shaping; command-line flags win. */
  shaping: ShapingOptions;
  /** `batch: true`: as --batch. */
  batch?: boolean;
  /** `watch: 5m` (or `true`: the default interval), as --watch; `where` names the file, line and field for errors. */
  watch?: { interval?: string; where: string };
}

/** The flatten separator `flatten: true` means. */
export const DEFAULT_FLATTEN_SEPARATOR = "_";

const TOP_FIELDS = ["provider", "profile", "region", "secrets", "prefix", "flatten", "normalizeNames", "noOverride", "batch", "watch"];
const SECRET_FIELDS = ["name", "keys", "as", "dotenv", "versionStage", "versionId", "prefix", "flatten"];

/**
 * The largest config file read. A real one is a few hundred bytes; the cap
 * keeps `--config /dev/zero`-like mistakes, and hostile working directories,
 * from costing more than a moment (only regular files are read at all).
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readRegularFile(path, MAX_CONFIG_BYTES);
  } catch (error) {
    if (!(error instanceof LocalFileError)) throw error;
    throw new EnvSecretsError({
      subject: path,
      reason: configReadFailure(error),
      hint: error.code === "EFBIG" ? `a config file may hold at most ${describeSize(MAX_CONFIG_BYTES)}; check the --config path, or run with --no-config` : "check the --config path, or run with --no-config",
      cause: error,
    });
  }
  return parseConfig(path, text);
}

function configReadFailure(error: LocalFileError): string {
  switch (error.code) {
    case "ENOENT":
      return "no such config file";
    case "ENOTREG":
    case "EFBIG":
      return `the config file is ${error.reason}`;
    default:
      return `cannot read the config file (${error.code})`;
  }
}

export function parseConfig(path: string, text: string): Config {
  const json = path.endsWith(".json");
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : Bun.YAML.parse(text);
  } catch (error) {
    const line = json ? undefined : lineOfSyntaxError(text, yamlParses);
    throw new EnvSecretsError({
      subject: line === undefined ? path : `${path}:${line}`,
      reason: `not valid ${json ? "JSON" : "YAML"}${error instanceof Error ? ` (${error.message.replace(/^(JSON|YAML) Parse error: /, "")})` : ""}`,
      hint: FIX_HINT,
      cause: error,
    });
  }
  return new Validator(path, text).config(data);
}

const FIX_HINT = "fix the config file, or choose another with --config <file> or none with --no-config";

function yamlParses(text: string): boolean {
  try {
    Bun.YAML.parse(text);
    return true;
  } catch {
    return false;
  }
}

class Validator {
  constructor(
    private readonly path: string,
    private readonly text: string,
  ) {}

  config(data: unknown): Config {
    if (data === null || data === undefined) return { path: this.path, shaping: {} };
    // A config file may arrive with a checked-out repository: it must not be able
    // to let secrets set PATH, LD_PRELOAD and the like. Only the command line can.
    if (typeof data === "object" && "allowOverride" in data) {
      this.fail(["allowOverride"], "not allowed in a config file", "protected names can be lifted on the command line only: --allow-override NAME");
    }
    const top = this.mapping(data, [], TOP_FIELDS);
    const config: Config = { path: this.path, shaping: {} };
    if (top.provider !== undefined) {
      if (top.provider !== "aws") this.fail(["provider"], `unsupported provider ${JSON.stringify(top.provider)}`, "the only provider is aws");
      config.provider = "aws";
    }
    if (top.profile !== undefined) config.profile = this.text_(top.profile, ["profile"]);
    if (top.region !== undefined) config.region = this.text_(top.region, ["region"]);
    if (top.secrets !== undefined) config.secrets = this.secrets(top.secrets);
    if (top.prefix !== undefined) config.shaping.prefix = this.text_(top.prefix, ["prefix"]);
    const separator = this.flatten(top.flatten, ["flatten"]);
    if (separator !== undefined) config.shaping.flattenSeparator = separator;
    if (top.normalizeNames !== undefined) config.shaping.normalizeNames = this.boolean(top.normalizeNames, ["normalizeNames"]);
    if (top.noOverride !== undefined) config.shaping.noOverride = this.boolean(top.noOverride, ["noOverride"]);
    if (top.batch !== undefined) config.batch = this.boolean(top.batch, ["batch"]);
    if (top.watch !== undefined && top.watch !== false) config.watch = this.watch(top.watch);
    return config;
  }

  private secrets(value: unknown): SecretRef[] {
    if (!Array.isArray(value) || value.length === 0) this.fail(["secrets"], "expected a non-empty list of secrets", "e.g. secrets: [{ name: my-app/prod }]");
    return value.map((entry, index) => this.secret(entry, ["secrets", index]));
  }

  private secret(entry: unknown, at: FieldPath): SecretRef {
    const fields = typeof entry === "string" ? { name: entry } : this.mapping(entry, at, SECRET_FIELDS);
    if (fields.name === undefined) this.fail(at, "missing name", "each secret needs name: <secret name or ARN>");
    const name = this.text_(fields.name, [...at, "name"]);
    if (name.startsWith(DOTENV_SCHEME)) {
      this.fail([...at, "name"], `${DOTENV_SCHEME} belongs to -s references; a secret name has no colon`, `write dotenv: true next to name: ${name.slice(DOTENV_SCHEME.length)}`);
    }
    const ref = this.checked([...at, "name"], () => secretRefFor(name));
    ref.fromConfig = true;
    if (fields.keys !== undefined) ref.keys = this.keyNames(fields.keys, [...at, "keys"]);
    if (fields.as !== undefined) {
      const as = this.text_(fields.as, [...at, "as"]);
      if (!VALID_NAME.test(as)) this.fail([...at, "as"], `${JSON.stringify(as)} is not a valid variable name`, "use letters, digits and _, not starting with a digit");
      ref.as = as;
      this.checked([...at, "as"], () => checkAsRenamesOneKey(ref));
    }
    if (fields.dotenv !== undefined && this.boolean(fields.dotenv, [...at, "dotenv"])) {
      if (ref.as !== undefined && ref.keys === undefined) {
        this.fail([...at, "dotenv"], "as puts the whole secret in one variable, so there are no KEY=value lines to read", "drop dotenv, or select a key with keys: [KEY]");
      }
      ref.dotenv = true;
    }
    if (fields.versionStage !== undefined) ref.versionStage = this.text_(fields.versionStage, [...at, "versionStage"]);
    if (fields.versionId !== undefined) ref.versionId = this.text_(fields.versionId, [...at, "versionId"]);
    if (fields.prefix !== undefined) ref.prefix = this.text_(fields.prefix, [...at, "prefix"]);
    const separator = this.flatten(fields.flatten, [...at, "flatten"]);
    if (separator !== undefined) ref.flattenSeparator = separator;
    return ref;
  }

  /** A rule of secrets/ applied to a field: its failure names the file, the line and the field. */
  private checked<T>(at: FieldPath, check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (error instanceof EnvSecretsError) this.fail(at, error.reason, error.hint);
      throw error;
    }
  }

  private mapping(value: unknown, at: FieldPath, allowed: string[]): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.fail(at, at.length === 0 ? "expected a mapping of fields at the top" : "expected a mapping of fields", `fields: ${allowed.join(", ")}`);
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail([...at, key], "unknown field", `fields here: ${allowed.join(", ")}`);
    }
    return value as Record<string, unknown>;
  }

  private text_(value: unknown, at: FieldPath): string {
    if (typeof value !== "string" || value.trim() === "") this.fail(at, "expected a non-empty string");
    return value;
  }

  private boolean(value: unknown, at: FieldPath): boolean {
    if (typeof value !== "boolean") this.fail(at, "expected true or false");
    return value;
  }

  private keyNames(value: unknown, at: FieldPath): string[] {
    if (!Array.isArray(value) || value.length === 0) this.fail(at, "expected a non-empty list of key names", "e.g. [API_KEY]");
    return value.map((item, index) => this.text_(item, [...at, index]));
  }

  /** `flatten: true` (default separator), `false`, or a separator string. */
  private flatten(value: unknown, at: FieldPath): string | undefined {
    if (value === undefined || value === false) return undefined;
    if (value === true) return DEFAULT_FLATTEN_SEPARATOR;
    if (typeof value === "string" && value !== "") return value;
    this.fail(at, "expected true, false or a separator string");
  }

  /** `watch: 5m`, `watch: 30` (seconds) or `watch: true`; the interval itself is checked where --watch's is. */
  private watch(value: unknown): { interval?: string; where: string } {
    if (value !== true && typeof value !== "string" && typeof value !== "number") {
      this.fail(["watch"], "expected an interval such as 30s, 5m or 1h, or true");
    }
    const line = lineOfField(this.text, ["watch"]);
    const where = `${line === undefined ? this.path : `${this.path}:${line}`}: watch`;
    return value === true ? { where } : { interval: String(value), where };
  }

  private fail(at: FieldPath, reason: string, hint = FIX_HINT): never {
    const line = at.length > 0 ? lineOfField(this.text, at) : undefined;
    const where = line === undefined ? this.path : `${this.path}:${line}`;
    throw new EnvSecretsError({
      subject: at.length > 0 ? `${where}: ${fieldName(at)}` : where,
      reason,
      hint: hint === FIX_HINT ? hint : `${hint}; ${FIX_HINT}`,
    });
  }
}
