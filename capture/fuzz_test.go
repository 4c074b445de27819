package capture

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"net/netip"
	"slices"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// Seed corpora live in testdata/fuzz/FuzzX/ (real captures and frames from
// testdata, written by TestWriteFuzzSeeds with -update-seeds); plain go test
// replays them.

// fuzzReadLimit bounds the frames read per input.
const fuzzReadLimit = 10000

// The fuzzer minimises every input that finds new code, at a cost that
// grows with the square of its length: whole captures (up to 114 KiB) kept
// 45 s runs of FuzzOpenFiles and FuzzReader from progressing after a few
// seconds, and 1.5 KiB frames stalled FuzzDecode for 20 s at a time. So the
// inputs are capped and the seeds are captures cut to their first records.
const (
	// maxFuzzCapture holds a file header and a few records or blocks
	// (1 KiB still stalled FuzzOpenFiles for 20 s at a time).
	maxFuzzCapture = 512
	// maxFuzzFrame holds the deepest headers (tunnel, VLAN stack, IPv6
	// extensions) and the 434-byte fragment seeds.
	maxFuzzFrame = 512
)

// cutCapture cuts a pcap or pcapng file after the last record or block that
// ends within limit bytes (at limit if the format is not recognised).
func cutCapture(b []byte, limit int) []byte {
	if len(b) <= limit {
		return b
	}
	var order binary.ByteOrder
	var off, hdr int // first record, bytes of record header before the length-less data
	switch {
	case len(b) >= 12 && bytes.Equal(b[:4], []byte{0x0a, 0x0d, 0x0d, 0x0a}): // pcapng: blocks from 0
		order = binary.BigEndian
		if binary.LittleEndian.Uint32(b[8:]) == 0x1a2b3c4d {
			order = binary.LittleEndian
		}
	case len(b) >= 24: // pcap: a 24-byte header, then 16-byte record headers
		switch m := binary.LittleEndian.Uint32(b); m {
		case 0xa1b2c3d4, 0xa1b23c4d:
			order = binary.LittleEndian
		default:
			order = binary.BigEndian
		}
		off, hdr = 24, 16
	}
	if order == nil {
		return b[:limit]
	}
	end := off
	for off+12 <= len(b) {
		n := int(order.Uint32(b[off+4:])) // pcapng block total length
		if hdr != 0 {
			n = hdr + int(order.Uint32(b[off+8:])) // pcap record: header + included length
		}
		if n <= 0 || off+n > limit {
			break
		}
		off += n
		end = off
	}
	return b[:end]
}

