// Package reassembly turns TCP segments into HTTP/1.x exchanges: flow state
// (gopacket's reassembly, sharded by flow hash), a per-direction HTTP framer
// that survives loss, and request/response pairing. It imports capture only.
//
// Bytes passed to stream callbacks are valid only during the call; an
// Exchange handed downstream owns its memory.
package reassembly
