// Package storage keeps the shadowtap inventory in a bbolt database file.
//
// It owns the on-disk layout: five buckets (meta, hosts, captures, stats,
// emitted) and a sixth, sinks, created on first use; a schema version with a
// table of migrations, the record of ingested captures, cumulative run
// counters, the set of findings already emitted (to at least one sink) and,
// per sink, the findings that sink accepted (RegisterSinks, MarkSinkEmitted,
// SinkEmittedSet), and a seventh, aux, also created on first use, with one
// nested bucket per name of opaque records kept for packages later in the
// flow (AuxUpdate, AuxView: the fleet's spool and per-sensor state). SetSalt
// gives a database without hosts a salt shared with others (a fleet).
// Files of earlier builds have no sinks bucket: their
// emitted record went to every sink, and the first RegisterSinks hands it to
// each sink configured then. Host inventories are opaque, versioned blobs
// produced by the inventory package (one per host); storage never decodes
// them and imports no other shadowtap package (so neither inventory, diff
// nor the CLI).
//
// # Files and errors
//
// Open takes the file lock itself (default wait 1 s) and, before bbolt maps
// the file, checks it cheaply with plain reads: both meta pages (magic
// 0xED0CDAED, format version 2, a sane page size, checksum), the file size
// against the high-water mark, and a walk of every reachable B+tree page
// (page ids, types, element bounds). bbolt trusts its file and can panic or
// fault on damaged pages; this check keeps such files away from it, and every
// call into bbolt runs under recover with debug.SetPanicOnFault, so damage
// found later is reported as ErrCorrupt instead of crashing the process.
// Errors are sentinel-matched with errors.Is: ErrLocked (*LockedError),
// ErrCorrupt (*CorruptError), ErrNewerSchema (*SchemaError),
// ErrNeedsMigration, ErrReadOnly, ErrClosed, ErrInvalidBatch.
//
// # Writes and durability
//
// Every commit is one bbolt Update with fsync on (NoFreelistSync and the map
// freelist for speed, at the cost of a freelist rebuild scan on open). A DB
// is meant to have one writer: the Writer goroutine returned by StartWriter
// merges submitted batches (the newest blob per host supersedes older pending
// ones, counters add up) and commits them one Update at a time, so Submit
// never waits for the disk. bbolt's DB.Batch is never used.
//
// # Ownership and concurrency
//
// Blob slices handed to Commit belong to storage until it returns; those
// handed to Writer.Submit are kept until committed: never modify a blob
// after submitting it (the maps themselves may be reused). Byte
// slices and maps returned by reads are copies owned by the caller. A DB is
// safe for concurrent use by multiple goroutines: reads run in short View
// transactions beside the single writer.
//
// # Privacy
//
// storage stores what it is given: host blobs that, by the inventory's
// contract, hold only kinds, shapes, counts and salted fingerprints; capture
// file names, sizes and content hashes; counter values; finding ids; sink
// keys (the caller's opaque names for its sinks) with delivery times.
package storage
