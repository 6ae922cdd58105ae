#!/usr/bin/env node
// Parses one Bicep file with tree-sitter-bicep (WASM grammar loaded by web-tree-sitter, so no native
// build is needed) and prints its syntax tree as JSON on stdout.
//
//   node tools/bicep/parse.mjs <file.bicep>
//
// Node shape: { type, named, start: [row, column], text?, hasError?, isError?, isMissing?, children? }
// - text is printed for leaves (tokens, string contents, numbers), identifiers and whole string literals;
// - hasError is set on any node whose subtree holds an ERROR or MISSING node;
// - isError marks ERROR nodes, isMissing marks nodes the parser inserted to recover.
// Exit codes: 0 = parsed (the tree may still contain errors: consumers check hasError),
//             2 = usage, 3 = the file cannot be read, 4 = the grammar cannot be loaded.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import process from 'node:process';

const TEXT_TYPES = new Set(['identifier', 'property_identifier', 'type_identifier', 'string']);

function fail(code, message) {
  process.stderr.write(`parse.mjs: ${message}\n`);
  process.exit(code);
}

function toJson(node) {
  const result = {
    type: node.type,
    named: node.isNamed,
    start: [node.startPosition.row + 1, node.startPosition.column + 1],
  };
  if (node.childCount === 0 || TEXT_TYPES.has(node.type)) {
    result.text = node.text;
  }
  if (node.hasError) {
    result.hasError = true;
  }
  if (node.isError) {
    result.isError = true;
  }
  if (node.isMissing) {
    result.isMissing = true;
  }
  if (node.childCount > 0) {
    result.children = node.children.map(toJson);
  }
  return result;
}

async function loadParser() {
  let Parser;
  let Language;
  let wasmPath;
  try {
    ({ Parser, Language } = await import('web-tree-sitter'));
    const require = createRequire(import.meta.url);
    wasmPath = require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm');
  } catch (error) {
    fail(4, `cannot load web-tree-sitter/tree-sitter-bicep (${error.message}). Run: npm ci --prefix tools/bicep`);
  }
  await Parser.init();
  const language = await Language.load(wasmPath);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  fail(2, 'usage: node tools/bicep/parse.mjs <file.bicep>');
}

let source;
try {
  source = await readFile(file, 'utf8');
} catch (error) {
  fail(3, `cannot read '${file}': ${error.code ?? error.message}`);
}

const parser = await loadParser();
const tree = parser.parse(source);
process.stdout.write(JSON.stringify({ file, root: toJson(tree.rootNode) }));
process.stdout.write('\n');
