// Hex hashes packed for the WebAssembly, shared by api.js and file.js.

const encoder = new TextEncoder();

// Hex hashes cross into wasm as the bytes of their join (one native encode and one
// copy instead of a conversion per hash), or `null` when they are not all strings
// of 64 characters. One byte per character: hex is ASCII, and a non-ASCII character
// leaves zero bytes at the end, which are not hex. (`encodeInto` an array of known
// size is several times faster than `encode` in Chromium.)
export function packHashes(hashes) {
  if (!hashes.every((h) => typeof h === 'string' && h.length === 64)) return null;
  const joined = hashes.join('');
  const hex = new Uint8Array(joined.length);
  encoder.encodeInto(joined, hex);
  return hex;
}
