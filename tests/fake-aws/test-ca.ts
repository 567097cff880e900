/**
 * A throwaway certificate authority and a server certificate it signed, made
 * with openssl at test time (nothing secret is committed). The server
 * certificate names localhost, 127.0.0.1 and the extra host names given, so
 * the fake can serve HTTPS on loopback and behind a proxy under a made-up name.
 */

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCa {
  /** PEM file of the CA certificate: what AWS_CA_BUNDLE points at. */
  caFile: string;
  /** Server certificate and key, PEM. */
  cert: string;
  key: string;
}

export function opensslAvailable(): boolean {
  return Bun.which("openssl") !== null;
}

function openssl(args: string[], cwd: string): void {
  const result = Bun.spawnSync({ cmd: ["openssl", ...args], cwd, stdout: "ignore", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr.toString()}`);
}

export function createTestCa(hostNames: string[] = []): TestCa {
  const dir = mkdtempSync(join(tmpdir(), "env-secrets-test-ca-"));
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=env-secrets test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], dir);
  const names = ["DNS:localhost", "IP:127.0.0.1", ...hostNames.map((name) => `DNS:${name}`)];
  writeFileSync(join(dir, "server.ext"), `subjectAltName=${names.join(",")}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext"], dir);
  return {
    caFile: join(dir, "ca.pem"),
    cert: readFileSync(join(dir, "server.pem"), "utf8"),
    key: readFileSync(join(dir, "server.key"), "utf8"),
  };
}
