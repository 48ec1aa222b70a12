// Node.js ES module entry (dist/node.js): the CommonJS build re-exported, so that a
// program that both imports and requires the package shares one WebAssembly instance
// and one set of error classes.
export * from './node.cjs';
