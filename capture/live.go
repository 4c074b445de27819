package capture

import (
	"time"

	"golang.org/x/net/bpf"
)

// OutgoingMode says whether a live capture drops the PACKET_OUTGOING copies
// of frames (the host's own transmissions).
type OutgoingMode uint8

// Outgoing modes.
const (
	// OutgoingAuto drops outgoing copies on loopback interfaces only, where
	// AF_PACKET sees every frame twice (once outgoing, once incoming); on
	// other interfaces it keeps them (a sensor on a server sees its replies
	// as outgoing).
	OutgoingAuto OutgoingMode = iota
	// OutgoingDrop always drops outgoing copies (a pkt_type BPF prefix).
	OutgoingDrop
	// OutgoingKeep never drops them.
	OutgoingKeep
)

// LiveOptions configure OpenLive. Zero values mean the defaults.
type LiveOptions struct {
	// Snaplen is the most bytes kept of each frame (default 262144).
	Snaplen int
	// Promiscuous puts the interface in promiscuous mode (needed on a mirror
	// port; CAP_NET_ADMIN). The kernel drops the membership when the socket
	// closes.
	Promiscuous bool
	// BPF is a classic BPF program attached to the socket (from Filter.BPF,
	// Filter.LiveBPF or ParseBPF); nil captures everything.
	BPF []bpf.RawInstruction
	// BlockSize and NumBlocks size the TPACKET_V3 ring (defaults 1 MiB and
	// 64: a 64 MiB ring). BlockSize must be a multiple of the page size.
	BlockSize, NumBlocks int
	// BlockTimeout is how long the kernel holds a partly filled block before
	// handing it over (default 10 ms).
	BlockTimeout time.Duration
	// PollTimeout bounds each wait for a block (default 100 ms); Close
	// returns within about this long.
	PollTimeout time.Duration
	// Outgoing selects whether PACKET_OUTGOING copies are dropped (default
	// OutgoingAuto: on loopback only).
	Outgoing OutgoingMode
	// StripVLAN leaves VLAN tags the NIC stripped (rx offload) out of the
	// frame. By default the tag is put back so that Segment.VLAN is right.
	StripVLAN bool
	// FanoutGroup, when non-zero, joins the socket to a PACKET_FANOUT group
	// (hash by flow) with that id, so several sockets share the load.
	FanoutGroup uint16
}

// Live capture defaults.
const (
	DefaultSnaplen      = 262144
	DefaultBlockSize    = 1 << 20
	DefaultNumBlocks    = 64
	DefaultBlockTimeout = 10 * time.Millisecond
	DefaultPollTimeout  = 100 * time.Millisecond
)

// LiveStats are the kernel's counters for a live socket since it opened.
type LiveStats struct {
	// Packets counts frames the kernel passed the filter, Drops those it
	// dropped because the ring was full, QueueFreezes how often the ring
	// froze (TPACKET_V3).
	Packets      uint64 `json:"kernel_packets"`
	Drops        uint64 `json:"kernel_drops"`
	QueueFreezes uint64 `json:"kernel_queue_freezes"`
	// Unfiltered counts frames queued in the ring before the BPF program
	// was attached (so not filtered), dropped by ReadPacket.
	Unfiltered uint64 `json:"unfiltered_dropped"`
}

// outgoingPrefix returns prog with a prefix that drops PACKET_OUTGOING
// frames (skb->pkt_type == 4); an empty prog becomes "accept all".
func outgoingPrefix(prog []bpf.RawInstruction) ([]bpf.RawInstruction, error) {
	pre, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadExtension{Num: bpf.ExtType},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 4 /* PACKET_OUTGOING */, SkipFalse: 1},
		bpf.RetConstant{Val: 0},
	})
	if err != nil {
		return nil, err
	}
	if len(prog) == 0 {
		acc, _ := bpf.Assemble([]bpf.Instruction{bpf.RetConstant{Val: BPFAccept}})
		prog = acc
	}
	if len(pre)+len(prog) > bpfMaxInstructions {
		return nil, errFilterTooLarge
	}
	return append(pre, prog...), nil
}

// LiveBPF compiles the filter for a live socket: like BPF, but a VLAN filter
// also matches a tag the NIC stripped into packet metadata (rx VLAN
// offload). The program uses kernel extensions that bpf.NewVM cannot run.
func (f Filter) LiveBPF() ([]bpf.RawInstruction, error) {
	return f.compile(true)
}

// Both sources implement Source.
var (
	_ Source = (*Files)(nil)
	_ Source = (*Live)(nil)
)
