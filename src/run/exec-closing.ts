import { nodeFs } from "../io/lazy-node.ts";
import { execProgram } from "./exec-posix.ts";

/**
 * The go-between of closingSpawn: `<fds> <command...>`. Closes the listed
 * standard descriptors and replaces itself with the program, which thus
 * starts with them closed and with this process's PID. Its environment is
 * the program's, exactly as supervise computed it. Returns only by throwing
 * (the program could not be started: 126/127, as without it).
 */
export async function execWithDescriptorsClosed(argv: string[]): Promise<never> {
  const [list = "", ...command] = argv;
  for (const fd of list.split(",").map(Number)) {
    if (fd === 0 || fd === 1 || fd === 2) nodeFs().closeSync(fd);
  }
  return execProgram(command, process.env as Record<string, string>);
}
