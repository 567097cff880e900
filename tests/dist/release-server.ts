/** A stand-in for GitHub releases on loopback, for the installer and the action's tests. */

export interface Release {
  /** File name → content. */
  files: Map<string, Uint8Array>;
}

/** A stand-in for GitHub releases: /download/v<version>/<file> and /latest/download/<file>. */
export class ReleaseServer {
  readonly releases = new Map<string, Release>();
  latest = "";
  readonly requests: string[] = [];
  private server: ReturnType<typeof Bun.serve> | undefined;

  start(): string {
    this.server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: (request) => {
        const path = new URL(request.url).pathname;
        this.requests.push(path);
        const match = /^\/releases\/(?:download\/v([^/]+)|latest\/download)\/([^/]+)$/.exec(path);
        const version = match?.[1] ?? (match ? this.latest : undefined);
        const body = version === undefined ? undefined : this.releases.get(version)?.files.get(match![2]!);
        return body ? new Response(body) : new Response("Not Found", { status: 404 });
      },
    });
    return `http://127.0.0.1:${this.server.port}/releases`;
  }

  stop(): void {
    this.server?.stop(true);
  }
}