// gzipped compresses b.
func gzipped(b []byte) []byte {
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

// addCaptureSeeds adds each capture cut to maxFuzzCapture, and the first
// gzipped and zstd-compressed (whole, and cut inside the stream).
func addCaptureSeeds(f *testing.F, names []string) {
	for i, name := range names {
		b := cutCapture(mustRead(f, name), maxFuzzCapture)
		f.Add(b)
		if i == 0 {
			for _, z := range [][]byte{gzipped(b), zst(f, b)} {
				f.Add(z)
				f.Add(z[:len(z)/2])
			}
		}
	}
}

func captureNames(lo, hi int) []string {
	var names []string
	for _, tc := range corpusFiles[lo:hi] {
		names = append(names, tc.name)
	}
	return names
}

// FuzzOpenFiles feeds arbitrary bytes as a capture file (through stdin, so
// the whole Files path runs: gzip sniffing, pcap, pcapng). It must not panic,
// every frame must fit the caps, and the only errors are *CaptureError.
func FuzzOpenFiles(f *testing.F) {
	addCaptureSeeds(f, captureNames(0, 4))
	f.Fuzz(func(t *testing.T, b []byte) {
		// A file header and a few records fit in the cap; longer inputs stalled minimisation.
		if len(b) > maxFuzzCapture {
			return
		}
		src, err := openFiles(256<<10, bytes.NewReader(b), "-")
		if err != nil {
			var ce *CaptureError
			if !errors.As(err, &ce) {
				t.Fatalf("open error %T %v is not a *CaptureError", err, err)
			}
			return
		}
		defer src.Close()
		d := NewDecoder(DecoderOptions{MaxFragBytes: 1 << 20})
		var seg Segment
		for range fuzzReadLimit {
			data, ci, link, err := src.ReadPacket()
			if err == io.EOF {
				return
			}
			if err != nil {
				var ce *CaptureError
				if !errors.As(err, &ce) || ce.File != "-" || ce.Offset < 0 || ce.Packet < 1 {
					t.Fatalf("read error %T %v", err, err)
				}
				return
			}
			if len(data) > MaxFrameSize || ci.CaptureLength != len(data) {
				t.Fatalf("frame %d bytes, caplen %d", len(data), ci.CaptureLength)
			}
			d.Decode(data, ci, link, &seg)
			if d.panics != 0 {
				t.Fatalf("decoder panicked on link %v", link)
			}
		}
	})
}

// FuzzReader is FuzzOpenFiles without the Files wrapper, on the raw record
// reader, also checking the reported position.
func FuzzReader(f *testing.F) {
	addCaptureSeeds(f, captureNames(4, len(corpusFiles)))
	f.Fuzz(func(t *testing.T, b []byte) {
		// A file header and a few records fit in the cap; longer inputs stalled minimisation.
		if len(b) > maxFuzzCapture {
			return
		}
		r, err := newFileReader("fuzz", bytes.NewReader(b), nil, 256<<10)
		if err != nil {
			return
		}
		for range fuzzReadLimit {
			before := r.off + int64(r.pending)
			data, _, _, err := r.read()
			if err != nil {
				if err != io.EOF {
					var ce *CaptureError
					if !errors.As(err, &ce) || ce.Offset < before {
						t.Fatalf("error %v at offset before %d", err, before)
					}
				}
				return
			}
			if r.off > int64(len(b)) && r.dec == nil { // not compressed: offsets are file offsets
				t.Fatalf("offset %d past end %d", r.off, len(b))
			}
			if len(data) > MaxFrameSize {
				t.Fatalf("frame %d bytes", len(data))
			}
		}
	})
}

// fuzzLinks are the link types FuzzDecode chooses from.
var fuzzLinks = []layers.LinkType{layers.LinkTypeEthernet, layers.LinkTypeLinuxSLL, layers.LinkTypeLinuxSLL2, layers.LinkTypeNull,
	layers.LinkTypeLoop, layers.LinkTypeRaw, layers.LinkTypeIPv4, layers.LinkTypeIPv6, 12, 14}

// FuzzDecode decodes arbitrary frame bytes with each link type, twice (the
// second pass sees fragment state): no panic, and a returned segment is
// consistent.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases(f) {
		for i, l := range fuzzLinks {
			if l == tc.link {
				f.Add(uint8(i), tc.frame)
			}
		}
	}
	v4 := ipv4TCP(f)
	f.Add(uint8(0), outer(f, layers.IPProtocolUDP, 4789, slices.Concat([]byte{0x08, 0, 0, 0, 0, 0x10, 0x92, 0}, ethHdr(layers.EthernetTypeIPv4), v4)))
	f.Add(uint8(0), outer(f, layers.IPProtocolGRE, 0, slices.Concat(greHdr(layers.EthernetTypeERSPAN, 0, true), []byte{0x10, 0, 0x00, 5, 0, 0, 0, 0}, ethHdr(layers.EthernetTypeIPv4), v4)))
	f.Add(uint8(0), outer(f, layers.IPProtocolGRE, 0, slices.Concat(greHdr(layers.EthernetTypeIPv4, 7, false), v4)))
	for _, fr := range fragments(f, bigIPv4TCP(f, 1, 1200), 400) {
		f.Add(uint8(0), fr)
	}
	f.Fuzz(func(t *testing.T, li uint8, frame []byte) {
		// The deepest header stacks fit in the cap; longer frames stalled minimisation.
		if len(frame) > maxFuzzFrame {
			return
		}
		link := fuzzLinks[int(li)%len(fuzzLinks)]
		d := NewDecoder(DecoderOptions{MaxFragDatagrams: 4, MaxFragBytes: 1 << 18})
		var seg Segment
		for range 2 {
			ok := d.Decode(frame, gopacket.CaptureInfo{CaptureLength: len(frame), Length: len(frame)}, link, &seg)
			if d.panics != 0 {
				t.Fatal("a layer decoder panicked")
			}
			if ok {
				if seg.TCP == nil || !seg.Src.IsValid() || !seg.Dst.IsValid() || seg.Src.Is4() != seg.Dst.Is4() {
					t.Fatalf("inconsistent segment %+v", seg)
				}
				if len(seg.TCP.Payload) > 65535 {
					t.Fatalf("payload %d bytes", len(seg.TCP.Payload))
				}
			}
		}
		if d.Stats.Packets != 2 || d.Stats.TCP > 2 {
			t.Fatalf("stats %+v", d.Stats)
		}
		if d.defrag.bytes > 1<<18 {
			t.Fatalf("defrag holds %d bytes", d.defrag.bytes)
		}
	})
}

