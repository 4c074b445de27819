// Package capture reads packets from capture files (pcap, pcapng, gzip, stdin)
// and live interfaces (AF_PACKET, pure Go), applies BPF filters, and decodes
// link layers (Ethernet, 802.1Q/QinQ, Linux SLL/SLL2, loopback, raw IP) down
// to TCP segments. It imports no other shadowtap package.
//
// Bytes handed out by a Source or held in a Segment are valid only until the
// next read or decode: copy what must outlive the call. A Source and a Decoder
// belong to one goroutine.
package capture
