// The last step of the minifier pass (minify-script.mjs): the script's top-level statements put in
// the order that gzip packs best. gzip finds a repeat cheaper the nearer it is, and the order the
// bundler leaves (module after module, as they are imported) does not put alike code together:
// on dist/pimms.js this order is about 45 B gzip smaller. What moves is only what may: function
// declarations, which are hoisted, and declarations whose values are plain literals, all before
// the first statement that runs anything; so the script does exactly what it did. The order is
// searched with pako, a pure JavaScript deflate that packs like GNU gzip -9 (what the size is
// measured with) and gives the same bytes on every machine: the build stays reproducible.
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { parse } from 'acorn';
import pako from 'pako';

/**
 * Puts the movable top-level statements of a script that is one immediately called function
 * (`(()=>{...})()`, as esbuild's IIFE format and terser leave it) in the order of the smallest
 * gzip, found by moving one statement at a time while that shrinks it. Any other script comes back
 * as it is.
 *
 * @param {string} code - The minified script.
 * @param {object} [map] - Its source map (version 3, as an object), to get one of the result.
 * @returns {{ code: string, map?: object }} The script reordered, and its source map when one was
 *   given.
 * @example
 * orderForGzip('(()=>{function a(){}var b=1;function c(){}a(c)})();').code
 */
export function orderForGzip(code, map) {
  const statements = movableStatements(code);
  if (statements.length < 2) return { code, map };
  const start = statements[0].start;
  const end = statements[statements.length - 1].end;
  const texts = statements.map((node) => code.slice(node.start, node.end));
  const assemble = (order) =>
    code.slice(0, start) + order.map((i) => texts[i]).join('') + code.slice(end);
  const size = (order) => pako.deflateRaw(assemble(order), { level: 9 }).length;

  let order = texts.map((_, i) => i);
  let best = size(order);
  // Hill climbing: each statement tried at each other place, kept where gzip shrinks, until a
  // whole sweep finds nothing (three sweeps on dist/pimms.js; each try is a deflate of the file).
  for (let improved = true; improved;) {
    improved = false;
    for (let from = 0; from < order.length; from++)
      for (let to = 0; to < order.length; to++) {
        if (to == from) continue;
        const tried = order.slice();
        tried.splice(to, 0, ...tried.splice(from, 1));
        const triedSize = size(tried);
        if (triedSize < best) [order, best, improved] = [tried, triedSize, true];
      }
  }
  const reordered = assemble(order);
  return { code: reordered, map: map && moveMappings(map, code, reordered, statements, order) };
}

/**
 * The statements of the script's one function that may change places: the longest run from its
 * start of function declarations and declarations of plain literals, but never its last
 * statement (the one that runs the script, in an IIFE).
 */
function movableStatements(code) {
  const program = parse(code, { ecmaVersion: 'latest' });
  const [only] = program.body;
  const call = program.body.length == 1 && only.type == 'ExpressionStatement' && only.expression;
  const fn = call && call.type == 'CallExpression' && call.arguments.length == 0 && call.callee;
  if (!fn || !/^(Arrow)?FunctionExpression$/.test(fn.type) || fn.body.type != 'BlockStatement')
    return [];
  const body = fn.body.body;
  const movable = [];
  for (const node of body.slice(0, -1)) {
    const hoisted = node.type == 'FunctionDeclaration' && !node.async && !node.generator;
    // (Ending in its semicolon, so that it can stand before any other statement.)
    const inert =
      node.type == 'VariableDeclaration' &&
      code[node.end - 1] == ';' &&
      node.declarations.every((d) => !d.init || isPlain(d.init));
    // Minified code has nothing between two statements; anything there would be lost.
    const next = !movable.length || movable[movable.length - 1].end == node.start;
    if (!(hoisted || inert) || !next) break;
    movable.push(node);
  }
  return movable;
}

/**
 * Whether an expression is a plain literal: a string, number, regular expression, template without
 * substitutions, or an array or object of them (keys not computed). It runs no code and reads no
 * binding, so that where it is evaluated makes no difference.
 */
function isPlain(node) {
  switch (node.type) {
    case 'Literal':
      return true;
    case 'TemplateLiteral':
      return node.expressions.length == 0;
    case 'UnaryExpression':
      return /^[-+!~]$/.test(node.operator) && isPlain(node.argument);
    case 'ArrayExpression':
      return node.elements.every((element) => element && isPlain(element));
    case 'ObjectExpression':
      return node.properties.every(
        (p) =>
          p.type == 'Property' && p.kind == 'init' && !p.computed && !p.method && isPlain(p.value),
      );
    default:
      return false;
  }
}

/**
 * The source map of the reordered script: each mapping moved with the statement it falls in.
 * Positions are turned into offsets and back, so that a script of several lines is handled too.
 */
function moveMappings(map, code, reordered, statements, order) {
  const oldLines = lineStarts(code);
  const newLines = lineStarts(reordered);
  // Where each statement's text starts after the move.
  const newStart = [];
  let at = statements[0].start;
  for (const i of order) {
    newStart[i] = at;
    at += statements[i].end - statements[i].start;
  }
  const moved = [];
  decode(map.mappings).forEach((segments, line) => {
    for (const segment of segments) {
      const offset = oldLines[line] + segment[0];
      const i = statements.findIndex((node) => offset >= node.start && offset < node.end);
      const target = i < 0 ? offset : newStart[i] + offset - statements[i].start;
      let newLine = newLines.length - 1;
      while (newLines[newLine] > target) newLine--;
      (moved[newLine] ||= []).push([target - newLines[newLine], ...segment.slice(1)]);
    }
  });
  const mappings = Array.from(newLines, (_, line) =>
    (moved[line] || []).sort((a, b) => a[0] - b[0]),
  );
  return { ...map, mappings: encode(mappings) };
}

/** The offset of each line's first character. */
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
