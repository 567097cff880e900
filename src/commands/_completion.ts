import type { Command, OptionDef } from "./_command.ts";
import { shortAlias } from "./_parse.ts";

/**
 * Shell completion scripts, generated from the command definitions the
 * parser and the help read: the command words (multi-word ones included),
 * each command's flags, and their values (an enum's choices, file names for
 * a <file>). Each script walks the words typed so far the way the router
 * does: command words first, options (skipping an option's value), then,
 * for a command that runs a program, the program and its arguments, which
 * complete as commands and files.
 */

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** What the scripts need to know of the words that lead to a command, or name one. */
interface Node {
  /** `''` for the root, `aws`, `aws secret`, `help aws`. */
  path: string;
  /** Words that may come next, with their descriptions. */
  next: [word: string, description: string][];
  flags: Flag[];
  /** The command runs a program given after its options. */
  runsProgram: boolean;
  /** Values of its first positional, where the definition lists them. */
  choices: readonly string[];
}

interface Flag {
  /** `--secret`, `-s`. */
  names: string[];
  description: string;
  takesValue: boolean;
  /** An enum's choices; `files` for a <file> value; none otherwise. */
  values: readonly string[] | "files" | undefined;
}

const ROOT_FLAGS: Flag[] = [
  { names: ["--help", "-h"], description: "Show the help", takesValue: false, values: undefined },
  { names: ["--version", "-v"], description: "Show the version", takesValue: false, values: undefined },
];

const HELP_DESCRIPTION = "Show the help of env-secrets or of a command";

export function completionScript(shell: Shell, commands: Command[]): string {
  const nodes = nodesOf(commands);
  if (shell === "bash") return bashScript(nodes);
  if (shell === "zsh") return zshScript(nodes);
  return fishScript(nodes);
}

/** Every path the words can take: each command, each group of commands, the root, and `help` before any of them. */
function nodesOf(commands: Command[]): Node[] {
  const byName = new Map(commands.map((command) => [command.meta.name, command]));
  const paths = new Set<string>([""]);
  for (const name of byName.keys()) {
    const words = name.split(" ");
    for (let count = 1; count <= words.length; count++) paths.add(words.slice(0, count).join(" "));
  }
  const nextOf = (path: string): [string, string][] => {
    const below = [...paths].filter((other) => other !== "" && other.startsWith(path === "" ? "" : `${path} `) && other.split(" ").length === (path === "" ? 1 : path.split(" ").length + 1));
    return below.map((other) => [other.split(" ").at(-1)!, byName.get(other)?.meta.description ?? `Commands under ${other}`]);
  };
  const nodes: Node[] = [];
  for (const path of paths) {
    const command = byName.get(path);
    const next = nextOf(path);
    if (path === "") next.push(["help", HELP_DESCRIPTION]);
    nodes.push({
      path,
      next,
      flags: path === "" ? ROOT_FLAGS : command ? flagsOf(command.args) : [],
      runsProgram: command?.runsProgram ?? false,
      choices: command ? firstPositionalChoices(command.args) : [],
    });
    nodes.push({ path: path === "" ? "help" : `help ${path}`, next: nextOf(path), flags: [], runsProgram: false, choices: [] });
  }
  return nodes;
}

function flagsOf(args: Record<string, OptionDef>): Flag[] {
  return Object.entries(args)
    .filter(([, def]) => def.type !== "positional")
    .map(([name, def]) => {
      const short = shortAlias(def);
      const hint = "valueHint" in def ? def.valueHint : undefined;
      return {
        names: [`--${name}`, ...(short ? [`-${short}`] : [])],
        description: def.description ?? "",
        takesValue: def.type !== "boolean",
        values: def.type === "enum" ? def.options : hint === "file" ? "files" : undefined,
      };
    });
}

function firstPositionalChoices(args: Record<string, OptionDef>): readonly string[] {
  return Object.values(args).find((def) => def.type === "positional")?.choices ?? [];
}

/** A single-quoted word for sh, bash, zsh. */
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
/** A `word:description` entry for zsh's _describe. */
const described = (word: string, description: string) => quote(`${word.replaceAll(":", "\\:")}:${description}`);
/** A single-quoted word for fish. */
const fishQuote = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

const valued = (node: Node) => node.flags.filter((flag) => flag.takesValue).flatMap((flag) => flag.names);

