// Package reassembly turns TCP segments into HTTP/1.x and cleartext HTTP/2
// exchanges: flow state
// (gopacket's reassembly, sharded by a symmetric flow hash), a per-direction
// HTTP framer that survives loss, and request/response pairing. It imports
// capture only (and never gopacket's tcpassembly, whose flags clash).
//
// # What it owns
//
//   - Engine: Feed copies each segment into a per-shard batch; Config.Shards
//     goroutines each run one gopacket Assembler and StreamPool per VLAN
//     stack (gopacket keys connections by addresses and ports only, so
//     VLANs get separate pools). In-order segments of an established
//     connection with nothing buffered bypass the Assembler (fastpath.go:
//     the shard's own connection table, gopacket's state caught up before
//     it sees anything else of the connection); the exchanges are the same
//     byte for byte. Connections already open when the capture
//     started are picked up (forced start). Idle flows are flushed by
//     packet time for files, wall time when Config.Live is set; data waiting
//     behind a hole is pushed through as soon as the peer ACKs past the hole
//     (the bytes were lost by the capture, not reordered), else after
//     GapTimeout. Such flushes visit every connection of the shard, so they
//     are coalesced: at most one per 50 ms of packet time and per 1/16 of
//     the shard's connections in segments (with 200k half-open connections
//     a flush per triggering segment cost 4× the CPU of the whole run).
//   - The flow table: a connection is keyed by VLAN stack, addresses and
//     ports. At MaxFlows the least recently seen half-open connection (no
//     payload yet) is closed out to make room (weird tcp_half_open_evicted),
//     so a SYN flood cannot lock real connections out; only when none is
//     left is a new connection refused (FlowsDropped). A new SYN (another
//     initial sequence number) on a tracked 4-tuple, or data far outside the
//     tracked connection's window or past its FIN (a new connection picked
//     up mid-stream), closes out the tracked connection, emitting what it
//     had, and starts a new one (weird tcp_connection_reused), when the
//     tracked one is finished (a FIN or RST seen) or idle (silent for 1 s,
//     or no message in flight); else a SYN is ignored, as by the receiver
//     (weird tcp_syn_inside_connection). gopacket cannot drop one
//     connection, so it is closed out by assembling an RST at each open
//     direction's next sequence number, between two segments.
//   - The framer (per direction, non-blocking, inside ReassembledSG, no
//     goroutine per connection): start line, header block (capped, parsed
//     by our own parser into http.Header with canonical names), body framed
//     by Content-Length, chunked (with trailers) or connection close, as
//     net/http decides; conflicting framing counts a weird. Bodies are kept
//     as captured (still content-encoded) up to MaxBodyBytes (more input
//     for encoded ones) and decoded on demand (gzip, deflate, br) within
//     that cap by Exchange.DecodedRequestBody/DecodedResponseBody.
//   - Pairing: a bounded FIFO of requests per connection (HEAD, 1xx, 204,
//     304 have no body; 1xx other than 101 are not paired; 101 and CONNECT
//     2xx end HTTP/1 parsing of the connection), realigned by TCP numbers
//     when a message was lost: a response starts at the sequence number its
//     request acknowledged (the ACK of the segment carrying the request's
//     first byte, remembered for segments that waited behind a hole), and a
//     response found past the end of the previous one (or past the
//     server's SYN) follows lost bytes, so it does not answer the FIFO head,
//     whose response those bytes started: the head goes unanswered rather
//     than take another request's status. Client and server are told apart
//     by content.
//   - Loss: a gap inside a body of known length is counted and skipped;
//     elsewhere the message ends (FlagGap) and that direction resynchronises
//     at the next request or status line. Every byte not parsed is counted
//     (Stats.SkippedBytes, Stats.GapBytes).
//   - Oversized input is counted, cut and skipped, never a reason to give
//     up a connection (servers accept far more than our caps: Go 1 MiB of
//     headers). A start line over 8 KiB (at most MaxHeaderBytes/2) keeps
//     its first part (FlagTruncated, weird http_start_line_too_long), the
//     rest is skipped to the line end keeping only its last bytes (the
//     version), up to 1 MiB. A header block over MaxHeaderBytes is
//     recorded from the lines kept (weird http_header_too_large) and
//     skipped to its blank line, as a server would read it rather than
//     looking for a message inside it; its body is then framed from the
//     kept headers, unless a skipped line was Content-Length or
//     Transfer-Encoding (then the direction resynchronises).
//   - HTTP/2 in clear text (h2.go): a client that opens with the HTTP/2
//     preface (prior knowledge), or a 101 answering "Upgrade: h2c", switches
//     the connection to our own frame parser (it must survive gaps and
//     never hold a whole DATA frame) and HPACK decoder, one per direction;
//     so does a connection whose first bytes are HTTP/2 frames (picked up
//     after its preface). Each stream is one Exchange (Proto "HTTP/2.0", Host from
//     :authority, split cookies joined, trailers merged into
//     ResponseHeader, interim 1xx ignored, pushed streams from their
//     PUSH_PROMISE, reset streams FlagTruncated); an upgrade's request is
//     stream 1 and keeps its 101 until its HTTP/2 answer comes. After a gap
//     a direction resyncs on the next plausible frame followed by another
//     (decided in order, so independent of segmentation) and its HPACK
//     table starts over: fields that refer to entries from before are
//     unknown (the block counted in http2_headers_lost, the exchange
//     flagged partial), never decoded against a wrong table. Stats.HTTP2Connections and
//     HTTP2Streams count them.
//
// # Overlapping segments
//
// When a retransmission overlaps sequence numbers already seen with other
// bytes, the first copy wins, and the conflict is counted (weird
// tcp_overlap_conflict). The receiver is what matters (the sensor must parse
// what the server parsed), and first-wins is what it keeps: bytes it has
// taken in are never replaced (every stack trims a segment below RCV.NXT,
// RFC 9293 §3.10.7.4), and bytes queued out of order are kept by Windows and
// mostly by BSD against a later copy (Linux lets a later segment that covers
// a queued one replace it: matching each stack would take target-based
// reassembly, and the sensor does not know the target's OS). gopacket keeps
// the first copy of delivered bytes but lets a later copy replace queued
// ones, so the engine cuts bytes it knows gopacket holds out of a later
// segment before gopacket sees it (up to 8 ranges per direction are
// tracked). Conflicts are found by comparing a retransmission with a hash of
// the last two runs delivered (when it covers one whole) and, for queued
// bytes, with the later copy kept until the first is delivered (16 KiB per
// direction, within MaxPendingBytes).
//
// # Ownership and concurrency
//
// Bytes passed to stream callbacks are valid only during the call; an
// Exchange handed to emit owns its memory (strings share one allocation
// per header block; bodies are copies). Feed and Close belong to one
// goroutine; emit is called from a single goroutine of the engine's, never
// concurrently. Engine.Stats may be called from any goroutine: it reads
// counters the shards publish after every batch (ProcessWithEngine hands
// the engine to a caller that wants them while Process runs). For files the emitted sequence is deterministic (same
// capture and Config, same sequence, whatever the shard scheduling): shard
// streams are merged by completing-packet index (see Engine).
package reassembly
