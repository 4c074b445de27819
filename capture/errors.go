package capture

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by a *CaptureError. Callers branch on them with
// errors.Is.
var (
	// ErrTruncated: the file ends inside a header, record or block.
	ErrTruncated = errors.New("capture: file truncated")
	// ErrEmpty: the file holds no bytes at all.
	ErrEmpty = errors.New("capture: empty file")
	// ErrBadMagic: the file is neither pcap nor pcapng (nor gzip or zstd of either).
	ErrBadMagic = errors.New("capture: not a pcap or pcapng file")
	// ErrCorrupt: a header, record or block is malformed (impossible
	// length, unknown interface, bad timestamp resolution ...).
	ErrCorrupt = errors.New("capture: corrupt capture")
	// ErrTooLarge: a record or block is larger than MaxFrameSize allows.
	ErrTooLarge = errors.New("capture: record too large")
	// ErrClosed: the source was closed.
	ErrClosed = errors.New("capture: source closed")
)

// CaptureError is a failure to read a capture file (or live interface). It
// names the file, the 1-based number of the packet that could not be read
// (the count of good packets before it plus one) and the byte offset of the
// record or block that failed. For compressed files the offset is in
// the decompressed stream.
type CaptureError struct {
	File           string
	Packet, Offset int64 // packet number; byte offset in the file
	Err            error
}

// Error implements error.
func (e *CaptureError) Error() string {
	return fmt.Sprintf("%s: packet %d at offset %d: %v", e.File, e.Packet, e.Offset, e.Err)
}

// Unwrap returns the underlying error.
func (e *CaptureError) Unwrap() error { return e.Err }
