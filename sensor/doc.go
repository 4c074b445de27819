// Package sensor is the always-on sensor behind `shadowtap run`: live capture
// through AF_PACKET, reassembly, an in-memory inventory committed to bbolt
// every few seconds, findings re-evaluated against the loaded specs after
// each commit and emitted once (across restarts) to sinks (NDJSON, webhook,
// syslog CEF), and a small HTTP API (endpoints, findings, stats, Prometheus
// metrics, health) that other shadowtap commands query while the sensor
// holds the database lock.
//
// It owns the Run loop, the sinks, the API handler and its client side, the
// discovery file written beside the database, and the YAML config file. It
// imports capture, reassembly, inventory, storage and diff; nothing but the
// CLI imports it.
//
// Concurrency: capture and reassembly run on their own goroutines (the
// reassembly engine shards flows across cores); exchanges are observed into
// the inventory on one goroutine under a mutex that the API takes briefly to
// copy endpoints. Commits, diffing and sink delivery run on a separate
// commit goroutine, so a slow database or sink never stalls capture. Sinks
// that talk to the network queue and deliver on their own goroutine.
package sensor
