// Package sensor is the always-on sensor behind `shadowtap run`: live capture
// through AF_PACKET, reassembly, an in-memory inventory committed to bbolt
// every few seconds, findings re-evaluated against the loaded specs after
// each commit and delivered to sinks (NDJSON, webhook, syslog CEF) at least
// once each, and not again once a sink accepted them (across restarts), their
// resolution delivered likewise when they stop being current, and
// a small HTTP API (endpoints, findings, stats, Prometheus metrics, health)
// that other shadowtap commands query while the sensor holds the database
// lock.
//
// It owns the Run loop, the sinks, the API handler and its client side, the
// discovery file written beside the database, and the YAML config file. It
// imports capture, reassembly, inventory, storage and diff; only the fleet
// package (which serves its API over a fleet and implements its Publisher
// hook, handed each committed delta) and the CLI import it.
//
// # Run loop
//
// Open validates the Config and acquires everything (token, specs, DB and
// the stored inventory, per-sink delivery records, sinks, capture socket, API
// listener); an error there comes back before anything runs and leaves
// nothing locked. Run then:
//
//   - feeds the capture through reassembly.Process (flows sharded over
//     Reassembly.Shards goroutines, one per core by default); exchanges come
//     back on one goroutine and are observed into the inventory under a
//     mutex;
//   - every CommitInterval marshals the dirty hosts and commits them
//     (storage's DB.Commit: one fsynced transaction), then, if the commit
//     held, runs diff.Diff when the inventory or the specs changed, and
//     offers each sink the current findings that sink has not accepted and
//     does not hold in flight, and the resolutions of those it accepted
//     that are no longer current (see Emission). A failed commit is counted
//     (commit_errors) and warned about on stderr with its error; it keeps
//     its hosts for the next one and emits nothing;
//   - serves the API and writes the discovery file (DB + ".sensor.json").
//
// "unused" findings (documented operations never seen) are held back from
// the sinks for UnusedAfter (1 h by default): right after a start every
// operation is unused. The API serves them at all times.
//
// # Emission
//
// Delivery is tracked per sink, under a stable identity: its type and a
// digest of its target (NDJSON file by absolute path, or stdout; webhook
// URL; syslog network and address; not the headers), so it survives
// restarts and reloads that keep the sink. A finding counts as emitted to a
// sink only once that sink accepted it (AckSink): the NDJSON batch written
// and, for a file, fsynced; the webhook POST answered 2xx; the syslog
// message written to the socket. The accepted ids are then recorded in
// storage (MarkSinkEmitted; ids and times, no finding values). What a sink
// refused or could not take (an error, a full webhook queue, an instance
// closed by a reload or the shutdown) stays pending for that sink alone and
// is offered again at every later commit, and after a restart from the
// stored record; the webhook still retries each batch with its backoff
// first. So delivery is at least once per sink: a crash between acceptance
// and the record sends a finding again. One failing sink neither blocks nor
// marks the others; a sink call that hangs is left to finish while the
// commits go on (the sink is not called again until it returned). Only
// current findings are offered: one that stopped being current (a spec
// reload documented it) before a sink accepted it is not sent to that sink.
//
// A finding a sink accepted that stops being current (an unused operation
// gets called, a spec documents a shadow endpoint, a reload changes the
// specs...) is resolved to that sink: an Event with the same id, status
// "resolved" and resolved_at (when the sensor first saw it gone), delivered
// at least once like a finding: retried at later commits and after a
// restart if refused, and sent only to the sinks that had accepted the
// finding. Once a sink accepts the resolution its record forgets the
// finding (ForgetSinkEmitted): if the finding comes back it is delivered
// again, as open. "Current" means in the last evaluation, held back or not:
// an unused finding a sink got before a restart is not resolved by the
// UnusedAfter hold. A resolution carries the finding's values when the
// sensor saw it current since its start; one that went away while the
// sensor was stopped (or a record inherited from an earlier build) is
// resolved by id alone, as the database keeps no finding values. A Sink
// that is not an EventSink is sent no resolutions; its record forgets the
// finding all the same.
//
// A sink configured for the first time (or whose target changed) is offered
// the findings current at its first commit, not the history. A database
// written by an earlier build holds one global emitted record: it counts as
// emitted to every sink of the first run with sinks after the upgrade.
// Stats.Detail has sinkN.pending per configured sink and sinks.pending in
// all (findings and resolutions not accepted yet); /metrics exports them as
// shadowtap_sink_pending{sink="N"} and shadowtap_sinks_pending.
//
// # Shutdown and reload
//
// When ctx is done (the CLI cancels it on SIGINT/SIGTERM) Run stops capture
// (the processing loop takes ctx, and capture.Live.Close makes the reader
// return within its poll timeout), reassembly flushes every flow, the last
// commit and emission run, sinks flush, the API stops, the discovery file
// is removed and the DB closed, all within ShutdownTimeout (default 10 s;
// at most half of it for capture to stop, the last emission and the sinks'
// flush until three quarters, a webhook also within a quarter, an eighth
// for the API) plus the final commit. Sinks are called with a context of
// their own that ends when the shutdown gives up on them, not at the
// signal, so that the last findings still go out; a webhook gives up a
// batch (and the POST in flight) whose context is done. Every goroutine Run
// started has ended when it returns, but for a capture source or sink call
// that ignores both Close and its context: that one is named on stderr and
// left behind, and what it does later reaches neither the database nor the
// delivery records. What the sinks accepted while flushing is recorded; a
// sink left with pending findings is named on stderr, and they are offered
// at the next start. Run returns nil then: exit 0. If capture itself fails
// Run shuts down the same way and returns the error.
//
// With Config.Reload set, SIGHUP re-reads the configuration: specs, sinks,
// the commit interval and UnusedAfter are swapped in (all loaded first; on
// any error the old ones stay), the inventory and the delivery records
// are kept, and settings that need a restart are named on stderr. Without
// Reload, SIGHUP re-reads the same spec files and reopens the sinks. A sink
// that stays configured keeps its delivery record; what its closed instance
// still held is offered to the new one.
//
// # API
//
// NewAPIHandler serves GET /api/v1/endpoints (JSON array of
// inventory.Endpoint as of the last commit, at most CommitInterval old —
// the list the findings were computed from; serving it never takes the
// lock capture waits on; filters host, method, path glob, unauthenticated,
// since — see EndpointFilter), /api/v1/noise (JSON array of
// inventory.Noise as of the last commit, likewise), /api/v1/tls (JSON array
// of inventory.TLSService, likewise), /api/v1/findings (JSON
// array of diff.Finding; filters kind, severity, host), /api/v1/stats
// (Stats), /metrics (Prometheus: shadowtap_* plus Go and process
// collectors) and /healthz. It listens on 127.0.0.1:7780 by default; any
// non-loopback address needs a bearer token (APITokenFile), compared in
// constant time, and Open refuses to start without one (ErrTokenRequired).
// The address actually bound decides, not the name given: "localhost"
// bound elsewhere needs the token. A token file its group or others may
// access is warned about at start. The server serves at most APIMaxConns
// connections at once (256 by default; more wait in the accept queue) and
// times out idle connections and writes after a minute.
//
// Other commands find a running sensor with ReadDiscovery(db) and query it
// with QueryEndpoints, QueryNoise, QueryFindings and QueryStats (bbolt lets
// only one process open the file, even read-only). `shadowtap diff --db DB`
// should query the endpoints and run diff.Diff locally with its own --spec
// files.
//
// # Sinks
//
// Sinks deliver Events: a finding with "status" ("open" or "resolved") and,
// for a resolution, "resolved_at". NDJSON (stdout or a file, one event per
// line: the finding as `shadowtap diff --format ndjson` prints it plus the
// status fields), webhook (WebhookPayload POSTed as JSON from the sink's
// own goroutine, events in its findings array; bounded queue, exponential
// backoff with jitter on network errors, 5xx, 408 and 429, Retry-After
// honoured; a full queue refuses and counts, it never blocks, and the
// refused findings are offered again), and syslog (RFC 5424 over udp, tcp
// or a unix socket, carrying a CEF:0 event; a resolution has the signature
// id KIND:resolved, the name suffix " (resolved)" and cs5=resolved; see
// FormatCEFEvent; after a failed reconnect the rest of a batch waits for
// the next commit).
//
// # Memory
//
// Bounded by the reassembly caps (Reassembly: flows, buffered bytes, header
// and body sizes, pending requests), the inventory caps (hosts, endpoints
// per host and in all, trie nodes, examples; InventoryCaps overrides the
// first two), the webhook queue (256 batches), and the sensor's own state:
// the current findings and the delivery records (accepted ids per sink,
// pending and in-flight ids; the values of accepted findings no longer
// current until resolved), bounded by the endpoint caps times the sinks
// configured, the endpoint and noise lists of the last commit
// (bounded by the inventory caps), and the API's connections
// (APIMaxConns). storage keeps the records of up to
// storage.MaxRetiredSinks sinks no longer configured. Reaching a cap is
// counted (Stats, /metrics) and never a crash.
//
// # Privacy
//
// The sensor stores and sends only what the inventory and diff produce:
// kinds, shapes, counts and salted fingerprints, never credential or
// payload values. The discovery file holds the API address and pid, never
// the token.
package sensor