// FuzzFilterBPF checks the BPF compiler against Match: for every frame the
// decoder turns into a plain (untunnelled, unfragmented, no IPv6 extension
// header, at most BPFMaxVLANDepth tags) TCP segment, the compiled program
// run in bpf.NewVM and Filter.Match must agree. The filter is made from the
// fuzzer's numbers.
func FuzzFilterBPF(f *testing.F) {
	for _, fr := range filterFrames(f) {
		f.Add(fr.frame, uint16(8080), uint16(100), uint32(0x0a000001), uint8(8), uint8(0xff))
	}
	f.Fuzz(func(t *testing.T, frame []byte, port, vlan uint16, host uint32, bits, kinds uint8) {
		var flt Filter
		h := netip.AddrFrom4([4]byte{byte(host >> 24), byte(host >> 16), byte(host >> 8), byte(host)})
		if kinds&1 != 0 {
			flt.Ports = []uint16{port, port ^ 1}
		}
		if kinds&2 != 0 {
			flt.Hosts = []netip.Addr{h, netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: byte(host)})}
		}
		if kinds&4 != 0 {
			p4, _ := h.Prefix(int(bits % 33))
			a6 := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 4: byte(host >> 8), 5: byte(host)})
			p6, _ := a6.Prefix(int(bits) % 129)
			flt.Nets = []netip.Prefix{p4, p6}
		}
		if kinds&8 != 0 {
			flt.VLANs = []uint16{vlan & 0xfff}
		}
		raw, err := flt.BPF()
		if err != nil {
			t.Fatalf("filter %+v: %v", flt, err)
		}
		vm := newVM(t, raw)
		n, err := vm.Run(frame)
		if err != nil {
			t.Fatalf("vm: %v", err)
		}
		d := NewDecoder(DecoderOptions{})
		var seg Segment
		if !d.Decode(frame, gopacket.CaptureInfo{}, layers.LinkTypeEthernet, &seg) {
			return
		}
		if seg.Tunnel != 0 || d.Stats.Tunneled != 0 || d.Stats.Fragments != 0 || seg.VLANDepth > BPFMaxVLANDepth {
			return
		}
		if seg.Src.Is6() && d.ip6.NextHeader != layers.IPProtocolTCP {
			return
		}
		if got, want := n > 0, flt.Match(&seg); got != want {
			t.Fatalf("filter %+v: BPF accepts %v, Match %v (segment %v > %v ports %d > %d vlan %x/%d)", flt, got, want,
				seg.Src, seg.Dst, seg.TCP.SrcPort, seg.TCP.DstPort, seg.VLAN, seg.VLANDepth)
		}
	})
}
