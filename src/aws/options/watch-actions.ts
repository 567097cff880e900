/**
 * The IAM actions `--watch` needs besides those of a run (GetSecretValue on
 * the secrets): each check asks DescribeSecret which version holds the stage.
 * For the policy a run with --watch needs (`aws policy --watch`, the docs).
 */
export const WATCH_IAM_ACTIONS: readonly string[] = ["secretsmanager:DescribeSecret"];
