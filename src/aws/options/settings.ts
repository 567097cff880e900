/**
 * How a command reaches AWS, settled and checked before any AWS call (from
 * its options, the config file and the environment): the one settings type
 * of every command that talks to AWS, handed to `withAwsSession`.
 */
export interface AwsSettings {
  /** `-p`, else the config file's `profile:`; absent: the SDK's default chain. */
  profile?: string;
  /** `-r`, else the config file's `region:`; absent: AWS_REGION, AWS_DEFAULT_REGION, the profile's region. */
  region?: string;
  /** Secrets Manager's endpoint, already checked (checkEndpoint); absent: AWS's own. */
  endpoint?: string;
  /** PEM text of the CAs to trust instead of the system's (AWS_CA_BUNDLE, --ca-bundle). */
  caBundle?: string;
  /** Time limit of the whole AWS phase, credentials included (--timeout). */
  timeoutMs: number;
}
