// Package storage keeps the inventory in a bbolt database: one writer
// goroutine committing batched transactions, a schema version with
// migrations, and a record of ingested captures. It imports inventory and the
// packages before it, never diff or the CLI.
package storage
