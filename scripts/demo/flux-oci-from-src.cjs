// Lets the demo app import 'flux-oci' and 'flux-oci/cdk8s' by name, as a
// user's app does, from this checkout's src/ (run by ts-node, so no build
// is needed after `npm ci`). The tests map the names the same way (jest
// moduleNameMapper in package.json).
const Module = require('node:module');
const path = require('node:path');

const src = path.join(__dirname, '..', '..', 'src');
const names = { 'flux-oci': path.join(src, 'index.ts'), 'flux-oci/cdk8s': path.join(src, 'cdk8s', 'index.ts') };
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, names[request] ?? request, ...rest);
};
