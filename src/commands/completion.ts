import { writeStdout } from "../output/stdout.ts";
import { loggingArgs } from "./_args.ts";
import { defineCommand } from "./_command.ts";
import { SHELLS, type Shell } from "./_completion.ts";

/** `env-secrets completion bash|zsh|fish`: a completion script made from the command definitions. */
export default defineCommand({
  meta: {
    name: "completion",
    description: "Print the shell completion script for bash, zsh or fish",
    examples: [
      { does: "Enable completion in bash (add to ~/.bashrc)", run: 'eval "$(env-secrets completion bash)"' },
      { does: "Enable completion in zsh (add to ~/.zshrc, after compinit)", run: "source <(env-secrets completion zsh)" },
      { does: "Enable completion in fish", run: "env-secrets completion fish > ~/.config/fish/completions/env-secrets.fish" },
    ],
  },
  args: {
    shell: { type: "positional", required: true, choices: SHELLS, valueHint: "shell", description: "bash, zsh or fish" },
    ...loggingArgs,
  },
  async run(args) {
    const [{ completionScript }, { loadCommands }] = await Promise.all([import("./_completion.ts"), import("./_help.ts")]);
    writeStdout(completionScript(args.shell as Shell, await loadCommands()));
    return undefined;
  },
});
