// Package inventory turns HTTP exchanges into an inventory of API endpoints:
// path normalisation and templating, auth and sensitive-data classification,
// body shape inference and per-endpoint aggregation. It imports reassembly
// (for Exchange) and capture only.
//
// It never keeps credential or payload values: only kinds, shapes, counts and
// salted fingerprints.
package inventory