/** For bash and zsh: a `case` arm per option whose value completes, matched on `<command words> <option>`. */
const valueCases = (nodes: Node[], complete: (values: readonly string[] | "files") => string) =>
  nodes.flatMap((node) =>
    node.flags.flatMap((flag) =>
      flag.values === undefined ? [] : [`    ${flag.names.map((name) => quote(`${node.path} ${name}`)).join("|")}) ${complete(flag.values)} ;;`],
    ),
  );

/**
 * For bash and zsh, whose syntax agrees here: _env_secrets_spec sets what
 * may follow the command words typed so far (after `reset`), and
 * _env_secrets_value completes an option's value.
 */
const lookups = (reset: string, specs: string[], values: string[]) => `# Sets next, flags, valued, program and choices for the command words typed so far.
_env_secrets_spec() {
  ${reset}
  case "$1" in
${specs.join("\n")}
  esac
}

# Completes the value of an option.
_env_secrets_value() {
  case "$1 $2" in
${values.join("\n")}
  esac
}`;

function bashScript(nodes: Node[]): string {
  const specs = nodes.map((node) => {
    const flags = node.flags.flatMap((flag) => flag.names);
    return [
      `    ${quote(node.path)})`,
      `      next=${quote(node.next.map(([word]) => word).join(" "))} flags=${quote(flags.join(" "))}`,
      `      valued=${quote(` ${valued(node).join(" ")} `)} program=${node.runsProgram ? 1 : 0} choices=${quote(node.choices.join(" "))} ;;`,
    ].join("\n");
  });
  const values = valueCases(nodes, (values) => `COMPREPLY=($(${values === "files" ? "compgen -f" : `compgen -W ${quote(values.join(" "))}`} -- "$cur"))`);
  return `# bash completion for env-secrets, generated by \`env-secrets completion bash\`.
# Enable it: eval "$(env-secrets completion bash)" in ~/.bashrc
# Works with bash 3.2 (macOS) and later: hence COMPREPLY=($(...)), not mapfile.
# shellcheck disable=SC2207

${lookups("next='' flags='' valued=' ' program=0 choices=''", specs, [...values, "    *) COMPREPLY=() ;;"])}

_env_secrets() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local words_path='' word i next flags valued program choices
  _env_secrets_spec ''
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if [[ $word == -- ]]; then
      ((program)) || continue
      # The program's name, then its arguments.
      if ((i == COMP_CWORD - 1)); then COMPREPLY=($(compgen -c -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
      return 0
    fi
    if [[ $valued == *" $word "* ]]; then
      [[ \${COMP_WORDS[i+1]} == -* ]] || ((i++))
      continue
    fi
    [[ $word == -* ]] && continue
    if [[ " $next " == *" $word "* ]]; then
      words_path=\${words_path:+$words_path }$word
      _env_secrets_spec "$words_path"
      continue
    fi
    if ((program)); then
      COMPREPLY=($(compgen -f -- "$cur"))
      return 0
    fi
  done
  if [[ $valued == *" $prev "* ]]; then
    _env_secrets_value "$words_path" "$prev"
    return 0
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [[ -n $next || -n $choices ]]; then
    COMPREPLY=($(compgen -W "$next $choices" -- "$cur"))
  elif ((program)); then
    COMPREPLY=($(compgen -c -- "$cur"))
  fi
  return 0
}

complete -o default -F _env_secrets env-secrets
`;
}

