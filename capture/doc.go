// Package capture reads packets from capture files (pcap, pcapng, gzip, zstd, stdin)
// and live interfaces (AF_PACKET TPACKET_V3, pure Go), builds and parses BPF
// filters, and decodes link layers (Ethernet, 802.1Q/QinQ and deeper stacks,
// Linux SLL/SLL2, BSD loopback/NULL, raw IPv4/IPv6) down to TCP segments,
// reassembling IPv4 fragments and taking off remote-mirror encapsulations
// (GRE, ERSPAN II, VXLAN). It imports no other shadowtap package and
// nothing that needs cgo.
//
// The pieces:
//
//   - OpenFiles returns a Source over capture files read in order; OpenLive a
//     Source over an interface. Errors reading a file are *CaptureError (file,
//     packet number, byte offset) wrapping ErrTruncated, ErrCorrupt,
//     ErrTooLarge, ErrBadMagic or ErrEmpty.
//   - Decoder turns frames into Segments without allocating per packet and
//     counts what it skips in DecodeStats (counters, never logs).
//   - Filter is the structured --port/--host/--net/--vlan filter: Match for
//     decoded segments, BPF/LiveBPF for the kernel; ParseBPF reads
//     `tcpdump -ddd` output.
//
// Ownership: bytes handed out by a Source or held in a Segment are valid
// only until the next ReadPacket or Decode call: copy what must outlive it.
// Live.ReadPacket copies each frame out of the kernel ring, so closing a
// Live never invalidates memory a caller holds.
//
// Memory caps: a file source holds one read buffer of ReadBufferSize (4 MiB;
// twice for gzip or zstd input, plus a zstd window of at most MaxZstdWindow)
// and refuses records over MaxFrameSize (1 MiB); IPv4
// reassembly is bounded by DecoderOptions (datagrams, bytes, packet-time
// timeout); a live ring is BlockSize×NumBlocks (64 MiB by default).
//
// Concurrency: a Source and a Decoder belong to one goroutine, except that
// Live.Close and Live.Stats may be called from any goroutine.
package capture
