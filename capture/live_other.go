//go:build !linux

package capture

import (
	"errors"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// errNoLive: live capture needs Linux AF_PACKET.
var errNoLive = errors.New("capture: live capture is supported on Linux only")

// Live is a live capture; on this platform OpenLive always fails.
type Live struct{}

// OpenLive fails: live capture needs Linux AF_PACKET.
func OpenLive(iface string, opts LiveOptions) (*Live, error) { return nil, errNoLive }

// ReadPacket implements Source.
func (l *Live) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	return nil, gopacket.CaptureInfo{}, 0, errNoLive
}

// Close implements Source.
func (l *Live) Close() error { return nil }

// Stats fails on this platform.
func (l *Live) Stats() (LiveStats, error) { return LiveStats{}, errNoLive }

// LinkType is the link type of the frames ReadPacket returns.
func (l *Live) LinkType() layers.LinkType { return layers.LinkTypeEthernet }