function zshScript(nodes: Node[]): string {
  const specs = nodes.map((node) => {
    const flags = node.flags.flatMap((flag) => flag.names.map((name) => described(name, flag.description)));
    return [
      `    ${quote(node.path)})`,
      `      next=(${node.next.map(([word, description]) => described(word, description)).join(" ")})`,
      `      flags=(${flags.join(" ")})`,
      `      valued=(${valued(node).map(quote).join(" ")}) program=${node.runsProgram ? 1 : 0} choices=(${node.choices.map(quote).join(" ")}) ;;`,
    ].join("\n");
  });
  const values = valueCases(nodes, (values) => (values === "files" ? "_files" : `compadd -- ${values.map(quote).join(" ")}`));
  return `#compdef env-secrets
# zsh completion for env-secrets, generated by \`env-secrets completion zsh\`.
# Enable it: source <(env-secrets completion zsh) in ~/.zshrc (after compinit),
# or save it as _env_secrets in a directory of $fpath.

${lookups("next=() flags=() valued=() program=0 choices=()", specs, values)}

_env_secrets() {
  local words_path='' word i program
  local -a next flags valued choices
  _env_secrets_spec ''
  for ((i = 2; i < CURRENT; i++)); do
    word=\${words[i]}
    if [[ $word == -- ]]; then
      ((program)) || continue
      # The program's name, then its arguments, completed as that program's.
      shift $i words
      ((CURRENT -= i))
      _normal
      return
    fi
    if ((\${valued[(Ie)$word]})); then
      [[ \${words[i+1]} == -* ]] || ((i++))
      continue
    fi
    [[ $word == -* ]] && continue
    if ((\${next[(I)\${word}:*]})); then
      words_path=\${words_path:+$words_path }$word
      _env_secrets_spec "$words_path"
      continue
    fi
    if ((program)); then
      shift $((i - 1)) words
      ((CURRENT -= i - 1))
      _normal
      return
    fi
  done
  if ((\${valued[(Ie)\${words[CURRENT-1]}]})); then
    _env_secrets_value "$words_path" "\${words[CURRENT-1]}"
    return
  fi
  if [[ \${words[CURRENT]} == -* ]]; then
    _describe -t options 'option' flags
  elif ((\${#next} + \${#choices})); then
    _describe -t commands 'command' next
    ((\${#choices})) && compadd -- "\${choices[@]}"
  elif ((program)); then
    _command_names -e
  fi
}

if [[ \${funcstack[1]} == _env_secrets ]]; then
  _env_secrets "$@"
else
  compdef _env_secrets env-secrets
fi
`;
}

function fishScript(nodes: Node[]): string {
  const cases = (pick: (node: Node) => string) =>
    nodes.map((node) => `        case ${fishQuote(node.path)}\n            ${pick(node)}`).join("\n");
  const lines: string[] = [];
  for (const node of nodes) {
    const when = `-n ${fishQuote(`__env_secrets_at ${fishQuote(node.path)}`)}`;
    for (const [word, description] of node.next) lines.push(`complete -c env-secrets ${when} -a ${fishQuote(word)} -d ${fishQuote(description)}`);
    for (const choice of node.choices) lines.push(`complete -c env-secrets ${when} -a ${fishQuote(choice)}`);
    for (const flag of node.flags) {
      const names = flag.names.map((name) => (name.startsWith("--") ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`)).join(" ");
      const value = !flag.takesValue ? "" : flag.values === "files" ? " -r -F" : flag.values ? ` -x -a ${fishQuote(flag.values.join(" "))}` : " -x";
      lines.push(`complete -c env-secrets ${when} ${names}${value} -d ${fishQuote(flag.description)}`);
    }
  }
  return `# fish completion for env-secrets, generated by \`env-secrets completion fish\`.
# Enable it: env-secrets completion fish > ~/.config/fish/completions/env-secrets.fish

# The words of the command named so far ('' for none); a trailing ' --' once the program's words begin.
function __env_secrets_path
    set -l words (commandline -opc)
    set -e words[1]
    set -l words_path ''
    set -l skip 0
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        if test "$word" = --
            if __env_secrets_program "$words_path"
                echo "$words_path --"
                return
            end
            continue
        end
        if contains -- $word (__env_secrets_valued "$words_path")
            set skip 1
            continue
        end
        if string match -q -- '-*' $word
            continue
        end
        if contains -- $word (__env_secrets_next "$words_path")
            set words_path (string trim -- "$words_path $word")
            continue
        end
        if __env_secrets_program "$words_path"
            echo "$words_path --"
            return
        end
    end
    echo $words_path
end

function __env_secrets_next
    switch $argv[1]
${cases((node) => `printf '%s\\n' ${node.next.map(([word]) => fishQuote(word)).join(" ")}`)}
    end
end

function __env_secrets_valued
    switch $argv[1]
${cases((node) => `printf '%s\\n' ${valued(node).map(fishQuote).join(" ")}`)}
    end
end

function __env_secrets_program
    switch $argv[1]
${cases((node) => (node.runsProgram ? "return 0" : "return 1"))}
    end
    return 1
end

# Whether the command words typed so far are the given ones.
function __env_secrets_at
    set -l words_path (__env_secrets_path)
    test "$words_path" = "$argv[1]"
end

# Whether the words typed so far have reached the program to run.
function __env_secrets_in_program
    string match -q -- '* --' (__env_secrets_path)
end

complete -c env-secrets -f
complete -c env-secrets -n __env_secrets_in_program -F -a '(__fish_complete_command)'
${lines.join("\n")}
`;
}
