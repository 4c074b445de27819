// Preloaded (node -r) into Etherpad's server by routes.sh: wraps Express 4's application methods (the express module
// Etherpad itself loads, from the install's node_modules) and appends every route and path-mounted middleware that the
// expressCreateServer hooks register to $EP_ROUTES_OUT, one JSON line each: {kind: get|post|all|use|..., path}.
// Paths may be strings (Express path-to-regexp 0.1 syntax) or RegExps (written with their source).
const fs = require('fs');
const path = require('path');
const out = process.env.EP_ROUTES_OUT;
const A = process.env.EP_APP_DIR;
const express = require(path.join(A, 'node_modules', 'express'));
const app = express.application;
for (const m of ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'all', 'use']) {
  const orig = app[m];
  app[m] = function (...args) {
    if (m === 'get' && args.length === 1) return orig.apply(this, args);   // app.get(setting)
    const p = args[0];
    if (typeof p === 'string' || p instanceof RegExp) {
      fs.appendFileSync(out, JSON.stringify({ kind: m, path: typeof p === 'string' ? p : { regexp: p.source } }) + '\n');
    }
    return orig.apply(this, args);
  };
}
