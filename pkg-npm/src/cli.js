#!/usr/bin/env node
// The package's `nexuscone` command (bundled into dist/cli.cjs): `verify FILE
// [--keys K] [--json]`, `canonical` and `root FILE [--size N]`, with the Rust CLI's
// output and exit codes (0 valid, 1 verification failed, 2 unreadable input or bad
// usage). It only reads files and prints: formats, key files, line splitting and
// every line of text come from core through wasm (wasm/src/command.rs, built into its
// own module, dist/wasm-bin/, which browsers never download).
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { anchorProofsSync } from './anchors-node.js';
import { initSync, VerifyCommand, canonicalCommand, ioErrorCommand, rootCommand } from './wasm-bin/nexuscone_bin.js';

const USAGE = `Usage: nexuscone verify FILE [--keys KEYS.json] [--json]
       nexuscone root FILE [--size N]
       nexuscone canonical < JSON
Verify Nexuscone audit ledgers (.sqlite/.db, .jsonl, bundle .json) offline.
Exit codes: 0 valid, 1 verification failed, 2 unreadable input or bad usage.
`;

class UsageError extends Error {}

// argv -> { command, file, options }; `flags` names the options that take a value.
function parseArgs(argv, spec) {
  const [command, ...rest] = argv;
  const allowed = spec[command];
  if (!allowed) throw new UsageError(command ? `unrecognized subcommand '${command}'` : 'a subcommand is required');
  const options = {};
  const positional = [];
  for (let i = 0; i < rest.length; i += 1) {
    const [flag, inline] = rest[i].startsWith('--') ? rest[i].split(/=(.*)/s) : [null];
    if (flag === null) positional.push(rest[i]);
    else if (!(flag.slice(2) in allowed)) throw new UsageError(`unexpected argument '${flag}'`);
    else if (!allowed[flag.slice(2)]) options[flag.slice(2)] = true;
    else if (inline !== undefined) options[flag.slice(2)] = inline;
    else if (i + 1 < rest.length) options[flag.slice(2)] = rest[(i += 1)];
    else throw new UsageError(`a value is required for '${flag}'`);
  }
  if (positional.length !== allowed.$files) throw new UsageError(`${command} takes ${allowed.$files} file argument(s)`);
  return { command, file: positional[0], options };
}

const spec = {
  verify: { $files: 1, keys: true, json: false },
  root: { $files: 1, size: true },
  canonical: { $files: 0 },
};

function readOrFail(path, shown = path) {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`${shown}: cannot read: ${e.message}`, { cause: 'io' });
  }
}

// The Rust CLI's answer (core's sentence and error object) for a file that cannot be
// opened or read; Node's errno is the negated OS error number on Linux.
function ioAnswer(file, action, error) {
  const errno = Number.isInteger(error.errno) ? -error.errno : undefined;
  return ioErrorCommand(file, action, errno, error.message);
}

// With `--json`, an error's object on stdout, as the Rust CLI prints it.
function withJsonError(answer, options) {
  if (answer.error && options.json === true) answer.stdout = `${JSON.stringify({ error: answer.error }, null, 2)}\n`;
  return answer;
}

// The file in 1 MiB chunks; a progress line on stderr when it is a terminal.
function verify(file, options) {
  const keys = options.keys === undefined ? undefined : readOrFail(options.keys);
  let proofs;
  // Anchor rows go to the second module, loaded on the first anchor (node.js).
  const tracks = (row, head) => (proofs ??= new (anchorProofsSync())(undefined, '', undefined, '')).tracks(row, head);
  const command = new VerifyCommand(file, keys, options.keys ?? '', options.json === true, tracks);
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    command.free();
    return withJsonError(ioAnswer(file, 'cannot open', e), options);
  }
  const total = fstatSync(fd).size;
  const chunk = Buffer.allocUnsafe(1 << 20);
  const progress = process.stderr.isTTY ? progressLine(total) : () => {};
  try {
    for (let read = 0, n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; read += n) {
      if (!command.push(chunk.subarray(0, n))) break;
      progress(read + n, command.entries);
    }
  } catch (e) {
    // A directory opens on Linux and fails on the first read (EISDIR).
    command.free();
    return withJsonError(ioAnswer(file, 'cannot read', e), options);
  } finally {
    closeSync(fd);
    progress(null);
  }
  const answer = command.finish();
  command.free();
  if (answer.report) answer.stdout = `${JSON.stringify(answer.report, null, 2)}\n`;
  return withJsonError(answer, options);
}

function progressLine(total) {
  let shown = 0;
  return (bytes, entries) => {
    if (bytes === null) {
      if (shown) process.stderr.write('\r\x1b[K');
      return;
    }
    const now = Date.now();
    if (now - shown < 500) return;
    shown = now;
    const mb = (n) => (n / 1048576).toFixed(1);
    process.stderr.write(`\r\x1b[Kverifying · ${entries} entries · ${mb(bytes)} of ${mb(total)} MB`);
  };
}

function run(argv) {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) return { stdout: USAGE, stderr: '', code: 0 };
  const { command, file, options } = parseArgs(argv, spec);
  if (command === 'verify') return verify(file, options);
  if (command === 'canonical') return canonicalCommand(readOrFail(0, 'stdin'));
  if (options.size !== undefined && !/^\d+$/.test(options.size)) throw new UsageError(`invalid value '${options.size}' for '--size'`);
  return rootCommand(readOrFail(file), file, options.size === undefined ? undefined : Number(options.size));
}

function main() {
  let answer;
  try {
    answer = run(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    answer = { stdout: '', stderr: `error: ${e.message}\n${e.cause === 'io' ? '' : USAGE}`, code: 2 };
  }
  process.stdout.write(answer.stdout);
  process.stderr.write(answer.stderr);
  process.exitCode = answer.code;
}

initSync({ module: readFileSync(new URL('./wasm-bin/nexuscone_bin_bg.wasm', import.meta.url)) });
main();
