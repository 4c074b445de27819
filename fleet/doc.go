// Package fleet runs many sensors as one: each `shadowtap run --publish`
// sensor publishes its committed inventory deltas to a NATS JetStream
// stream, and `shadowtap collect` merges them into one central inventory,
// evaluates findings over the whole fleet and serves the sensor API over
// it, with which sensors saw each endpoint and each sensor's health.
//
// It owns the delta wire format, the publisher (sensor side: sequence,
// spool, catch-up), the collector (durable consumer, idempotent merge,
// central state) and the NATS setup (connection options, stream, consumer,
// the fleet's salt in a KV bucket). It comes after sensor in the data flow:
// it imports sensor (the Publisher hook, the API handler), storage,
// inventory and diff; only the CLI imports it.
//
// # Deltas
//
// At each commit the sensor hands the blobs of the hosts it just committed
// (inventory.MarshalHost: the sensor's whole state for the host) to the
// Publisher. A message carries a versioned, zstd-compressed encoding of:
// sensor id, incarnation, per-sensor sequence, time, the sensor's
// cumulative counters and the host blobs (see Delta). Its Nats-Msg-Id is
// sensor:incarnation:seq, so a retry after a lost acknowledgement is
// stored once by JetStream's de-duplication. Blobs hold kinds, shapes,
// counts and salted fingerprints only, never credential or payload values.
//
// # Merge
//
// The collector keeps, per (sensor, host), the newest blob by
// (incarnation, seq) in its database (bucket fleet.blobs), and a host's
// central state is a fresh inventory into which every sensor's blob for
// that host is loaded (LoadHost merges: counts add, sketches and tries
// merge). A delta applied twice, or an older one after a newer one, is
// ignored per host, so redeliveries and any delivery order give the same
// inventory. Messages are acknowledged after the batch is committed
// (fsynced); a collector killed before acknowledging gets them again.
//
// # Salt
//
// Fingerprints are salted per database; blobs merge only when made with
// the same salt. The fleet's salt lives in the KV bucket STREAM_FLEET under
// "salt": the first sensor or collector stores its database's salt there
// (an atomic create), every other one adopts it into its database, which
// is refused (ErrSaltMismatch) for a database already holding hosts made
// with another salt.
//
// # Spool
//
// The publisher keeps the names of the hosts committed but not yet
// acknowledged in the sensor's database (bucket fleet.spool) with their
// blobs in memory; the spool is at most one entry per stored host, so it
// is bounded by the inventory's host cap (--max-hosts), whatever the
// outage's length. While NATS is unreachable capture and commits go on;
// on reconnection the latest blob of each spooled host is published under
// new sequence numbers. A starting sensor republishes its whole inventory
// once (unless NoResync).
//
// # Availability
//
// Collectors do not share work: each has its own durable consumer (its
// name) and its own database, gets every delta and holds the full
// inventory, so several collectors are independent active replicas behind
// any load balancer. A queue group would split the deltas between them and
// leave each with a partial inventory; the merge is cheap and idempotent,
// so full replication costs little and needs no failover protocol.
package fleet
