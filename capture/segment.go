package capture

import (
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// Segment is one decoded TCP segment. It is filled in place by a Decoder and
// aliases the frame it was decoded from: it is valid only until the next
// Decode call on the same Decoder.
type Segment struct {
	// Timestamp is the capture time of the frame.
	Timestamp time.Time
	// CaptureInfo is the frame's capture metadata (timestamp, lengths,
	// interface).
	CaptureInfo gopacket.CaptureInfo
	// VLAN packs the 802.1Q/802.1ad tags seen, outermost first, 12 bits each
	// (outer<<12 | inner for QinQ); 0 when the frame was untagged. Flows are
	// keyed by it as well as by addresses and ports.
	VLAN uint64
	// VLANDepth is the number of VLAN tags seen (VLAN holds at most the
	// innermost 5; a VLAN id 0 tag still counts here).
	VLANDepth uint8
	// Src and Dst are the innermost IP addresses.
	Src, Dst netip.Addr
	// Net is the network-layer flow (src, dst) in gopacket form, as
	// gopacket's reassembly wants it.
	Net gopacket.Flow
	// TCP is the decoded TCP header; TCP.Payload aliases the frame.
	TCP *layers.TCP
	// Tunnel is the VXLAN VNI, GRE key or ERSPAN session id of the
	// encapsulation the segment was taken out of (0 when none, or when the
	// tunnel carries no id).
	Tunnel uint32
	// Truncated is set when the frame was cut by the snap length inside the
	// IP packet: TCP.Payload then holds fewer bytes than were sent.
	Truncated bool
}
