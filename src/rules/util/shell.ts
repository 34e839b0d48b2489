/**
 * A small POSIX shell word splitter for the process rules: it cuts a command line into simple commands
 * (at `;`, `&`, `&&`, `|`, `||`, newlines and parentheses) and each into words, honouring single and double
 * quotes and backslashes, and remembers for each word whether it begins with an unquoted glob character.
 *
 * It reads the text of a {@link StringShape}: the placeholder {@link HOLE} stands for a part whose value
 * varies, and a word containing it is marked as unknown. It is not a full shell parser (no here-documents,
 * no `case`, no expansions); the rules using it only need the program word and the words after it.
 */
import { HOLE } from "../../model/module.js";

/** One word of a simple command. */
export interface ShellWord {
  /** The word after quote removal. */
  text: string;
  /** The word as written. */
  raw: string;
  /** The word starts with an unquoted `*`, `?` or `[`: its expansion may begin with any character, `-` included. */
  leadingGlob: boolean;
  /** Part of the word varies at run time (it contains {@link HOLE}). */
  varies: boolean;
}

const MAX_LENGTH = 100_000;

/** Splits a command line into simple commands, each a list of words (empty commands dropped). */
export function simpleCommands(line: string): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let text = "";
  let raw = "";
  let started = false;
  let leadingGlob = false;
  let quote: "'" | '"' | undefined;
  const endWord = (): void => {
    if (started) words.push({ text, raw, leadingGlob, varies: raw.includes(HOLE) });
    text = "";
    raw = "";
    started = false;
    leadingGlob = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  const s = line.length > MAX_LENGTH ? line.slice(0, MAX_LENGTH) : line;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote === "'") {
      raw += c;
      if (c === "'") quote = undefined;
      else text += c;
      continue;
    }
    if (quote === '"') {
      raw += c;
      if (c === '"') quote = undefined;
      else if (c === "\\" && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) {
        raw += s[++i];
        text += s[i];
      } else text += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      raw += c;
      started = true;
      continue;
    }
    if (c === "\\") {
      started = true;
      raw += c;
      if (i + 1 < s.length) {
        raw += s[++i];
        if (s[i] !== "\n") text += s[i];
      }
      continue;
    }
    if (c === " " || c === "\t") {
      endWord();
      continue;
    }
    if (c === "&" && (s[i - 1] === ">" || s[i - 1] === "<")) {
      // `2>&1`, `<&3`: a redirection, not a separator
      raw += c;
      text += c;
      continue;
    }
    if (c === ";" || c === "&" || c === "|" || c === "\n" || c === "\r" || c === "(" || c === ")" || c === "`") {
      endCommand();
      continue;
    }
    if (!started && (c === "*" || c === "?" || c === "[")) leadingGlob = true;
    started = true;
    raw += c;
    text += c;
  }
  endCommand();
  return commands;
}

/**
 * Commands that run the command given after their own options (`sudo tar …`, `nice -n 5 rsync …`), with the
 * options of each that take a separate value (`sudo -u root`, `timeout -s KILL`).
 */
const WRAPPERS: Readonly<Record<string, ReadonlySet<string>>> = {
  sudo: new Set(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"]),
  doas: new Set(["-u", "-C"]),
  env: new Set(["-u", "-C", "-S"]),
  nice: new Set(["-n"]),
  ionice: new Set(["-c", "-n", "-p"]),
  timeout: new Set(["-s", "-k"]),
  stdbuf: new Set(["-i", "-o", "-e"]),
  nohup: new Set(),
  time: new Set(["-f", "-o"]),
  exec: new Set(["-a"]),
  command: new Set(),
  setsid: new Set(),
};

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * Index of the program word of a simple command: after leading `NAME=value` assignments and after wrappers
 * such as `sudo`, `env`, `nice` or `timeout` and their options. Undefined when there is none.
 */
export function programIndex(words: readonly ShellWord[]): number | undefined {
  let i = 0;
  while (i < words.length && ASSIGNMENT.test(words[i].raw)) i++;
  while (i < words.length && Object.hasOwn(WRAPPERS, words[i].text)) {
    const wrapper = words[i].text;
    const withValue = WRAPPERS[wrapper];
    i++;
    while (i < words.length && (words[i].text.startsWith("-") || (wrapper === "env" && ASSIGNMENT.test(words[i].raw)))) {
      const opt = words[i].text;
      i++;
      if (opt === "--") break;
      if (withValue.has(opt) && i < words.length) i++;
    }
    // `timeout 10 cmd`: a duration before the command
    if (wrapper === "timeout" && i < words.length && /^\d+(\.\d+)?[smhd]?$/.test(words[i].text)) i++;
  }
  return i < words.length ? i : undefined;
}

/** The last path component of a program name (`/usr/bin/tar` → `tar`; Windows separators too). */
export function basename(program: string): string {
  const parts = program.split(/[\\/]/);
  return parts[parts.length - 1];
}

/** POSIX and common shell builtins: a shell runs these itself, without a `PATH` lookup. */
export const SHELL_BUILTINS: ReadonlySet<string> = new Set([
  "cd", "echo", "export", "set", "unset", "exit", "true", "false", "test", "[", "[[", "source", ".", ":",
  "alias", "read", "eval", "printf", "ulimit", "umask", "wait", "trap", "type", "shift", "return", "break",
  "continue", "pwd", "hash", "readonly", "local", "declare", "let", "pushd", "popd", "dirs", "jobs", "fg",
  "bg", "kill", "times", "getopts", "builtin", "if", "then", "else", "elif", "fi", "for", "while", "until",
  "do", "done", "case", "esac", "function", "{", "}", "!",
]);
