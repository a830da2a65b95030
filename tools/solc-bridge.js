#!/usr/bin/env node
// A native-solc look-alike over the official WebAssembly build (npm `solc`), so that
// py-solc-x, Brownie and Slither can compile where no native solc can be downloaded.
// It speaks the two parts of solc's CLI they use: `--version` and `--standard-json`.
"use strict";

const fs = require("fs");
const path = require("path");

const SOLC_DIR = path.dirname(require.resolve("solc/package.json"));
const PKG_VERSION = require("solc/package.json").version;
// Loading the WebAssembly compiler takes seconds and Brownie asks `--version` many
// times per compile, so the long version string is cached next to the package.
const VERSION_CACHE = path.join(SOLC_DIR, `.long-version-${PKG_VERSION}`);

function longVersion() {
  try {
    return fs.readFileSync(VERSION_CACHE, "utf8").trim();
  } catch (_) {
    const v = require("solc").version();
    try { fs.writeFileSync(VERSION_CACHE, v + "\n"); } catch (_) { /* read-only install */ }
    return v;
  }
}

function readStdin() {
  // fd 0 read to EOF; an empty or closed stdin yields "" rather than blocking forever
  const chunks = [];
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if (e.code === "EAGAIN") continue;
      if (e.code === "EOF") break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

function errorOutput(message) {
  return JSON.stringify({
    errors: [{
      component: "general", errorCode: null, formattedMessage: message,
      message, severity: "error", type: "JSONError",
    }],
  });
}

function parseArgs(argv) {
  const opts = { basePath: null, includePaths: [], allowPaths: [], mode: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes("=") ? a.split(/=(.*)/s, 2) : [a, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case "--version": opts.mode = opts.mode || "version"; break;
      case "--standard-json": opts.mode = "standard-json"; break;
      case "--help": opts.mode = opts.mode || "help"; break;
      case "--base-path": opts.basePath = value(); break;
      case "--include-path": opts.includePaths.push(value()); break;
      case "--allow-paths": opts.allowPaths.push(...value().split(",")); break;
      default:
        return { ...opts, mode: "unsupported", bad: a };
    }
  }
  return opts;
}

function importResolver(opts) {
  const roots = [opts.basePath || process.cwd(), ...opts.includePaths];
  return (importPath) => {
    const candidates = path.isAbsolute(importPath)
      ? [importPath]
      : roots.map((r) => path.resolve(r, importPath));
    for (const file of candidates) {
      try {
        return { contents: fs.readFileSync(file, "utf8") };
      } catch (_) { /* try the next root */ }
    }
    return { error: `File not found: ${importPath} (searched ${candidates.join(", ")})` };
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  switch (opts.mode) {
    case "version":
      process.stdout.write(
        `solc, the solidity compiler commandline interface\nVersion: ${longVersion()}\n`);
      return 0;
    case "help":
      process.stdout.write(
        "solc-bridge: solc-compatible front end of the WebAssembly compiler\n" +
        "Usage: solc --version | solc --standard-json [--base-path P] [--include-path P] " +
        "[--allow-paths P,...] < input.json\n");
      return 0;
    case "standard-json": {
      if (process.stdin.isTTY) {
        // native solc would wait for input forever; nobody is going to type a JSON here
        process.stderr.write("solc-bridge: --standard-json reads its input from stdin (pipe a JSON in)\n");
        return 1;
      }
      const input = readStdin();
      try {
        JSON.parse(input);
      } catch (e) {
        // native solc answers unparsable input with an error JSON and exit 0 as well
        process.stdout.write(errorOutput(`Input JSON is not valid: ${e.message}`) + "\n");
        return 0;
      }
      const solc = require("solc");
      process.stdout.write(solc.compile(input, { import: importResolver(opts) }) + "\n");
      return 0;
    }
    case "unsupported":
      process.stderr.write(
        `solc-bridge: unsupported option ${opts.bad}; only --version and --standard-json ` +
        "are bridged to the WebAssembly compiler\n");
      return 1;
    default:
      process.stderr.write("solc-bridge: no input; use --standard-json or --version\n");
      return 1;
  }
}

process.exitCode = main();
